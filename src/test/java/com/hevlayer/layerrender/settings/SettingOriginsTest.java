package com.hevlayer.layerrender.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hevlayer.layerrender.model.AuthMode;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** explain's "where was this setting decided" agrees with the precedence the settings are resolved with. */
class SettingOriginsTest {
    private static final SourceDoc STORE = load("""
                    apiVersion: hevlayer.com/v1alpha1
                    kind: VectorStore
                    metadata:
                      name: primary
                    spec:
                      inboundAuth:
                        mode: keys
                      credential:
                        secretRef:
                          name: tpuf
                          key: api-key
                    """);

    private static SourceDoc load(String text) {
        try {
            return new YamlLoader(Limits.DEFAULT).load("store.yaml", text).get(0);
        } catch (com.hevlayer.layerrender.yaml.YamlException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theHighestLayerThatSetsASettingDecidesIt() {
        List<String> sources = List.of("environment", "Argo CD plugin env", "Argo CD parameters", "flags");
        // every subset of the four layers setting the base URL: the last one given wins, and is named
        for (int mask = 0; mask < 16; mask++) {
            List<SettingsLayer> layers = new ArrayList<>();
            String want = "default";
            String value = GatewaySettings.DEFAULT_BASE_URL;
            for (int i = 0; i < sources.size(); i++) {
                SettingsLayer l = SettingsLayer.empty(sources.get(i));
                if ((mask & (1 << i)) != 0) {
                    value = "http://gw-" + i + ".example:8080";
                    l = l.withBaseUrl(value);
                    want = SettingOrigins.nameIn(sources.get(i), FrontEndSettings.BASE_URL);
                }
                layers.add(l);
            }
            Map<String, SettingOrigins.Decided> origins = SettingOrigins.of(null, layers);
            assertEquals(want, origins.get(FrontEndSettings.BASE_URL).where(), "layers " + mask);
            assertEquals(value, GatewaySettings.resolve(null, layers).baseUrl(), "layers " + mask);
        }
    }

    @Test
    void eachSourceIsNamedAsTheUserWroteIt() {
        assertEquals("flag --gateway-base-url", SettingOrigins.nameIn("flags", FrontEndSettings.BASE_URL));
        assertEquals(
                "environment variable GATEWAY_API_SECRET_NAME",
                SettingOrigins.nameIn("environment", FrontEndSettings.SECRET_NAME));
        assertEquals(
                "Argo CD plugin env ARGOCD_ENV_SCALING_SIGNAL",
                SettingOrigins.nameIn("Argo CD plugin env", FrontEndSettings.SCALING_SIGNAL));
        assertEquals(
                "Argo CD CMP parameter auth-mode",
                SettingOrigins.nameIn("Argo CD parameters", FrontEndSettings.AUTH_MODE));
        assertEquals(
                "KRM functionConfig metrics-server",
                SettingOrigins.nameIn("functionConfig", FrontEndSettings.METRICS_SERVER));
    }

    @Test
    void theDefaultVectorStoreDecidesModeAndCredentialOnlyWhereNoLayerDoes() {
        Map<String, SettingOrigins.Decided> fromStore = SettingOrigins.of(STORE, List.of(SettingsLayer.empty("flags")));
        assertEquals(
                "store.yaml:7:5",
                fromStore.get(FrontEndSettings.AUTH_MODE).position().toString());
        // keys mode (from the store): the store's secretRef is not taken, the keys mode's default key is
        assertEquals("default", fromStore.get(FrontEndSettings.SECRET_NAME).where());
        assertEquals(
                "default of keys mode",
                fromStore.get(FrontEndSettings.SECRET_KEY).where());

        List<SettingsLayer> derive =
                List.of(SettingsLayer.empty("environment").withAuthMode(AuthMode.DERIVE_FROM_STORE));
        Map<String, SettingOrigins.Decided> derived = SettingOrigins.of(STORE, derive);
        assertEquals(
                "environment variable GATEWAY_AUTH_MODE",
                derived.get(FrontEndSettings.AUTH_MODE).where());
        assertEquals(
                "store.yaml:10:7",
                derived.get(FrontEndSettings.SECRET_NAME).position().toString());
        assertEquals(
                "store.yaml:11:7",
                derived.get(FrontEndSettings.SECRET_KEY).position().toString());
        GatewaySettings resolved = GatewaySettings.resolve(StoreCredential.of(STORE.root()), derive);
        assertEquals("tpuf", resolved.secretName());
        assertEquals("api-key", resolved.secretKey());

        List<SettingsLayer> named = List.of(SettingsLayer.empty("flags")
                .withAuthMode(AuthMode.DERIVE_FROM_STORE)
                .withSecretName("mine"));
        assertEquals(
                "flag --gateway-secret-name",
                SettingOrigins.of(STORE, named)
                        .get(FrontEndSettings.SECRET_NAME)
                        .where());
    }
}
