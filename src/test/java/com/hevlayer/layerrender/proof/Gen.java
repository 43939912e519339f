package com.hevlayer.layerrender.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generators of valid inputs, driven by one seeded {@link Random}: Pipelines covering every field,
 * mode and pool route; InfraRules; VectorStores; gateway settings; podSpec patches that stay within
 * what the platform allows (SPEC §3.4). "Valid" is decided by the generator's own reading of the
 * SPEC, not by the code under test; {@link Oracle} holds the same reading for the checks.
 */
final class Gen {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String API = "hevlayer.com/v1alpha1";
    static final List<String> INJECTED = List.of(
            "HEVLAYER_PIPELINE_ID",
            "HEVLAYER_TARGET_NAMESPACE",
            "HEVLAYER_BASE_URL",
            "HEVLAYER_SOURCE_REF",
            "HEVLAYER_BATCH_SIZE",
            "HEVLAYER_TIMEOUT_SECONDS",
            "LAYER_GATEWAY_API_KEY");

    final Random r;

    Gen(Random r) {
        this.r = r;
    }

    boolean p(double probability) {
        return r.nextDouble() < probability;
    }

    int between(int lo, int hi) {
        return (int) (lo + Math.floorMod(r.nextLong(), (long) hi - lo + 1));
    }

    <T> T pick(List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    // ---- strings ------------------------------------------------------------------------------

    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String ALNUM = LOWER + "0123456789";

    /** A DNS-1123 label of 1..max characters. */
    String dnsLabel(int max) {
        int len = p(0.8) ? between(1, Math.min(12, max)) : between(1, max);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            boolean edge = i == 0 || i == len - 1;
            b.append(!edge && p(0.15) ? '-' : ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    /** A label value as the schema's pipelineId pattern allows. */
    String labelValue() {
        String inner = ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        int len = p(0.8) ? between(1, 16) : between(1, 63);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            boolean edge = i == 0 || i == len - 1;
            b.append(!edge && p(0.2) ? "-_.".charAt(r.nextInt(3)) : inner.charAt(r.nextInt(inner.length())));
        }
        return b.toString();
    }

    /** Strings a YAML 1.1 reader would take for something else, or that stress quoting and escaping. */
    static final List<String> TRICKY = List.of(
            "yes",
            "no",
            "on",
            "off",
            "y",
            "N",
            "true",
            "False",
            "null",
            "~",
            "",
            "0",
            "007",
            "0x1F",
            "0o17",
            "0b101",
            "1e3",
            "1.0",
            ".5",
            "-",
            "+1",
            ".inf",
            "-.Inf",
            ".NaN",
            "1_000",
            "12:30",
            "2024-01-02",
            "2024-01-02T03:04:05Z",
            "<<",
            "=",
            "---",
            "...",
            "- a",
            "? x",
            ": y",
            "a: b",
            "# c",
            "a #b",
            "&anchor",
            "*alias",
            "!tag",
            "%YAML",
            "@x",
            "`x`",
            "'",
            "\"",
            "\\",
            "{",
            "}",
            "[",
            "]",
            ",",
            "|",
            ">",
            " leading",
            "trailing ",
            "two  spaces",
            "tab\there",
            "line\nbreak",
            "cr\rlf",
            "\u00e9t\u00e9",
            "\u65e5\u672c",
            "\ud83d\ude00",
            "nel\u0085x",
            "ls\u2028x",
            "bell\u0007",
            "nul\u0000x",
            "bom\ufeffx",
            "del\u007fx",
            "x".repeat(200));

    String anyString() {
        if (p(0.3)) {
            return pick(TRICKY);
        }
        int len = between(0, 20);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int k = r.nextInt(10);
            if (k < 6) {
                b.append((char) between(0x20, 0x7e));
            } else if (k < 7) {
                b.append(pick(List.of("\n", "\t", " ", "\r\n")));
            } else if (k < 8) {
                b.append((char) between(0xa0, 0x2fff));
            } else if (k < 9) {
                b.appendCodePoint(between(0x1f300, 0x1f6ff));
            } else {
                b.append(pick(TRICKY));
            }
        }
        return b.toString();
    }

    String nonEmptyString() {
        String s = anyString();
        return s.isEmpty() ? "x" : s;
    }

    // ---- sourceRef: arbitrary JSON ------------------------------------------------------------

    ObjectNode jsonObject(int depth) {
        ObjectNode o = F.objectNode();
        int n = between(0, depth > 2 ? 2 : 5);
        for (int i = 0; i < n; i++) {
            String key = p(0.5)
                    ? pick(List.of("type", "queueUrl", "topic", "bucket", "region", "name", "spec"))
                    : anyString();
            if (!o.has(key)) {
                o.set(key, jsonValue(depth + 1));
            }
        }
        return o;
    }

    JsonNode jsonValue(int depth) {
        int k = r.nextInt(depth > 3 ? 7 : 9);
        switch (k) {
            case 0:
                return F.textNode(anyString());
            case 1:
                return F.textNode(pick(TRICKY));
            case 2:
                return F.numberNode(between(-1000, 1000));
            case 3:
                return numberLike();
            case 4:
                return F.booleanNode(r.nextBoolean());
            case 5:
                return F.nullNode();
            case 6:
                return F.numberNode(finiteDouble());
            case 7: {
                ArrayNode a = F.arrayNode();
                int n = between(0, 4);
                for (int i = 0; i < n; i++) {
                    a.add(jsonValue(depth + 1));
                }
                return a;
            }
            default:
                return jsonObject(depth + 1);
        }
    }

    /** Integers of every width the reader distinguishes: int, long, beyond long. */
    JsonNode numberLike() {
        switch (r.nextInt(3)) {
            case 0:
                return F.numberNode(r.nextInt());
            case 1: {
                long v = r.nextLong();
                return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? F.numberNode((int) v) : F.numberNode(v);
            }
            default:
                return F.numberNode(new BigInteger(100, r)
                        .add(BigInteger.valueOf(Long.MAX_VALUE))
                        .add(BigInteger.ONE));
        }
    }

    double finiteDouble() {
        switch (r.nextInt(4)) {
            case 0:
                return between(-100, 100) + 0.5;
            case 1:
                return r.nextDouble();
            case 2:
                return -0.0;
            default: {
                double d = Double.longBitsToDouble(r.nextLong());
                return Double.isFinite(d) ? d : 1.5e300;
            }
        }
    }

    // ---- settings -----------------------------------------------------------------------------

    String url() {
        StringBuilder b = new StringBuilder(p(0.8) ? "http://" : "https://");
        int parts = between(1, 4);
        for (int i = 0; i < parts; i++) {
            b.append(i > 0 ? "." : "").append(dnsLabel(20));
        }
        b.append(parts > 1 ? ".local" : ""); // a top label starts with a letter (java.net.URI reads no host otherwise)
        if (p(0.6)) {
            b.append(':').append(between(1, 65535));
        }
        if (p(0.3)) {
            b.append('/').append(dnsLabel(10));
        }
        if (p(0.2)) {
            b.append("/".repeat(between(1, 3)));
        }
        return b.toString();
    }

    String secretKey() {
        String chars = ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ-._";
        int len = between(1, 30);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            b.append(chars.charAt(r.nextInt(chars.length())));
        }
        String key = b.toString();
        // the API server's IsConfigMapKey refuses ".", ".." and keys starting with ".."
        return key.equals(".") || key.startsWith("..") ? "k" + key : key;
    }

    Map<String, String> settings(double each) {
        Map<String, String> m = new LinkedHashMap<>();
        if (p(each)) m.put("GATEWAY_BASE_URL", url());
        if (p(each)) m.put("DEFAULT_METRICS_SERVER", url());
        if (m.containsKey("GATEWAY_BASE_URL") && m.containsKey("DEFAULT_METRICS_SERVER") && p(0.5)) {
            // the gateway's own metrics written out: its credential goes with KEDA's queries (issue 15)
            m.put("DEFAULT_METRICS_SERVER", m.get("GATEWAY_BASE_URL").replaceAll("/+$", "") + "/v2/metrics");
        }
        if (p(each)) m.put("GATEWAY_API_SECRET_NAME", dnsLabel(40));
        if (p(each)) m.put("GATEWAY_API_SECRET_KEY", secretKey());
        if (p(each)) m.put("GATEWAY_AUTH_MODE", pick(List.of("deriveFromStore", "keys", "open")));
        if (p(each))
            m.put("MAX_REPLICAS_CEILING", Integer.toString(p(0.7) ? between(1, 200) : between(1, Integer.MAX_VALUE)));
        return m;
    }

    // ---- InfraRules ---------------------------------------------------------------------------

    static final List<String> RESOURCE_NAMES =
            List.of("cpu", "memory", "ephemeral-storage", "nvidia.com/gpu", "example.com/fpga", "hugepages-2Mi");

    JsonNode quantity() {
        switch (r.nextInt(8)) {
            case 0:
                return F.numberNode(between(0, 64));
            case 1:
                return F.textNode(between(1, 4000) + "m");
            case 2:
                return F.textNode(between(1, 64) + pick(List.of("Ki", "Mi", "Gi", "Ti")));
            case 3:
                return F.textNode(between(1, 999) + pick(List.of("k", "M", "G", "T")));
            case 4:
                return F.textNode(between(0, 9) + "." + between(1, 9));
            case 5:
                return F.textNode(between(1, 9) + "e" + between(0, 6));
            case 6:
                return F.textNode(Integer.toString(between(1, 100000)));
            default:
                return F.textNode("0." + between(1, 999));
        }
    }

    ObjectNode quantities() {
        ObjectNode o = F.objectNode();
        int n = between(0, 3);
        for (int i = 0; i < n; i++) {
            o.set(pick(RESOURCE_NAMES), quantity());
        }
        return o;
    }

    ObjectNode toleration() {
        return toleration(true);
    }

    /** @param keyless whether an Exists toleration may go without a key (a pool's may; a patch's may not) */
    ObjectNode toleration(boolean keyless) {
        ObjectNode t = F.objectNode();
        String op = p(0.3) ? null : pick(List.of("Equal", "Exists"));
        if (!"Exists".equals(op) || !keyless || p(0.7)) {
            t.put("key", p(0.5) ? "layer.hev.dev/" + dnsLabel(10) : dnsLabel(20));
        }
        if (op != null) {
            t.put("operator", op);
        }
        if (!"Exists".equals(op) && p(0.8)) {
            t.put("value", dnsLabel(20));
        }
        String effect = p(0.2) ? null : pick(List.of("NoSchedule", "PreferNoSchedule", "NoExecute"));
        if (effect != null) {
            t.put("effect", effect);
        }
        if ("NoExecute".equals(effect) && p(0.5)) {
            t.put("tolerationSeconds", between(0, 100000));
        }
        return t;
    }

    ObjectNode pool(String name) {
        ObjectNode pool = F.objectNode();
        pool.put("name", name);
        pool.put("kind", p(0.85) ? pick(List.of("cpu", "gpu")) : dnsLabel(8));
        if (p(0.2)) {
            pool.put("gpuType", pick(List.of("nvidia-l4", "a100", "h100")));
        }
        if (p(0.8)) {
            ObjectNode sel = pool.putObject("nodeSelector");
            int n = between(0, 3);
            for (int i = 0; i < n; i++) {
                sel.put(p(0.5) ? "layer.hev.dev/" + dnsLabel(12) : dnsLabel(20), p(0.1) ? "" : dnsLabel(20));
            }
        }
        if (p(0.7)) {
            ArrayNode tol = pool.putArray("tolerations");
            int n = between(0, 3);
            for (int i = 0; i < n; i++) {
                tol.add(toleration());
            }
        }
        if (p(0.8)) {
            ObjectNode res = pool.putObject("resources");
            if (p(0.8)) res.set("requests", quantities());
            if (p(0.8)) res.set("limits", quantities());
            // a request above its limit is refused by the API server in every worker pod: raise the limit
            res.path("requests").fields().forEachRemaining(e -> {
                JsonNode limit = res.path("limits").get(e.getKey());
                if (limit != null
                        && Oracle.amount(e.getValue().asText()).compareTo(Oracle.amount(limit.asText())) > 0) {
                    ((ObjectNode) res.get("limits")).set(e.getKey(), e.getValue());
                }
            });
        }
        pool.put("maxReplicasPerWorkload", p(0.8) ? between(1, 64) : between(1, Integer.MAX_VALUE));
        return pool;
    }

    ObjectNode infraRules(List<ObjectNode> pools) {
        ObjectNode d = F.objectNode();
        d.put("apiVersion", API).put("kind", "InfraRules");
        d.putObject("metadata").put("name", "default");
        ObjectNode spec = d.putObject("spec");
        ArrayNode list = spec.putArray("computePools");
        pools.forEach(list::add);
        if (p(0.2)) {
            ObjectNode cache = spec.putObject("documentCache")
                    .put("capGiB", between(0, 500))
                    .put("replicationFactor", between(1, 3));
            ObjectNode cacheScaling = cache.putObject("scaling");
            if (p(0.5)) cacheScaling.put("mode", pick(List.of("autoscale", "fixed")));
            cacheScaling.putObject("nodes").put("min", 1).put("max", between(1, 5));
        }
        return d;
    }

    List<ObjectNode> randomPools() {
        int n = between(1, 4);
        List<ObjectNode> pools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = p(0.5)
                    ? pick(List.of("cpu", "gpu", "cpu-large", "batch"))
                    : p(0.8) ? dnsLabel(20) : nonEmptyString();
            if (names.add(name)) {
                pools.add(pool(name));
            }
        }
        return pools;
    }

    // ---- VectorStore --------------------------------------------------------------------------

    ObjectNode vectorStore(boolean markDefault) {
        ObjectNode d = F.objectNode();
        d.put("apiVersion", API).put("kind", "VectorStore");
        ObjectNode meta = d.putObject("metadata").put("name", dnsLabel(20));
        if (p(0.7)) {
            meta.put("namespace", dnsLabel(20));
        }
        ObjectNode spec = d.putObject("spec");
        if (markDefault) {
            spec.put("default", true);
        } else if (p(0.2)) {
            spec.put("default", false);
        }
        spec.put("kind", pick(List.of("turbopuffer", "pinecone", "search")));
        String region = pick(List.of("gcp-us-central1", "aws-eu-west-1", "local"));
        spec.putObject("endpoint")
                .put("url", "https://" + region + ".store.example")
                .put("region", region);
        if (p(0.7)) {
            ObjectNode ref = spec.putObject("credential").putObject("secretRef");
            ref.put("name", dnsLabel(30));
            ref.put("key", secretKey());
        }
        if (p(0.5)) {
            spec.putObject("inboundAuth").put("mode", pick(List.of("deriveFromStore", "keys", "open")));
        }
        return d;
    }

    // ---- Pipeline -----------------------------------------------------------------------------

    String image() {
        if (p(0.2)) {
            // any characters but white space and control characters, which no image reference holds
            return nonEmptyString().replaceAll("(?U)\\s|\\p{Cc}", "x");
        }
        String img = pick(List.of("ghcr.io/hev/worker", "registry.example.com:5000/team/w", "busybox", "hev/worker"));
        return img
                + (p(0.5) ? ":" + between(0, 9) + "." + between(0, 20) : "")
                + (p(0.2) ? "@sha256:" + "a".repeat(64) : "");
    }

    /** A Pipeline on {@code pools} that every SPEC rule accepts. */
    ObjectNode pipeline(String name, String namespace, List<ObjectNode> pools, int ceiling) {
        ObjectNode d = F.objectNode();
        d.put("apiVersion", API).put("kind", "Pipeline");
        ObjectNode meta = d.putObject("metadata").put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        if (p(0.2)) {
            meta.putObject("labels").put("team", dnsLabel(10));
        }
        if (p(0.1)) {
            meta.putObject("annotations").put("note", anyString());
        }
        ObjectNode spec = d.putObject("spec");
        spec.putObject("target").put("namespace", nonEmptyString());
        String pipelineId = p(0.5) ? labelValue() : null;
        if (pipelineId != null) {
            spec.put("pipelineId", pipelineId);
        }
        if (p(0.6)) {
            spec.set("sourceRef", jsonObject(0));
        }
        ObjectNode worker = spec.putObject("worker");
        worker.put("image", image());

        // the pool route: named, derived from the default computeClass, or from an explicit one
        List<Runnable> routes = new ArrayList<>();
        ObjectNode[] chosen = new ObjectNode[1];
        ObjectNode scaling = F.objectNode();
        routes.add(() -> {
            ObjectNode pool = pick(pools);
            chosen[0] = pool;
            scaling.put("pool", pool.get("name").asText());
            String kind = pool.get("kind").asText();
            if ((kind.equals("cpu") || kind.equals("gpu")) && p(0.4)) {
                worker.put("computeClass", kind);
            }
        });
        ObjectNode byDefault = Oracle.poolFor("cpu", pools);
        if (byDefault != null) {
            routes.add(() -> chosen[0] = byDefault);
        }
        for (String cls : List.of("cpu", "gpu")) {
            ObjectNode pool = Oracle.poolFor(cls, pools);
            if (pool != null && pool.get("kind").asText().equals(cls)) {
                routes.add(() -> {
                    chosen[0] = pool;
                    worker.put("computeClass", cls);
                });
            }
        }
        pick(routes).run();
        ObjectNode pool = chosen[0];

        if (p(0.4)) worker.put("batchSize", p(0.8) ? between(1, 500) : between(1, Integer.MAX_VALUE));
        if (p(0.4)) worker.put("timeoutSeconds", p(0.8) ? between(1, 600) : between(1, Integer.MAX_VALUE));
        if (p(0.05)) worker.put("port", 8080);
        if (p(0.05)) worker.put("url", "http://x");
        if (p(0.05)) worker.put("dispatch", pick(List.of("pull", "push")));
        boolean push = "push".equals(worker.path("dispatch").asText());
        if (push) { // a push worker needs its port; its url, when written, is its own Service's address
            int port = between(1, 65535);
            worker.put("port", port);
            if (p(0.5)) {
                worker.remove("url");
            } else {
                worker.put("url", "http://" + name + "-worker:" + port + "/run");
            }
        }
        if (p(0.05)) {
            // cron expressions whose window always has an end (tests of refused ones: CronWindowTest, golden)
            ObjectNode schedule = spec.putObject("schedule");
            if (p(0.8))
                schedule.put("cron", pick(List.of("0 2 * * *", "0 */6 * * *", "50 23 * * *", "15 9,17 * * 1-5")));
            if (p(0.5)) schedule.put("leaseSeconds", p(0.8) ? between(0, 3600) : between(0, Integer.MAX_VALUE));
        }

        String mode = p(0.3) ? null : pick(List.of("autoscale", "fixed", "disabled"));
        if (mode != null) {
            scaling.put("mode", mode);
        }
        int cap = Math.min(pool.get("maxReplicasPerWorkload").asInt(), ceiling);
        boolean autoscale = mode == null || mode.equals("autoscale");
        int max = between(autoscale ? 1 : 0, cap);
        int min = p(0.5) ? 0 : between(0, max);
        ObjectNode replicas = scaling.putObject("replicas");
        if (min != 0 || p(0.3)) {
            replicas.put("min", min);
        }
        replicas.put("max", max);
        if (p(0.5)) {
            scaling.put("warmWindowSeconds", p(0.8) ? between(0, 3600) : between(0, Integer.MAX_VALUE));
        }
        spec.set("scaling", scaling);
        if (p(0.4)) {
            spec.put("paused", r.nextBoolean());
        }
        if (p(0.5)) {
            ObjectNode podSpec = podSpec(pool, pipelineId != null ? pipelineId : name);
            if (push) { // a push worker's rendered port and readiness probe are not the patch's to replace
                for (JsonNode c : podSpec.path("containers")) {
                    if ("worker".equals(c.path("name").asText())) {
                        ((ObjectNode) c).remove(List.of("readinessProbe", "ports"));
                    }
                }
            }
            worker.set("podSpec", podSpec);
        }
        return d;
    }

    // ---- podSpec patches within what the platform allows ----------------------------------------

    ObjectNode podSpec(ObjectNode pool, String pipelineId) {
        ObjectNode patch = F.objectNode();
        JsonNode poolSelector = pool.path("nodeSelector");
        if (p(0.3)) {
            ObjectNode sel = patch.putObject("nodeSelector");
            int n = between(0, 2);
            for (int i = 0; i < n; i++) {
                String key = "extra.example.com/" + dnsLabel(10);
                if (!poolSelector.has(key)) {
                    sel.put(key, dnsLabel(10));
                }
            }
            poolSelector.fields().forEachRemaining(e -> {
                if (p(0.3)) {
                    sel.set(e.getKey(), e.getValue()); // restating an owned key with its own value is allowed
                }
            });
        }
        if (p(0.2)) {
            List<JsonNode> tol = new ArrayList<>();
            pool.path("tolerations").forEach(tol::add); // a replace-list: the pool's must be listed too
            int n = between(0, 2);
            for (int i = 0; i < n; i++) {
                tol.add(toleration(false));
            }
            Collections.shuffle(tol, r);
            ArrayNode a = patch.putArray("tolerations");
            tol.forEach(a::add);
        }
        ArrayNode volumes = null;
        if (p(0.3)) {
            volumes = patch.putArray("volumes");
            int n = between(1, 2);
            for (int i = 0; i < n; i++) {
                ObjectNode v = volumes.addObject().put("name", "vol-" + i);
                if (p(0.5)) {
                    v.putObject("emptyDir");
                } else {
                    v.putObject("configMap").put("name", dnsLabel(20));
                }
            }
        }
        if (p(0.6)) {
            ArrayNode containers = patch.putArray("containers");
            if (p(0.8)) {
                containers.add(workerPatch(pool, pipelineId, volumes));
            }
            int sidecars = between(0, 2);
            for (int i = 0; i < sidecars; i++) {
                ObjectNode c = containers.addObject();
                c.put("name", "side-" + i);
                c.put("image", image());
                if (p(0.5)) c.putArray("args").add("--verbose").add(anyString());
                if (p(0.4)) c.putArray("env").addObject().put("name", "SIDE").put("value", anyString());
                if (p(0.3))
                    c.putObject("resources").putObject("requests").put("cpu", between(1, 9) + "m"); // within any pool
            }
        }
        if (p(0.2))
            patch.putArray("initContainers").addObject().put("name", "init").put("image", image());
        if (p(0.2)) patch.putArray("imagePullSecrets").addObject().put("name", dnsLabel(20));
        if (p(0.2)) patch.put("serviceAccountName", dnsLabel(30));
        if (p(0.1)) patch.put("priorityClassName", dnsLabel(30));
        if (p(0.2)) patch.put("terminationGracePeriodSeconds", between(0, 3600));
        if (p(0.2)) patch.putObject("securityContext").put("runAsNonRoot", true).put("runAsUser", between(1, 65535));
        if (p(0.1)) patch.put("dnsPolicy", "ClusterFirst");
        if (p(0.1)) patch.putNull("affinity"); // null removes a key; there is none here, so nothing changes
        return patch;
    }

    ObjectNode workerPatch(ObjectNode pool, String pipelineId, ArrayNode volumes) {
        ObjectNode w = F.objectNode().put("name", "worker");
        if (p(0.3)) {
            ArrayNode env = w.putArray("env");
            int n = between(0, 3);
            for (int i = 0; i < n; i++) {
                ObjectNode e = env.addObject().put("name", "EXTRA_" + i);
                if (p(0.7)) {
                    e.put("value", anyString());
                } else {
                    e.putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.name");
                }
            }
            if (p(0.3)) {
                env.addObject().put("name", "HEVLAYER_PIPELINE_ID").put("value", pipelineId); // restated unchanged
            }
        }
        if (p(0.3)) {
            ObjectNode res = w.putObject("resources");
            ObjectNode requests = res.putObject("requests");
            // a resource the pool does not own and that is no extended resource (the pool decides the hardware)
            if (!pool.path("resources").path("requests").has("ephemeral-storage")
                    && !pool.path("resources").path("limits").has("ephemeral-storage")) {
                requests.set("ephemeral-storage", quantity());
            }
            JsonNode owned = pool.path("resources").path("requests");
            owned.fields().forEachRemaining(e -> {
                if (p(0.3)) {
                    requests.put(
                            e.getKey(),
                            Oracle.sameQuantityOtherNotation(e.getValue().asText()));
                }
            });
        }
        if (p(0.2)) {
            w.putArray("ports")
                    .addObject()
                    .put("containerPort", between(1, 65535))
                    .put("name", "http");
        }
        if (volumes != null && p(0.7)) {
            w.putArray("volumeMounts")
                    .addObject()
                    .put("name", volumes.get(0).get("name").asText())
                    .put("mountPath", "/data");
        }
        if (p(0.2)) {
            w.put("imagePullPolicy", pick(List.of("Always", "IfNotPresent", "Never")));
        }
        if (p(0.2)) {
            w.putObject("readinessProbe")
                    .putObject("httpGet")
                    .put("path", "/healthz")
                    .put("port", 8080);
        }
        return w;
    }

    // ---- a whole input ------------------------------------------------------------------------

    /** A document that is not ours; {@code i} keeps names unique (two objects of one identity are an error). */
    ObjectNode foreign(int i) {
        ObjectNode d = F.objectNode();
        if (p(0.5)) {
            d.put("apiVersion", "v1").put("kind", "ConfigMap");
            d.putObject("metadata").put("name", dnsLabel(20) + "-" + i);
            d.putObject("data").put("k", anyString());
        } else {
            d.put("apiVersion", "tekton.dev/v1").put("kind", "Pipeline");
            d.putObject("metadata").put("name", dnsLabel(20) + "-" + i);
            d.putObject("spec").putArray("tasks");
        }
        return d;
    }

    /** A scenario and the last of our Pipelines in it. */
    record WithPipeline(Scenario scenario, ObjectNode pipeline) {}

    /** A scenario that holds at least one of our Pipelines, rendered to the YAML stream (the negative properties' base). */
    WithPipeline scenarioWithPipeline() {
        while (true) {
            Scenario s = scenario();
            ObjectNode p = null;
            for (ObjectNode d : s.docs()) {
                if (d.path("kind").asText().equals("Pipeline")
                        && d.path("apiVersion").asText().equals(API)) {
                    p = d;
                }
            }
            if (p != null) {
                return new WithPipeline(new Scenario(s.docs(), s.env(), s.flags(), s.defaultNamespace(), false), p);
            }
        }
    }

    Scenario scenario() {
        Map<String, String> env = settings(0.3);
        Map<String, String> flags = settings(0.2);
        String c = flags.getOrDefault("MAX_REPLICAS_CEILING", env.getOrDefault("MAX_REPLICAS_CEILING", "100"));
        int ceiling = Integer.parseInt(c);

        List<ObjectNode> docs = new ArrayList<>();
        List<ObjectNode> pools;
        if (p(0.5)) {
            pools = Oracle.builtinPools();
        } else {
            pools = randomPools();
            docs.add(infraRules(pools));
        }
        int stores = p(0.5) ? 0 : between(1, 3);
        int marked = stores > 0 && p(0.5) ? r.nextInt(stores) : -1;
        for (int i = 0; i < stores; i++) {
            docs.add(vectorStore(i == marked));
        }
        String defaultNamespace = p(0.5) ? dnsLabel(20) : null;
        List<String> namespaces = List.of("apps", "layer", dnsLabel(63));
        Set<String> seen = new HashSet<>();
        int n = p(0.9) ? between(1, 4) : between(5, 12);
        for (int i = 0; i < n; i++) {
            String ns = p(0.6) ? pick(namespaces) : null;
            String name = p(0.3) ? pick(List.of("web", "embed", "extract")) : dnsLabel(56);
            String effective = ns != null ? ns : defaultNamespace;
            if (seen.add(effective + "/" + name)) {
                docs.add(pipeline(name, ns, pools, ceiling));
            }
        }
        int foreign = p(0.7) ? 0 : between(1, 2);
        for (int i = 0; i < foreign; i++) {
            docs.add(foreign(i));
        }
        Collections.shuffle(docs, r);
        return new Scenario(docs, env, flags, defaultNamespace, p(0.2));
    }
}
