package com.hevlayer.layerrender.settings;

import com.hevlayer.layerrender.model.AuthMode;

/**
 * Gateway settings from one source (environment, front-end configuration, flags); null means
 * "not set here". {@link GatewaySettings#resolve} stacks them; {@link FrontEndSettings} reads them. A layer
 * of a few settings is {@code SettingsLayer.empty(source).withMaxReplicasCeiling(3)...}.
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
    public static SettingsLayer empty(String source) {
        return new SettingsLayer(source, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public SettingsLayer withBaseUrl(String v) {
        return new SettingsLayer(
                source,
                v,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withMetricsServer(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                v,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withSecretName(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                v,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withSecretKey(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                v,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withAuthMode(AuthMode v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                v,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withMaxReplicasCeiling(Integer v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                v,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withPodSecurityLevel(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                v,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withScheduleTimeZone(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                v,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withMetricsSecretName(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                v,
                metricsSecretKey,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withMetricsSecretKey(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                v,
                scalingSignal,
                secretNamespace);
    }

    public SettingsLayer withScalingSignal(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                v,
                secretNamespace);
    }

    public SettingsLayer withSecretNamespace(String v) {
        return new SettingsLayer(
                source,
                baseUrl,
                metricsServer,
                secretName,
                secretKey,
                authMode,
                maxReplicasCeiling,
                podSecurityLevel,
                scheduleTimeZone,
                metricsSecretName,
                metricsSecretKey,
                scalingSignal,
                v);
    }
}
