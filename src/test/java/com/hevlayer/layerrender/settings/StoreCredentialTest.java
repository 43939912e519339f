package com.hevlayer.layerrender.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.model.AuthMode;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default store's credential rule: its secretRef in deriveFromStore mode; its open mode never taken, and said so. */
class StoreCredentialTest {
    static SourceDoc store(String mode) throws Exception {
        return new YamlLoader(Limits.DEFAULT)
                .load(
                        "s.yaml",
                        ("apiVersion: hevlayer.com/v1alpha1\nkind: VectorStore\n"
                                        + "metadata: {name: tpuf, namespace: layer}\nspec:\n  credential: {secretRef: {name: tpuf, key: api-key}}\n"
                                        + "  inboundAuth: {mode: " + mode + "}\n")
                                .getBytes(StandardCharsets.UTF_8))
                .get(0);
    }

    @Test
    void openFromAStoreIsDroppedWithAWarning() throws Exception {
        List<Problem> problems = new ArrayList<>();
        GatewaySettings s = StoreCredential.resolve(store("open"), List.of(), problems);
        assertEquals(AuthMode.DERIVE_FROM_STORE, s.authMode());
        assertEquals("tpuf", s.secretName());
        assertEquals("api-key", s.secretKey());
        assertEquals(1, problems.size());
        assertEquals(Code.OPEN_AUTH_NOT_TAKEN, problems.get(0).code());
        assertEquals(Problem.Severity.WARNING, problems.get(0).severity());
        assertEquals("VectorStore layer/tpuf", problems.get(0).ref().label());
    }

    @Test
    void openFromThePlatformNeedsNoWarning() throws Exception {
        List<Problem> problems = new ArrayList<>();
        SettingsLayer env = SettingsLayer.empty("environment").withAuthMode(AuthMode.OPEN);
        assertEquals(
                AuthMode.OPEN,
                StoreCredential.resolve(store("open"), List.of(env), problems).authMode());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void keysFromAStoreUsesTheKeysSecretKey() throws Exception {
        List<Problem> problems = new ArrayList<>();
        GatewaySettings s = StoreCredential.resolve(store("keys"), List.of(), problems);
        assertEquals(AuthMode.KEYS, s.authMode());
        assertEquals(GatewaySettings.DEFAULT_SECRET_NAME, s.secretName());
        assertEquals(GatewaySettings.DEFAULT_KEYS_SECRET_KEY, s.secretKey());
        assertTrue(problems.isEmpty());
    }
}
