package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What keeps Argo CD (and KEDA) calm: no replicas on autoscaled Deployments, no churn between runs,
 * no Argo CD tracking label, no ownerReferences, no creationTimestamp: null, no empty maps, lists,
 * strings or env values anywhere in what is rendered.
 */
class PruneSafetyTest {
    static final Map<String, String> ARGO = Map.of("ARGOCD_APP_NAMESPACE", "layer");

    @ParameterizedTest
    @ValueSource(strings = {"samples", "examples/argocd/pipelines", "examples/argocd/mixed"})
    void renderedOutputIsDiffAndPruneSafe(String folder) throws Exception {
        InProcess.Result first = CliTest.run("", ARGO, "render", "--argocd", folder);
        assertEquals(0, first.code(), first.err());
        assertEquals(
                first.out(), CliTest.run("", ARGO, "render", "--argocd", folder).out(), "two runs, same bytes");
        int autoscaled = 0;
        for (SourceDoc d : new YamlLoader(Limits.DEFAULT).load("out", first.out())) {
            JsonNode o = d.root();
            if (!"layer-render"
                    .equals(o.path("metadata")
                            .path("labels")
                            .path("app.kubernetes.io/managed-by")
                            .asText())) {
                continue; // passed through: not ours to judge
            }
            String id = o.path("kind").asText() + " "
                    + o.path("metadata").path("name").asText();
            assertFalse(
                    o.path("metadata").has("ownerReferences"), id + ": ownerReferences make Argo CD skip the object");
            assertFalse(first.out().contains("creationTimestamp"), id);
            assertFalse(o.has("status"), id);
            assertFalse(o.toString().contains("app.kubernetes.io/instance"), id + ": Argo CD's tracking label");
            noEmpties(o, id);
            if (o.path("kind").asText().equals("ScaledObject")) {
                autoscaled++;
                String target =
                        o.path("spec").path("scaleTargetRef").path("name").asText();
                boolean found = false;
                for (SourceDoc e : new YamlLoader(Limits.DEFAULT).load("out", first.out())) {
                    if (e.root().path("kind").asText().equals("Deployment")
                            && e.root().path("metadata").path("name").asText().equals(target)) {
                        found = true;
                        assertFalse(e.root().path("spec").has("replicas"), target + ": KEDA's HPA owns replicas");
                    }
                }
                assertTrue(found, target);
            }
        }
        assertTrue(autoscaled > 0, "the folder should hold an autoscaled Pipeline");
    }

    static void noEmpties(JsonNode n, String where) {
        if (n.isNull()) {
            fail(where + ": null");
        } else if (n.isTextual() && n.asText().isEmpty()) {
            fail(where + ": empty string");
        } else if ((n.isObject() || n.isArray()) && n.size() == 0 && !where.endsWith(".emptyDir")) {
            // emptyDir: {} is Kubernetes' way to say "an emptyDir with defaults"; the API server keeps it, so no diff
            fail(where + ": empty " + (n.isObject() ? "map" : "list"));
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                noEmpties(e.getValue(), where + "." + e.getKey());
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                JsonNode item = n.get(i);
                if (item.has("name")
                        && item.has("value")
                        && item.path("value").asText().isEmpty()) {
                    fail(where + "[" + i + "]: empty env value");
                }
                noEmpties(item, where + "[" + i + "]");
            }
        }
    }
}
