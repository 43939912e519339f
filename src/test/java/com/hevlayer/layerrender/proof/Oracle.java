package com.hevlayer.layerrender.proof;

import static com.hevlayer.layerrender.proof.Gen.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The test's own reading of the SPEC, written independently of src/main: the built-in pools
 * (SPEC §1 table), pool choice (§3.1), settings precedence (§1), the replica table (§3.2), the
 * injected env (§3.3). Properties compare the renderer's output with it.
 */
final class Oracle {
    private Oracle() {}

    static List<ObjectNode> builtinPools() {
        ObjectNode cpuSel =
                F.objectNode().put("layer.hev.dev/node-role", "worker-cpu").put("layer.hev.dev/compute", "cpu");
        ObjectNode gpuSel =
                F.objectNode().put("layer.hev.dev/node-role", "worker-gpu").put("layer.hev.dev/compute", "gpu");
        ArrayNode cpuTol = F.arrayNode();
        cpuTol.addObject()
                .put("key", "layer.hev.dev/node-role")
                .put("operator", "Equal")
                .put("value", "worker-cpu")
                .put("effect", "NoSchedule");
        ArrayNode gpuTol = F.arrayNode();
        gpuTol.addObject()
                .put("key", "layer.hev.dev/node-role")
                .put("operator", "Equal")
                .put("value", "worker-gpu")
                .put("effect", "NoSchedule");
        gpuTol.addObject()
                .put("key", "nvidia.com/gpu")
                .put("operator", "Exists")
                .put("effect", "NoSchedule");
        return List.of(
                pool(
                        "cpu",
                        "cpu",
                        cpuSel,
                        cpuTol,
                        F.objectNode().put("cpu", "1").put("memory", "2Gi"),
                        F.objectNode().put("cpu", "2").put("memory", "4Gi"),
                        32),
                pool(
                        "cpu-large",
                        "cpu",
                        cpuSel,
                        cpuTol,
                        F.objectNode().put("cpu", "1").put("memory", "2Gi").put("ephemeral-storage", "35Gi"),
                        F.objectNode().put("cpu", "4").put("memory", "4Gi").put("ephemeral-storage", "40Gi"),
                        8),
                pool(
                        "gpu",
                        "gpu",
                        gpuSel,
                        gpuTol,
                        F.objectNode().put("cpu", "250m").put("memory", "4Gi").put("nvidia.com/gpu", "1"),
                        F.objectNode().put("cpu", "2").put("memory", "10Gi").put("nvidia.com/gpu", "1"),
                        4));
    }

    private static ObjectNode pool(
            String name, String kind, ObjectNode sel, ArrayNode tol, ObjectNode req, ObjectNode lim, int max) {
        ObjectNode p = F.objectNode().put("name", name).put("kind", kind);
        p.set("nodeSelector", sel.deepCopy());
        p.set("tolerations", tol.deepCopy());
        ObjectNode res = p.putObject("resources");
        res.set("requests", req);
        res.set("limits", lim);
        p.put("maxReplicasPerWorkload", max);
        return p;
    }

    /** SPEC §3.1 without scaling.pool: the pool named like the class, else the first of that kind. */
    static ObjectNode poolFor(String cls, List<ObjectNode> pools) {
        for (ObjectNode p : pools) {
            if (p.get("name").asText().equals(cls)) {
                return p;
            }
        }
        for (ObjectNode p : pools) {
            if (p.get("kind").asText().equals(cls)) {
                return p;
            }
        }
        return null;
    }

    static List<ObjectNode> pools(List<? extends JsonNode> docs) {
        for (JsonNode d : docs) {
            if ("InfraRules".equals(d.path("kind").asText())) {
                List<ObjectNode> out = new ArrayList<>();
                d.at("/spec/computePools").forEach(p -> out.add((ObjectNode) p));
                return out;
            }
        }
        return builtinPools();
    }

    static ObjectNode chosenPool(JsonNode pipeline, List<ObjectNode> pools) {
        JsonNode named = pipeline.at("/spec/scaling/pool");
        if (named.isTextual()) {
            for (ObjectNode p : pools) {
                if (p.get("name").asText().equals(named.asText())) {
                    return p;
                }
            }
            return null;
        }
        return poolFor(pipeline.at("/spec/worker/computeClass").asText("cpu"), pools);
    }

    /** The resolved gateway settings, SPEC §1 precedence. */
    record Settings(String baseUrl, String metrics, String secretName, String secretKey, String mode, int ceiling) {
        boolean open() {
            return mode.equals("open");
        }

        /**
         * KEDA's queries carry the gateway credential: not in open mode, and only to the gateway's own
         * {@code /v2/metrics} (issue 15): the base URL's scheme, host and port, its path plus {@code /v2/metrics}.
         */
        boolean kedaAuth() {
            if (open()) {
                return false;
            }
            java.net.URI b = java.net.URI.create(baseUrl);
            java.net.URI m = java.net.URI.create(metrics);
            java.util.function.ToIntFunction<java.net.URI> port =
                    u -> u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            return b.getScheme().equalsIgnoreCase(m.getScheme())
                    && b.getHost().equalsIgnoreCase(m.getHost())
                    && port.applyAsInt(b) == port.applyAsInt(m)
                    && m.getQuery() == null
                    && (b.getRawPath().replaceAll("/+$", "") + "/v2/metrics")
                            .equals(m.getRawPath().replaceAll("/+$", ""));
        }
    }

    static Settings settings(Scenario s) {
        JsonNode store = null;
        List<JsonNode> stores = new ArrayList<>();
        for (JsonNode d : s.docs()) {
            if ("VectorStore".equals(d.path("kind").asText())) {
                stores.add(d);
                if (d.at("/spec/default").asBoolean(false) && store == null) {
                    store = d;
                }
            }
        }
        if (store == null && stores.size() == 1) {
            store = stores.get(0);
        }
        String storeMode = store != null ? store.at("/spec/inboundAuth/mode").asText(null) : null;
        if ("open".equals(storeMode)) {
            storeMode = null; // a VectorStore among the inputs cannot switch the credential off (docs/fidelity.md)
        }
        String mode = first(s, "GATEWAY_AUTH_MODE", storeMode, "deriveFromStore");
        String base = first(s, "GATEWAY_BASE_URL", null, "http://layer-gateway.layer.svc.cluster.local:8080");
        String metrics = first(s, "DEFAULT_METRICS_SERVER", null, base.replaceAll("/+$", "") + "/v2/metrics");
        boolean fromStore = mode.equals("deriveFromStore") && store != null;
        String name = first(
                s,
                "GATEWAY_API_SECRET_NAME",
                fromStore ? store.at("/spec/credential/secretRef/name").asText(null) : null,
                "layer");
        String key = first(
                s,
                "GATEWAY_API_SECRET_KEY",
                fromStore ? store.at("/spec/credential/secretRef/key").asText(null) : null,
                mode.equals("keys") ? "layer-inbound-worker-api-key" : "turbopuffer-api-key");
        int ceiling = Integer.parseInt(first(s, "MAX_REPLICAS_CEILING", null, "100"));
        return new Settings(base, metrics, name, key, mode, ceiling);
    }

    private static String first(Scenario s, String key, String fromStore, String dflt) {
        if (s.flags().containsKey(key)) return s.flags().get(key);
        if (s.env().containsKey(key)) return s.env().get(key);
        if (fromStore != null) return fromStore;
        return dflt;
    }

    /** SPEC §3.2: the Deployment's replicas (null: omitted) and whether KEDA objects exist. */
    record Replicas(Integer replicas, boolean keda) {}

    static Replicas replicas(JsonNode pipeline) {
        JsonNode spec = pipeline.get("spec");
        if (spec.path("paused").asBoolean(false)) {
            return new Replicas(0, false);
        }
        switch (spec.at("/scaling/mode").asText("autoscale")) {
            case "disabled":
                return new Replicas(0, false);
            case "fixed":
                return new Replicas(spec.at("/scaling/replicas/min").asInt(0), false);
            default:
                return new Replicas(null, true);
        }
    }

    static String pipelineId(JsonNode pipeline) {
        return pipeline.at("/spec/pipelineId")
                .asText(pipeline.at("/metadata/name").asText());
    }

    /** The injected env, SPEC §3.3, in order. */
    static ArrayNode injectedEnv(JsonNode pipeline, Settings s) {
        ArrayNode env = F.arrayNode();
        JsonNode spec = pipeline.get("spec");
        env.addObject().put("name", "HEVLAYER_PIPELINE_ID").put("value", pipelineId(pipeline));
        env.addObject()
                .put("name", "HEVLAYER_TARGET_NAMESPACE")
                .put("value", spec.at("/target/namespace").asText());
        env.addObject().put("name", "HEVLAYER_BASE_URL").put("value", s.baseUrl());
        if (spec.has("sourceRef")) {
            env.addObject()
                    .put("name", "HEVLAYER_SOURCE_REF")
                    .put("value", Scenario.compact(keysInCodePointOrder(spec.get("sourceRef"))));
        }
        env.addObject()
                .put("name", "HEVLAYER_BATCH_SIZE")
                .put("value", spec.at("/worker/batchSize").asText("32"));
        env.addObject()
                .put("name", "HEVLAYER_TIMEOUT_SECONDS")
                .put("value", spec.at("/worker/timeoutSeconds").asText("30"));
        if (!s.open()) {
            ObjectNode ref = env.addObject()
                    .put("name", "LAYER_GATEWAY_API_KEY")
                    .putObject("valueFrom")
                    .putObject("secretKeyRef");
            ref.put("key", s.secretKey()).put("name", s.secretName());
        }
        return env;
    }

    static BigDecimal amount(String q) {
        return Quantity.getAmountInBytes(Quantity.parse(q));
    }

    /** The same quantity in another notation (1 → 1000m), which a patch may write. */
    static String sameQuantityOtherNotation(String q) {
        BigDecimal milli = amount(q).multiply(BigDecimal.valueOf(1000)).stripTrailingZeros();
        if (milli.scale() <= 0) {
            return milli.toPlainString() + "m";
        }
        return amount(q).stripTrailingZeros().toPlainString();
    }

    /** Equal JSON with numbers compared by value and object keys compared in order. */
    /**
     * sourceRef as a Pipeline read back from the API server holds it: object keys sorted as Go sorts map
     * keys (bytewise UTF-8, i.e. by code point), arrays in order.
     */
    static JsonNode keysInCodePointOrder(JsonNode n) {
        if (n.isObject()) {
            java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>((x, y) -> {
                int[] a = x.codePoints().toArray();
                int[] b = y.codePoints().toArray();
                return java.util.Arrays.compare(a, b);
            });
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), keysInCodePointOrder(e.getValue())));
            com.fasterxml.jackson.databind.node.ObjectNode o =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            sorted.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> a.add(keysInCodePointOrder(x)));
            return a;
        }
        return n;
    }

    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 && a.isIntegralNumber() == b.isIntegralNumber();
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> ia = a.fields();
            Iterator<Map.Entry<String, JsonNode>> ib = b.fields();
            while (ia.hasNext()) {
                Map.Entry<String, JsonNode> ea = ia.next();
                Map.Entry<String, JsonNode> eb = ib.next();
                if (!ea.getKey().equals(eb.getKey()) || !sameJson(ea.getValue(), eb.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
