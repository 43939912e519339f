package com.hevlayer.layerrender.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.model.AuthMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad value of a read is reported, each naming its setting as its front end calls it; the good ones still count. */
class FrontEndSettingsTest {
    @Test
    void theEnvironmentReportsEveryBadValue() {
        FrontEndSettings.Read r = FrontEndSettings.environment(Map.of(
                "GATEWAY_BASE_URL",
                "ftp://x",
                "GATEWAY_AUTH_MODE",
                "closed",
                "MAX_REPLICAS_CEILING",
                "many",
                "GATEWAY_API_SECRET_NAME",
                "ok-name"));
        assertEquals(
                List.of(
                        "GATEWAY_BASE_URL=ftp://x is not an http(s) URL (e.g. http://layer-gateway.layer.svc.cluster.local:8080)",
                        "GATEWAY_AUTH_MODE=closed is not an auth mode (use deriveFromStore, keys or open)",
                        "MAX_REPLICAS_CEILING=many is not a whole number of at least 1"),
                r.errors());
        assertEquals("ok-name", r.layer().secretName());
        assertNull(r.layer().baseUrl());
    }

    @Test
    void flagsTakeValuesAsGivenAndAnEmptySecretIsAMistake() {
        Map<String, String> given = new HashMap<>();
        given.put(FrontEndSettings.SECRET_NAME, "");
        given.put(FrontEndSettings.SECRET_KEY, " ");
        given.put(FrontEndSettings.AUTH_MODE, "keys");
        FrontEndSettings.Read r = FrontEndSettings.flags(given);
        assertEquals(
                List.of("--gateway-secret-name must not be empty", "--gateway-secret-key must not be empty"),
                r.errors());
        assertEquals(AuthMode.KEYS, r.layer().authMode());
    }

    @Test
    void argoCdReportsEveryBadParameter() {
        ArgoCdSettings.Config c = ArgoCdSettings.read(
                Map.of(
                        "ARGOCD_ENV_GATEWAY_AUTH_MODE",
                        "closed",
                        "ARGOCD_APP_PARAMETERS",
                        "[{\"name\": \"gateway-base-ur\", \"string\": \"http://x\"}, {\"name\": \"auth-mode\", \"array\": []},"
                                + " {\"name\": \"max-replicas-ceiling\", \"string\": \"0\"}, {\"name\": \"infra-rules\", \"string\": \"r.yaml\"}]"));
        assertEquals(
                List.of(
                        "ARGOCD_ENV_GATEWAY_AUTH_MODE=closed is not an auth mode (use deriveFromStore, keys or open)",
                        "unknown plugin parameter \"gateway-base-ur\" (did you mean \"gateway-base-url\"?)",
                        "plugin parameter auth-mode takes a string, not a list or a map",
                        "parameter max-replicas-ceiling=0 is not a whole number of at least 1"),
                c.errors());
        assertEquals("r.yaml", c.infraRules());
    }

    @Test
    void aMisspeltPluginEnvGetsADidYouMeanLikeAParameter() {
        ArgoCdSettings.Config c = ArgoCdSettings.read(Map.of(
                "ARGOCD_ENV_GATEWAY_BASE_UR", "http://x",
                "ARGOCD_ENV_INFRA_RULES", "r.yaml",
                "ARGOCD_ENV_GATEWAY_AUTH_MODE", "open",
                "ARGOCD_ENV_ZZZ", "1",
                "ARGOCD_APP_NAME", "shop"));
        assertEquals(2, c.errors().size(), c.errors().toString());
        assertTrue(
                c.errors()
                        .get(0)
                        .startsWith("unknown plugin env ARGOCD_ENV_GATEWAY_BASE_UR (did you mean"
                                + " ARGOCD_ENV_GATEWAY_BASE_URL?; layer-render rule: "),
                c.errors().get(0));
        assertTrue(
                c.errors().get(1).startsWith("unknown plugin env ARGOCD_ENV_ZZZ (known: ARGOCD_ENV_GATEWAY_BASE_URL, "),
                c.errors().get(1));
        assertTrue(
                c.errors().get(1).contains("ARGOCD_ENV_INFRA_RULES, ARGOCD_ENV_EXCLUDE;"),
                c.errors().get(1));
        assertEquals(
                List.of(),
                ArgoCdSettings.read(Map.of("ARGOCD_ENV_INFRA_RULES", "r.yaml", "ARGOCD_ENV_EXCLUDE", "charts/"))
                        .errors());
    }

    @Test
    void theExcludesComeFromPluginEnvThenTheParameterAsAStringOrAList() {
        ArgoCdSettings.Config c = ArgoCdSettings.read(Map.of(
                "ARGOCD_ENV_EXCLUDE", " charts/ ,, values.yaml ",
                "ARGOCD_APP_PARAMETERS", "[{\"name\": \"exclude\", \"array\": [\"a/**\", \"b.json,c.json\"]}]"));
        assertEquals(List.of(), c.errors());
        assertEquals(List.of("charts/", "values.yaml", "a/**", "b.json", "c.json"), c.excludes());
        assertEquals(
                List.of("x.yaml"),
                ArgoCdSettings.excludes(
                        Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\": \"exclude\", \"string\": \"x.yaml\"}]")));
        assertEquals(
                List.of("plugin parameter exclude takes a string or a list, not a map"),
                ArgoCdSettings.read(
                                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\": \"exclude\", \"map\": {\"a\": \"b\"}}]"))
                        .errors());
    }

    @Test
    void theGatewaySecretNamespaceIsReadByEveryFrontEndAndMustBeANamespaceName() {
        assertEquals(
                "platform",
                FrontEndSettings.environment(Map.of("GATEWAY_API_SECRET_NAMESPACE", "platform"))
                        .layer()
                        .secretNamespace());
        assertEquals(
                "platform",
                FrontEndSettings.flags(Map.of(FrontEndSettings.SECRET_NAMESPACE, "platform"))
                        .layer()
                        .secretNamespace());
        ArgoCdSettings.Config c = ArgoCdSettings.read(
                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\": \"gateway-secret-namespace\", \"string\": \"gw\"}]"));
        assertEquals(List.of(), c.errors());
        assertEquals("gw", GatewaySettings.resolve(null, c.layers()).secretNamespace());
        FrontEndSettings.Read bad = FrontEndSettings.flags(Map.of(FrontEndSettings.SECRET_NAMESPACE, "Team_A"));
        assertEquals(1, bad.errors().size());
        assertEquals(
                true, bad.errors().get(0).startsWith("--gateway-secret-namespace=Team_A is not a namespace name: "));
        assertNull(bad.layer().secretNamespace());
    }
}
