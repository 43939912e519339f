package com.hevlayer.layerrender.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hevlayer.layerrender.model.AuthMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §1 precedence: defaults < default VectorStore < environment < front-end config < flags. */
class GatewaySettingsTest {
    static SettingsLayer layer(String url, String name, String key, AuthMode mode, Integer ceiling) {
        return SettingsLayer.empty("t")
                .withBaseUrl(url)
                .withSecretName(name)
                .withSecretKey(key)
                .withAuthMode(mode)
                .withMaxReplicasCeiling(ceiling);
    }

    @Test
    void defaults() {
        GatewaySettings s = GatewaySettings.resolve(null, List.of());
        assertEquals(
                new GatewaySettings(
                        "http://layer-gateway.layer.svc.cluster.local:8080",
                        "http://layer-gateway.layer.svc.cluster.local:8080/v2/metrics",
                        "layer",
                        "turbopuffer-api-key",
                        AuthMode.DERIVE_FROM_STORE,
                        100,
                        "baseline",
                        "UTC",
                        null,
                        "token",
                        "prometheus",
                        "layer"),
                s);
    }

    @Test
    void storeCredentialAppliesInDeriveFromStoreOnly() {
        StoreCredential store = new StoreCredential("tpuf", "k", null);
        assertEquals("tpuf", GatewaySettings.resolve(store, List.of()).secretName());
        GatewaySettings keys = GatewaySettings.resolve(store, List.of(layer(null, null, null, AuthMode.KEYS, null)));
        assertEquals("layer", keys.secretName());
        assertEquals("layer-inbound-worker-api-key", keys.secretKey());
    }

    @Test
    void storeModeIsBelowEnvironmentWhichIsBelowFlags() {
        StoreCredential store = new StoreCredential(null, null, AuthMode.OPEN);
        assertEquals(AuthMode.OPEN, GatewaySettings.resolve(store, List.of()).authMode());
        GatewaySettings s = GatewaySettings.resolve(
                store,
                List.of(
                        layer("http://env:1", "env-secret", null, AuthMode.KEYS, 10),
                        layer("http://flag:2/", null, null, null, 20)));
        assertEquals(AuthMode.KEYS, s.authMode());
        assertEquals("http://flag:2/", s.baseUrl());
        assertEquals("http://flag:2/v2/metrics", s.metricsServer());
        assertEquals("env-secret", s.secretName());
        assertEquals(20, s.maxReplicasCeiling());
    }

    @Test
    void explicitSecretBeatsTheStore() {
        StoreCredential store = new StoreCredential("tpuf", "k", null);
        GatewaySettings s = GatewaySettings.resolve(store, List.of(layer(null, "mine", "mykey", null, null)));
        assertEquals("mine", s.secretName());
        assertEquals("mykey", s.secretKey());
    }

    @Test
    void theGatewaySecretsNamespaceIsTheBaseUrlsUnlessSetAndNoneForTheStoresSecret() {
        assertEquals("layer", GatewaySettings.resolve(null, List.of()).secretNamespace());
        for (String[] c : new String[][] {
            {"http://gw.platform.svc:9090", "platform"},
            {"https://layer-gateway.infra.svc.cluster.local", "infra"},
            {"http://gw.platform:9090", "layer"}, // no .svc: not a cluster Service name
            {"http://10.0.0.7:8080", "layer"},
            {"https://gateway.example.com", "layer"}
        }) {
            assertEquals(
                    c[1],
                    GatewaySettings.resolve(null, List.of(layer(c[0], null, null, null, null)))
                            .secretNamespace(),
                    c[0]);
        }
        SettingsLayer set = SettingsLayer.empty("t").withSecretNamespace("secrets");
        assertEquals(
                "secrets",
                GatewaySettings.resolve(null, List.of(layer("http://gw.platform.svc", null, null, null, null), set))
                        .secretNamespace());
        StoreCredential store = new StoreCredential("tpuf", "k", null);
        assertEquals(null, GatewaySettings.resolve(store, List.of()).secretNamespace(), "the store's own Secret");
        assertEquals(
                "layer",
                GatewaySettings.resolve(store, List.of(layer(null, "layer", null, null, null)))
                        .secretNamespace(),
                "a setting names the Secret: the gateway's");
    }
}
