package com.hevlayer.layerrender.settings;

import com.hevlayer.layerrender.model.AuthMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The resolved gateway settings every Pipeline is rendered with.
 *
 * <p>Precedence, lowest first: defaults, the default VectorStore (its inboundAuth.mode; its
 * credential.secretRef in deriveFromStore mode, see {@link StoreCredential}), environment, front-end
 * configuration, flags.
 *
 * @param secretNamespace the namespace of the gateway Secret {@code secretName} that workers elsewhere need a
 *     copy of (the setting, else the base URL's, see {@link #namespaceOf}); null when the Secret is the default
 *     VectorStore's (which lives beside the store and is not copied)
 */
public record GatewaySettings(
        String baseUrl,
        String metricsServer,
        String secretName,
        String secretKey,
        AuthMode authMode,
        int maxReplicasCeiling,
        String podSecurityLevel,
        String scheduleTimeZone,
        String metricsSecretName,
        String metricsSecretKey,
        String scalingSignal,
        String secretNamespace) {

    /** The time zone of every schedule's cron expression unless a setting names another: the vendor's CRD says UTC. */
    public static final String DEFAULT_SCHEDULE_TIME_ZONE = "UTC";

    /** Scale on the gateway's {@code layer_pipeline_stage_count} through a Prometheus-compatible server (default). */
    public static final String SIGNAL_PROMETHEUS = "prometheus";
    /** Scale on the gateway's {@code GET /v2/pipelines/{id}/status} counts with KEDA's metrics-api scaler. */
    public static final String SIGNAL_PIPELINE_STATUS = "pipeline-status";
    /** The key of {@code metrics-secret-name} unless {@code metrics-secret-key} names another. */
    public static final String DEFAULT_METRICS_SECRET_KEY = "token";
    /** The gateway's metrics route, below its base URL. */
    public static final String GATEWAY_METRICS_PATH = "/v2/metrics";

    /** The Pod Security Standards level a patched pod is checked against unless a setting says otherwise. */
    public static final String DEFAULT_POD_SECURITY_LEVEL = "baseline";

    public static final String DEFAULT_BASE_URL = "http://layer-gateway.layer.svc.cluster.local:8080";
    public static final String DEFAULT_SECRET_NAME = "layer";
    public static final String DEFAULT_SECRET_KEY = "turbopuffer-api-key";
    public static final String DEFAULT_KEYS_SECRET_KEY = "layer-inbound-worker-api-key";
    public static final int DEFAULT_MAX_REPLICAS_CEILING = 100;

    /** The gateway's namespace when the base URL does not name one. */
    public static final String DEFAULT_SECRET_NAMESPACE = "layer";

    /**
     * The gateway's namespace as its base URL names it: the second label of a cluster Service host
     * ({@code <service>.<namespace>.svc...}), else {@value #DEFAULT_SECRET_NAMESPACE}.
     */
    public static String namespaceOf(String baseUrl) {
        String host;
        try {
            host = baseUrl == null ? null : java.net.URI.create(baseUrl).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        String[] labels = host == null ? new String[0] : host.split("\\.");
        return labels.length >= 3 && labels[2].equals("svc") && !labels[1].isEmpty()
                ? labels[1]
                : DEFAULT_SECRET_NAMESPACE;
    }

    /** Whether the worker receives a credential and the trigger authenticates. */
    public boolean authenticated() {
        return authMode != AuthMode.OPEN;
    }

    /** Whether KEDA reads the gateway's pipeline status API instead of a Prometheus server. */
    public boolean pipelineStatusSignal() {
        return SIGNAL_PIPELINE_STATUS.equals(scalingSignal);
    }

    /**
     * Whether {@link #metricsServer()} is the gateway's own {@code /v2/metrics}: the same scheme, host and
     * port as {@link #baseUrl()} (a default port counts as written) and the path {@code <base path>/v2/metrics}.
     * Only then may the gateway's credential go with KEDA's queries, as the vendor's chart does (it attaches
     * its bearer TriggerAuthentication only when the server is the gateway).
     */
    public boolean metricsServerIsGateway() {
        if (metricsServer == null || !metricsServer.contains(GATEWAY_METRICS_PATH)) {
            return false; // its path cannot end in the gateway's (asked once per Pipeline: no URI parsed then)
        }
        URI base = uri(baseUrl);
        URI metrics = uri(metricsServer);
        if (base == null || metrics == null || base.getScheme() == null || base.getHost() == null) {
            return false;
        }
        String path = metrics.getRawPath() == null ? "" : stripTrailingSlashes(metrics.getRawPath());
        String basePath = base.getRawPath() == null ? "" : stripTrailingSlashes(base.getRawPath());
        return base.getScheme().equalsIgnoreCase(metrics.getScheme())
                && base.getHost().equalsIgnoreCase(metrics.getHost())
                && port(base) == port(metrics)
                && path.equals(basePath + GATEWAY_METRICS_PATH)
                && metrics.getRawQuery() == null;
    }

    private static URI uri(String s) {
        try {
            return s == null ? null : new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
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
        String metricsSecretName = null;
        String metricsSecretKey = null;
        String signal = null;
        String secretNamespace = null;
        for (SettingsLayer l : layers) {
            timeZone = l.scheduleTimeZone() != null ? l.scheduleTimeZone() : timeZone;
            metricsSecretName = l.metricsSecretName() != null ? l.metricsSecretName() : metricsSecretName;
            metricsSecretKey = l.metricsSecretKey() != null ? l.metricsSecretKey() : metricsSecretKey;
            signal = l.scalingSignal() != null ? l.scalingSignal() : signal;
            secretNamespace = l.secretNamespace() != null ? l.secretNamespace() : secretNamespace;
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
        // the default VectorStore's Secret (no setting names one) lives beside the store: nobody copies it
        boolean storeSecret = name == null && StoreCredential.fromStore(store, mode) && store.secretName() != null;
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
                timeZone != null ? timeZone : DEFAULT_SCHEDULE_TIME_ZONE,
                metricsSecretName,
                metricsSecretKey != null ? metricsSecretKey : DEFAULT_METRICS_SECRET_KEY,
                signal != null ? signal : SIGNAL_PROMETHEUS,
                storeSecret ? null : secretNamespace != null ? secretNamespace : namespaceOf(baseUrl));
    }

    public static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
