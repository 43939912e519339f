package com.hevlayer.layerrender.settings;

import com.hevlayer.layerrender.model.AuthMode;

/**
 * Gateway settings from one source (environment, front-end configuration, flags); null means
 * "not set here". {@link GatewaySettings#resolve} stacks them; {@link FrontEndSettings} reads them.
 */
public record SettingsLayer(
        String source,
        String baseUrl,
        String metricsServer,
        String secretName,
        String secretKey,
        AuthMode authMode,
        Integer maxReplicasCeiling,
        String podSecurityLevel,
        String scheduleTimeZone,
        String metricsSecretName,
        String metricsSecretKey,
        String scalingSignal,
        String secretNamespace) {

    public SettingsLayer(
            String source,
            String baseUrl,
            String metricsServer,
            String secretName,
            String secretKey,
            AuthMode authMode,
            Integer maxReplicasCeiling,
            String podSecurityLevel) {
        this(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                null,
                null,
                null,
                null,
                null);
    }

    public SettingsLayer(
            String source,
            String baseUrl,
            String metricsServer,
            String secretName,
            String secretKey,
            AuthMode authMode,
            Integer maxReplicasCeiling) {
        this(source, baseUrl, metricsServer, secretName, secretKey, authMode, maxReplicasCeiling, null);
    }

    public static SettingsLayer empty(String source) {
        return new SettingsLayer(source, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
