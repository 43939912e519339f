package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.render.ModelJson;
import com.hevlayer.layerrender.render.StrategicMerge;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlLoader;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelJson} writes a patched pod spec as fabric8 would after reading it into a PodSpec,
 * without the PodSpec. Held to Jackson itself: on generated patches and on the same patches with a
 * value broken, ModelJson either gives exactly Jackson's tree or declines (null) — and it declines
 * every tree Jackson refuses, so no patch Jackson would reject slips through.
 */
class ModelJsonTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Jackson's answer: the tree after a round trip through PodSpec, or null when Jackson refuses it. */
    private static JsonNode jackson(ObjectNode tree) {
        try {
            return Json.MAPPER.valueToTree(Json.MAPPER.treeToValue(tree, PodSpec.class));
        } catch (Exception e) {
            return null;
        }
    }

    private static ObjectNode merged(Gen g) throws StrategicMerge.PatchException {
        ObjectNode pool = g.pool("p");
        ObjectNode base = F.objectNode();
        ObjectNode worker =
                base.putArray("containers").addObject().put("name", "worker").put("image", "img");
        worker.putArray("env").addObject().put("name", "HEVLAYER_PIPELINE_ID").put("value", "id");
        if (pool.has("resources")) {
            worker.set("resources", pool.get("resources").deepCopy());
        }
        if (pool.has("nodeSelector")) {
            base.set("nodeSelector", pool.get("nodeSelector").deepCopy());
        }
        if (pool.has("tolerations")) {
            base.set("tolerations", pool.get("tolerations").deepCopy());
        }
        return StrategicMerge.apply(base, g.podSpec(pool, "id"));
    }

    @Test
    void generatedPatchesAreWrittenExactlyAsJacksonWritesThem() {
        AtomicInteger declined = new AtomicInteger();
        int n = Property.forAll("ModelJson agrees with Jackson", r -> r, r -> List.of(), r -> {
            ObjectNode tree = merged(new Gen(r));
            JsonNode expected = jackson(tree);
            assertNotNull(expected, "a valid generated patch that Jackson refuses: " + tree);
            ObjectNode actual = ModelJson.normalize(tree, PodSpec.class);
            if (actual == null) {
                declined.incrementAndGet();
            } else {
                assertEquals(expected, actual, "input: " + tree);
                assertEquals(expected.toString(), actual.toString(), "same tree, other field order; input: " + tree);
            }
        });
        // the fast path must be the path: declining is for what Jackson would coerce or refuse
        assertTrue(declined.get() <= n / 100, declined.get() + " of " + n + " generated pod specs declined");
    }

    /**
     * {@link ModelJson#tree}: every object the engine renders for generated scenarios (every mode, pool,
     * source, credential and VectorStore form the generator makes) is the tree Jackson writes, field for
     * field and in the same order, and none is declined: declining would only be slower, but then the
     * fast path would not be the path.
     */
    @Test
    void everyRenderedObjectIsWrittenExactlyAsJacksonWritesIt() {
        AtomicInteger objects = new AtomicInteger();
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        Property.forAll("ModelJson.tree agrees with Jackson", r -> new Gen(r).scenario(), r -> List.of(), s -> {
            for (var o : Harness.run(s).objects()) {
                JsonNode expected = Json.MAPPER.valueToTree(o.object());
                ObjectNode actual = ModelJson.tree(o.object());
                assertNotNull(actual, "declined a rendered " + o.object().getKind() + ": " + expected);
                assertEquals(expected, actual);
                assertEquals(expected.toString(), actual.toString(), "same tree, other field order");
                objects.incrementAndGet();
                synchronized (kinds) {
                    kinds.add(o.object().getKind());
                }
            }
        });
        assertTrue(objects.get() > 0, "no object rendered; the check proves nothing");
        assertEquals(java.util.Set.of("Deployment", "ScaledObject", "Service", "TriggerAuthentication"), kinds);
    }

    @Test
    void aModelValueTreeDoesNotKnowIsLeftToJackson() {
        var withNull = new io.fabric8.kubernetes.api.model.ObjectMeta();
        withNull.setName("n");
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        labels.put("a", null);
        withNull.setLabels(labels);
        assertNull(ModelJson.tree(withNull), "a null map value: Jackson's inclusion rules decide");
        var quantity = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250", "m"))
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .build();
        assertEquals(
                Json.MAPPER.valueToTree(quantity).toString(),
                ModelJson.tree(quantity).toString());
        var port = new io.fabric8.kubernetes.api.model.ServicePortBuilder()
                .withPort(80)
                .withNewTargetPort("http")
                .build();
        assertEquals(
                Json.MAPPER.valueToTree(port).toString(), ModelJson.tree(port).toString());
    }

    @Test
    void aBrokenValueIsEitherWrittenAsJacksonWritesItOrDeclined() {
        AtomicInteger refusedByJackson = new AtomicInteger();
        Property.forAll("ModelJson with a broken value", r -> r, r -> List.of(), r -> {
            ObjectNode tree = merged(new Gen(r));
            List<JsonNode> values = new ArrayList<>();
            collect(tree, values);
            JsonNode target = values.get(r.nextInt(values.size()));
            replace(tree, target, broken(r));
            JsonNode expected = jackson(tree);
            ObjectNode actual = ModelJson.normalize(tree, PodSpec.class);
            if (expected == null) {
                refusedByJackson.incrementAndGet();
                assertNull(actual, "Jackson refuses this, ModelJson wrote it: " + tree);
            } else if (actual != null) {
                assertEquals(expected.toString(), actual.toString(), "input: " + tree);
            }
        });
        assertTrue(refusedByJackson.get() > 0, "no broken value was one Jackson refuses; the check proves nothing");
    }

    @Test
    void valuesJacksonConvertsAreConvertedTheSameWay() throws Exception {
        String yaml = """
                containers:
                - name: worker
                  image: img
                  ports: [{containerPort: 8080}]
                  resources:
                    requests: {cpu: 1, memory: 0.5, example.com/x: 1e3}
                    limits: {cpu: "2"}
                  readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 5}
                  livenessProbe: {httpGet: {path: /, port: http}}
                  args: []
                  command: [""]
                activeDeadlineSeconds: 30
                tolerations: [{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 5}]
                volumes:
                - name: v
                  emptyDir: {}
                - name: e
                  ephemeral:
                    volumeClaimTemplate:
                      metadata: {labels: {a: b}}
                      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                nodeSelector: {}
                hostname: ""
                """;
        ObjectNode tree = (ObjectNode)
                new YamlLoader(Limits.DEFAULT).load("t.yaml", yaml).get(0).root();
        ObjectNode actual = ModelJson.normalize(tree, PodSpec.class);
        assertNotNull(actual, "declined: " + tree);
        assertEquals(jackson(tree).toString(), actual.toString());
        assertEquals(
                "\"1\"",
                actual.at("/containers/0/resources/requests/cpu").toString(),
                "a number quantity is written as a string");
        assertTrue(actual.at("/containers/0/args").isMissingNode(), "an empty list is left out");
    }

    @Test
    void whatJacksonWouldCoerceOrRefuseIsDeclined() throws Exception {
        for (String yaml : List.of(
                "containers: [{name: w, image: i, ports: [{containerPort: 80.0}]}]", // float into an int
                "containers: [{name: w, image: i, ports: [{containerPort: 3000000000}]}]", // beyond int
                "containers: [{name: w, image: i, unknownField: 1}]", // additionalProperties
                "containers: [{name: w, image: 5}]", // number into a string
                "containers: [null]", // null element
                "nodeSelector: {a: null}")) { // null map value
            ObjectNode tree = (ObjectNode)
                    new YamlLoader(Limits.DEFAULT).load("t.yaml", yaml).get(0).root();
            assertNull(ModelJson.normalize(tree, PodSpec.class), yaml);
        }
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        n.forEach(c -> {
            out.add(c);
            collect(c, out);
        });
    }

    private static void replace(JsonNode n, JsonNode target, JsonNode with) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (o.get(k) == target) {
                    o.set(k, with);
                    return;
                }
                replace(o.get(k), target, with);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) == target) {
                    a.set(i, with);
                    return;
                }
                replace(a.get(i), target, with);
            }
        }
    }

    private static JsonNode broken(Random r) {
        switch (r.nextInt(12)) {
            case 0:
                return F.nullNode();
            case 1:
                return F.numberNode(1.5);
            case 2:
                return F.numberNode(7);
            case 3:
                return F.numberNode(new BigInteger("123456789012345678901234567890"));
            case 4:
                return F.numberNode(3_000_000_000L);
            case 5:
                return F.textNode("");
            case 6:
                return F.textNode("12");
            case 7:
                return F.booleanNode(true);
            case 8:
                return F.arrayNode();
            case 9:
                return F.objectNode();
            case 10:
                return F.arrayNode().add(F.nullNode());
            default:
                return F.objectNode().put("unknownField", "x");
        }
    }
}
