package com.hevlayer.layerrender.settings;

import com.hevlayer.layerrender.model.AuthMode;
import java.util.List;

/**
 * The resolved gateway settings every Pipeline is rendered with.
 *
 * <p>Precedence, lowest first: defaults, the default VectorStore (its inboundAuth.mode; its
 * credential.secretRef in deriveFromStore mode, see {@link StoreCredential}), environment, front-end
 * configuration, flags.
 */
public record GatewaySettings(
        String baseUrl,
        String metricsServer,
        String secretName,
        String secretKey,
        AuthMode authMode,
        int maxReplicasCeiling,
        String podSecurityLevel,
        String scheduleTimeZone) {

    /** The time zone of every schedule's cron expression unless a setting names another: the vendor's CRD says UTC. */
    public static final String DEFAULT_SCHEDULE_TIME_ZONE = "UTC";

    public GatewaySettings(
            String baseUrl,
            String metricsServer,
            String secretName,
            String secretKey,
            AuthMode authMode,
            int maxReplicasCeiling,
            String podSecurityLevel) {
        this(
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                DEFAULT_SCHEDULE_TIME_ZONE);
    }

    /** The Pod Security Standards level a patched pod is checked against unless a setting says otherwise. */
    public static final String DEFAULT_POD_SECURITY_LEVEL = "baseline";

    public GatewaySettings(
            String baseUrl,
            String metricsServer,
            String secretName,
            String secretKey,
            AuthMode authMode,
            int maxReplicasCeiling) {
        this(baseUrl, metricsServer, secretName, secretKey, authMode, maxReplicasCeiling, DEFAULT_POD_SECURITY_LEVEL);
    }

    public static final String DEFAULT_BASE_URL = "http://layer-gateway.layer.svc.cluster.local:8080";
    public static final String DEFAULT_SECRET_NAME = "layer";
    public static final String DEFAULT_SECRET_KEY = "turbopuffer-api-key";
    public static final String DEFAULT_KEYS_SECRET_KEY = "layer-inbound-worker-api-key";
    public static final int DEFAULT_MAX_REPLICAS_CEILING = 100;

    /** Whether the worker receives a credential and the trigger authenticates. */
    public boolean authenticated() {
        return authMode != AuthMode.OPEN;
    }

    /**
     * Stacks the layers (lowest precedence first) over the defaults and the default store.
     *
     * @param store the default VectorStore's settings, or null when there is none
     */
    public static GatewaySettings resolve(StoreCredential store, List<SettingsLayer> layers) {
        String baseUrl = null;
        String metrics = null;
        String name = null;
        String key = null;
        AuthMode mode = store == null ? null : store.inboundAuthMode();
        Integer ceiling = null;
        String podSecurity = null;
        String timeZone = null;
        for (SettingsLayer l : layers) {
            timeZone = l.scheduleTimeZone() != null ? l.scheduleTimeZone() : timeZone;
            podSecurity = l.podSecurityLevel() != null ? l.podSecurityLevel() : podSecurity;
            baseUrl = l.baseUrl() != null ? l.baseUrl() : baseUrl;
            metrics = l.metricsServer() != null ? l.metricsServer() : metrics;
            name = l.secretName() != null ? l.secretName() : name;
            key = l.secretKey() != null ? l.secretKey() : key;
            mode = l.authMode() != null ? l.authMode() : mode;
            ceiling = l.maxReplicasCeiling() != null ? l.maxReplicasCeiling() : ceiling;
        }
        mode = mode != null ? mode : AuthMode.DERIVE_FROM_STORE;
        baseUrl = baseUrl != null ? baseUrl : DEFAULT_BASE_URL;
        if (metrics == null) {
            metrics = stripTrailingSlashes(baseUrl) + "/v2/metrics";
        }
        name = name != null ? name : StoreCredential.secretName(store, mode);
        key = key != null ? key : StoreCredential.secretKey(store, mode);
        return new GatewaySettings(
                baseUrl,
                metrics,
                name,
                key,
                mode,
                ceiling != null ? ceiling : DEFAULT_MAX_REPLICAS_CEILING,
                podSecurity != null ? podSecurity : DEFAULT_POD_SECURITY_LEVEL,
                timeZone != null ? timeZone : DEFAULT_SCHEDULE_TIME_ZONE);
    }

    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
