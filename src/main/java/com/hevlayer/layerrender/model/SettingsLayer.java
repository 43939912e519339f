package com.hevlayer.layerrender.model;

/**
 * Gateway settings from one source (environment, front-end configuration, flags); null means
 * "not set here". {@link GatewaySettings#resolve} stacks them.
 */
public record SettingsLayer(String source, String baseUrl, String metricsServer, String secretName, String secretKey,
                            AuthMode authMode, Integer maxReplicasCeiling) {

    public static SettingsLayer empty(String source) {
        return new SettingsLayer(source, null, null, null, null, null, null);
    }
}
