package com.hevlayer.layerrender.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.BuiltinPools;
import com.hevlayer.layerrender.model.Pool;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Documents generated from the vendor's schemas, driven by one seeded {@link Random}.
 *
 * <p><b>Valid documents</b> walk the vendor schema: required fields always, optional ones at random,
 * enum values, defaults written out, {@code null} on nullable fields, and values from a vocabulary of
 * what real manifests hold (the vendor's Helm chart, hev/shop and hev/chart: images, Turbopuffer
 * namespaces, the Helm pools, endpoints, Secret names). One document in {@link #EDGE_SHARE} is an
 * <i>edge</i> document: its scalars are, now and then, values the CRD accepts that are unusual ({@code ""},
 * {@code 0}, negatives, long or dotted names, any JSON for {@code sourceRef}, free-form tolerations).
 * Pipelines also keep layer-render's runtime rules with the built-in pools ({@link BuiltinPools}): the pool
 * is named or derived from {@code computeClass} consistently, {@code replicas.max} stays within the pool's
 * {@code maxReplicasPerWorkload}, {@code min <= max}, and autoscaling Pipelines have {@code max >= 1}.
 *
 * <p><b>Near misses</b> ({@link Miss}) change one thing in a valid document, at a place chosen from the
 * vendor schema.
 */
final class VendorGen {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final double EDGE_SHARE = 0.15;

    /** How a near miss differs from the valid document it was made from. */
    enum Miss {
        VALID,
        NULL_ON_NON_NULLABLE,
        NULL_ON_NULLABLE,
        WRONG_TYPE,
        UNKNOWN_FIELD,
        ENUM_TYPO,
        MISSING_REQUIRED,
        INT_OVERFLOW
    }

    /** A generated case: the document and, for a near miss, what was changed. */
    record Made(ObjectNode doc, Miss miss, String change, boolean edge) {}

    final Random r;
    private boolean edge;
    /** How often a nullable field that is written is {@code null}. */
    double nullShare = 0.1;
    /**
     * Also within layer-render's podSpec protections: no patch that overrides the injected
     * {@code LAYER_GATEWAY_API_KEY} or the pool's resources (both seen in vendor demos, both refused by
     * layer-render's own rules).
     */
    boolean withinLayerRenderRules;

    VendorGen(Random r) {
        this.r = r;
    }

    boolean p(double probability) {
        return r.nextDouble() < probability;
    }

    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    <T> T pick(List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    // ---- entry points -------------------------------------------------------------------------

    /** A valid document of {@code kind}; {@code edgeAllowed} false for real-world values only. */
    Made valid(String kind, boolean edgeAllowed) {
        edge = edgeAllowed && p(EDGE_SHARE);
        ObjectNode doc = F.objectNode();
        doc.put("apiVersion", VendorCrds.API_VERSION).put("kind", kind);
        doc.set("metadata", metadata(kind));
        JsonNode schema = VendorCrds.schema(kind);
        ObjectNode body = (ObjectNode) object(schema, "", kind);
        body.properties().forEach(e -> doc.set(e.getKey(), e.getValue()));
        switch (kind) {
            case "Pipeline" -> fixPipeline(doc);
            case "InfraRules" -> fixInfraRules(doc);
            default -> fixVectorStore(doc);
        }
        return new Made(doc, Miss.VALID, "", edge);
    }

    /** A near miss of a valid document, or null when {@code miss} finds no place in it. */
    Made nearMiss(String kind, Miss miss) {
        Made base = valid(kind, true);
        ObjectNode doc = base.doc().deepCopy();
        String change = mutate(doc, VendorCrds.schema(kind), miss);
        return change == null ? null : new Made(doc, miss, change, base.edge());
    }

    // ---- metadata -----------------------------------------------------------------------------

    static final List<String> PIPELINE_NAMES = List.of(
            "embed",
            "extract-chunk",
            "hev-shop-embed",
            "hev-shop-extract",
            "chart-ingest",
            "chart-embed-gpu",
            "product-images",
            "reviews-classify",
            "extraction-jobs",
            "docs-embed");
    static final List<String> NAMESPACES = List.of("layer", "hev-shop", "chart", "default", "ml-team");
    static final List<String> STORE_NAMES = List.of("default", "turbopuffer", "local", "search", "pinecone-prod");

    ObjectNode metadata(String kind) {
        ObjectNode m = F.objectNode();
        switch (kind) {
            case "InfraRules" -> m.put("name", "default");
            case "VectorStore" -> m.put("name", edge && p(0.3) ? "store.v2" : pick(STORE_NAMES));
            default -> m.put("name", pipelineName());
        }
        if (!kind.equals("InfraRules") && p(0.75)) {
            m.put("namespace", pick(NAMESPACES));
        }
        if (p(0.2)) {
            ObjectNode labels = m.putObject("labels");
            labels.put("app.kubernetes.io/part-of", pick(List.of("hev-shop", "chart", "layer")));
            if (p(0.5)) {
                labels.put("team", pick(List.of("search", "ml", "platform")));
            }
        }
        if (p(0.1)) {
            m.putObject("annotations").put(pick(List.of("argocd.argoproj.io/sync-wave", "hevlayer.com/owner")), "1");
        }
        return m;
    }

    String pipelineName() {
        if (edge && p(0.4)) {
            return switch (r.nextInt(3)) {
                case 0 -> pick(PIPELINE_NAMES) + ".v2"; // a DNS-1123 subdomain
                case 1 -> "a" + "b".repeat(between(56, 61)) + "c"; // 58 to 63 characters
                default -> pick(PIPELINE_NAMES) + "-" + "x".repeat(between(44, 50));
            };
        }
        return p(0.7) ? pick(PIPELINE_NAMES) : label(3, 20);
    }

    String label(int min, int max) {
        String alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
        int len = between(min, max);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            boolean inner = i > 0 && i < len - 1;
            b.append(
                    inner && p(0.12)
                            ? '-'
                            : i == 0 ? (char) ('a' + r.nextInt(26)) : alnum.charAt(r.nextInt(alnum.length())));
        }
        return b.toString();
    }

    // ---- the schema walk ----------------------------------------------------------------------

    /** How often an optional field is written, by normalised path (default 0.5). */
    private double optional(String kind, String path) {
        return switch (kind + " " + path) {
            case "Pipeline status", "InfraRules status", "VectorStore status" -> 0.08;
            case "Pipeline spec.schedule" -> 0.15;
            case "Pipeline spec.sourceRef" -> 0.6;
            case "Pipeline spec.worker.podSpec" -> 0.4;
            case "Pipeline spec.worker.port", "Pipeline spec.worker.url" -> 0.08;
            case "Pipeline spec.worker.dispatch" -> 0.2;
            case "Pipeline spec.pipelineId" -> 0.5;
            case "Pipeline spec.scaling.pool", "Pipeline spec.worker.computeClass" -> 0.0; // fixPipeline decides
            case "InfraRules spec.computePools" -> edge ? 0.8 : 1.0;
            case "InfraRules spec.documentCache" -> 0.25;
            case "InfraRules spec.computePools[].gpuType" -> 0.3;
            case "InfraRules spec.computePools[].nodeSelector",
                    "InfraRules spec.computePools[].tolerations",
                    "InfraRules spec.computePools[].resources" -> 0.85;
            case "VectorStore spec.credential" -> 0.8;
            case "VectorStore spec.search", "VectorStore spec.turbopuffer" -> 0.4;
            default -> 0.5;
        };
    }

    private JsonNode object(JsonNode s, String path, String kind) {
        ObjectNode o = F.objectNode();
        Set<String> required = new HashSet<>();
        s.path("required").forEach(n -> required.add(n.asText()));
        for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
            String key = p.getKey();
            JsonNode ps = p.getValue();
            String child = path.isEmpty() ? key : path + "." + key;
            if (!required.contains(key) && !p(optional(kind, child))) {
                continue;
            }
            if (ApiServer.nullable(ps) && p(nullShare)) {
                o.putNull(key);
            } else if (ps.has("default") && p(0.3)) {
                o.set(key, ps.get("default").deepCopy());
            } else {
                o.set(key, value(ps, child, kind));
            }
        }
        return o;
    }

    private JsonNode value(JsonNode s, String path, String kind) {
        JsonNode special = vocabulary(kind, path);
        if (special != null) {
            return special;
        }
        if (s.has("enum")) {
            return pick(list(s.get("enum"))).deepCopy();
        }
        String type = s.path("type").asText("");
        switch (type) {
            case "object":
                if (s.has("properties")) {
                    return object(s, path, kind);
                }
                return F.objectNode();
            case "array": {
                ArrayNode a = F.arrayNode();
                int n = between(0, 3);
                for (int i = 0; i < n; i++) {
                    a.add(value(s.get("items"), path + "[]", kind));
                }
                return a;
            }
            case "string":
                return F.textNode(
                        edge && p(0.25) ? pick(List.of("", "x".repeat(300), "Odd value/with: spaces")) : label(3, 12));
            case "integer":
                return edgeInt(between(1, 10));
            case "boolean":
                return F.booleanNode(r.nextBoolean());
            default:
                return F.objectNode().put("type", "generic");
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** An integer as written, or, in an edge document now and then, 0, a negative or the int32 maximum. */
    JsonNode edgeInt(int usual) {
        if (edge && p(0.25)) {
            return F.numberNode(pick(List.of(0, -1, Integer.MAX_VALUE)));
        }
        return F.numberNode(usual);
    }

    JsonNode edgeString(Supplier<String> usual) {
        if (edge && p(0.25)) {
            return F.textNode(pick(List.of("", "x".repeat(70), "team/queue: 1")));
        }
        return F.textNode(usual.get());
    }

    // ---- vocabulary ---------------------------------------------------------------------------

    static final List<String> IMAGES = List.of(
            "ghcr.io/hev/shop-indexer:1.4.2",
            "ghcr.io/hev/chart-embed:0.9.0",
            "us-docker.pkg.dev/hev-prod/layer/embed@sha256:" + "3f".repeat(32),
            "python:3.12-slim",
            "hev/worker:latest",
            "registry.example.com:5000/search/extract:2024.11.3");
    static final List<String> TPUF_NAMESPACES =
            List.of("products", "hev-shop-products", "chart-notes", "reviews", "docs_v2", "support-tickets");
    static final List<String> QUEUE_IDS = List.of(
            "hev-shop-extraction-jobs", "hev-shop-product-images", "chart-notes", "reviews-v2", "docs_embed.2024");

    /** A value from what real manifests hold, or null for the schema's generic value. */
    private JsonNode vocabulary(String kind, String path) {
        switch (kind + " " + path) {
            case "Pipeline spec.target.namespace":
                return edgeString(() -> pick(TPUF_NAMESPACES));
            case "Pipeline spec.pipelineId":
                return edgeString(() -> pick(QUEUE_IDS));
            case "Pipeline spec.sourceRef":
                return sourceRef();
            case "Pipeline spec.worker.image":
                return edge && p(0.2) ? F.textNode("") : F.textNode(pick(IMAGES));
            case "Pipeline spec.worker.batchSize":
                return edgeInt(pick(List.of(1, 8, 16, 32, 64, 100, 256, 1000)));
            case "Pipeline spec.worker.timeoutSeconds":
                return edgeInt(pick(List.of(10, 30, 60, 120, 300, 900)));
            case "Pipeline spec.worker.port":
                return edgeInt(pick(List.of(8080, 9000, 3000)));
            case "Pipeline spec.worker.url":
                return F.textNode(
                        "http://" + pick(PIPELINE_NAMES) + "." + pick(NAMESPACES) + ".svc.cluster.local:8080");
            case "Pipeline spec.worker.podSpec":
                return podSpec();
            case "Pipeline spec.scaling.warmWindowSeconds":
                return edgeInt(pick(List.of(60, 120, 300, 600, 1800)));
            case "Pipeline spec.schedule.cron":
                return F.textNode(pick(List.of("0 2 * * *", "0 * * * *", "30 */6 * * *", "15 3 * * 1")));
            case "Pipeline spec.schedule.discoveryIntervalSeconds":
                return edgeInt(pick(List.of(30, 60, 300)));
            case "Pipeline spec.schedule.leaseSeconds":
                return edgeInt(pick(List.of(60, 120, 600)));
            case "Pipeline spec.schedule.maxConcurrentScans", "Pipeline spec.schedule.maxInFlightBatches":
                return edgeInt(pick(List.of(1, 2, 4, 8, 16)));
            case "Pipeline status", "VectorStore status", "InfraRules status":
                return status(kind);
            case "InfraRules spec.computePools[]":
                return pool();
            case "InfraRules spec.documentCache.capGiB":
                return edge && p(0.3)
                        ? F.numberNode(pick(List.of(0L, Long.MAX_VALUE)))
                        : F.numberNode(pick(List.of(10, 50, 200, 500)));
            case "InfraRules spec.documentCache.replicationFactor":
                return edgeInt(between(1, 3));
            case "InfraRules spec.documentCache.scaling.nodes": {
                int min = between(1, 3);
                return F.objectNode().put("min", min).put("max", min + between(0, 6));
            }
            case "VectorStore spec.endpoint":
                return endpoint(pick(List.of("turbopuffer", "pinecone", "search")));
            case "VectorStore spec.credential.secretRef":
                return secretRef("layer", pick(List.of("turbopuffer-api-key", "api-key", "token")));
            case "VectorStore spec.inboundAuth.keys":
                return inboundKeys();
            case "VectorStore spec.search.adminCredential.secretRef":
                return secretRef("layer-search-admin", "token");
            case "VectorStore spec.turbopuffer.orgId":
                return F.textNode(pick(List.of("org_8a7b6c5d", "hev-prod", "org_1")));
            default:
                return null;
        }
    }

    JsonNode sourceRef() {
        if (edge && p(0.4)) {
            return switch (r.nextInt(4)) {
                case 0 -> F.textNode("s3://hev-shop-raw/products/");
                case 1 -> F.arrayNode().add("sqs").add("hev-shop-extraction");
                case 2 -> F.numberNode(42);
                default -> F.objectNode();
            };
        }
        ObjectNode s = F.objectNode();
        switch (r.nextInt(5)) {
            case 0 ->
                s.put("type", "huggingface")
                        .put("repo", pick(List.of("hev/products", "hev/chart-notes")))
                        .put("revision", "main");
            case 1 ->
                s.put("type", "sqs")
                        .put("queueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/hev-shop-extract");
            case 2 -> {
                s.putObject("warehouseRef").put("name", "hf");
                s.put("dataset", "hev/products").put("split", "train");
            }
            case 3 -> s.put("type", "s3").put("bucket", "hev-shop-raw").put("prefix", "products/");
            default -> {
                s.put("type", "kafka").put("topic", "reviews");
                s.putArray("brokers").add("kafka-0.kafka:9092").add("kafka-1.kafka:9092");
            }
        }
        return s;
    }

    /** A podSpec patch as real Pipelines write them: within what layer-render allows, but for a rare credential override. */
    JsonNode podSpec() {
        ObjectNode patch = F.objectNode();
        if (p(0.3)) {
            patch.put("serviceAccountName", pick(List.of("hev-shop-indexer", "chart-worker")));
        }
        if (p(0.2)) {
            patch.putArray("imagePullSecrets").addObject().put("name", "ghcr");
        }
        boolean volume = p(0.3);
        if (volume) {
            patch.putArray("volumes").addObject().put("name", "cache").putObject("emptyDir");
        }
        if (p(0.6) || volume) {
            ObjectNode worker = patch.putArray("containers").addObject().put("name", "worker");
            if (p(0.6)) {
                ArrayNode env = worker.putArray("env");
                env.addObject().put("name", "HF_HOME").put("value", "/cache");
                if (p(0.5)) {
                    env.addObject()
                            .put("name", "OPENAI_API_KEY")
                            .putObject("valueFrom")
                            .putObject("secretKeyRef")
                            .put("name", "openai")
                            .put("key", "api-key");
                }
                if (!withinLayerRenderRules && p(0.05)) {
                    // hev/chart's deploy/pipeline.yaml: the worker's gateway key from the tenant's own Secret
                    env.addObject()
                            .put("name", "LAYER_GATEWAY_API_KEY")
                            .putObject("valueFrom")
                            .putObject("secretKeyRef")
                            .put("name", "chart-layer")
                            .put("key", "api-key");
                }
            }
            if (volume) {
                worker.putArray("volumeMounts").addObject().put("name", "cache").put("mountPath", "/cache");
            }
            if (!withinLayerRenderRules && p(0.07)) {
                worker.putObject("resources").putObject("limits").put("memory", "8Gi"); // more than the pool gives
            }
        }
        if (p(0.15)) {
            patch.putObject("securityContext").put("runAsNonRoot", true).put("fsGroup", 1000);
        }
        if (p(0.1)) {
            patch.put("terminationGracePeriodSeconds", 120);
        }
        if (p(0.1)) {
            patch.putObject("nodeSelector").put("cloud.google.com/gke-spot", "true");
        }
        return patch;
    }

    JsonNode status(String kind) {
        ObjectNode s = F.objectNode();
        ArrayNode conditions = s.putArray("conditions");
        ObjectNode ready = conditions.addObject().put("type", "Ready").put("status", pick(List.of("True", "False")));
        ready.put("reason", pick(List.of("Reconciled", "Pending")));
        if (p(0.3)) {
            ready.putNull("message");
        } else {
            ready.put("message", "ok");
        }
        ready.put("lastTransitionTime", "2026-08-20T10:00:0" + between(0, 9) + "Z");
        s.put("observedGeneration", between(1, 5));
        switch (kind) {
            case "Pipeline" -> {
                ArrayNode m = s.putArray("managedObjects");
                if (p(0.7)) {
                    m.addObject()
                            .put("apiVersion", "apps/v1")
                            .put("kind", "Deployment")
                            .put("name", "embed-worker");
                }
            }
            case "InfraRules" -> {
                s.put("poolCount", between(0, 4));
                if (p(0.5)) {
                    s.putObject("documentCache").put("nodes", "3/3");
                }
            }
            default -> s.put("reachable", r.nextBoolean());
        }
        return s;
    }

    static final List<String> POOL_NAMES = List.of("cpu", "cpu-large", "gpu", "gpu-l4", "highmem", "batch");

    /** A pool shaped like the vendor's Helm values (operator-infrarules.yaml). */
    ObjectNode pool() {
        String name = pick(POOL_NAMES);
        boolean gpu = name.startsWith("gpu");
        ObjectNode p = F.objectNode();
        p.put("name", edge && p(0.15) ? "" : name);
        p.put("kind", edge && p(0.1) ? "" : gpu ? "gpu" : "cpu");
        if (gpu && p(0.6)) {
            if (p(0.2)) {
                p.putNull("gpuType");
            } else {
                p.put("gpuType", pick(List.of("nvidia-l4", "nvidia-a100")));
            }
        }
        if (p(0.9)) {
            p.putObject("nodeSelector")
                    .put("layer.hev.dev/node-role", gpu ? "worker-gpu" : "worker-cpu")
                    .put("layer.hev.dev/compute", gpu ? "gpu" : "cpu");
        }
        if (p(0.85)) {
            ArrayNode t = p.putArray("tolerations");
            ObjectNode role = t.addObject()
                    .put("key", "layer.hev.dev/node-role")
                    .put("operator", "Equal")
                    .put("value", gpu ? "worker-gpu" : "worker-cpu")
                    .put("effect", "NoSchedule");
            if (gpu) {
                t.addObject()
                        .put("key", "nvidia.com/gpu")
                        .put("operator", "Exists")
                        .put("effect", "NoSchedule");
            }
            if (edge && p(0.3)) {
                role.put("effect", ""); // valid in Kubernetes: matches every effect
            }
            if (edge && p(0.2)) {
                role.put("tolerationSecond", 30); // a typo the vendor CRD keeps (preserve-unknown)
            }
        }
        if (p(0.85)) {
            ObjectNode res = p.putObject("resources");
            res.putObject("requests").put("cpu", gpu ? "250m" : "1").put("memory", gpu ? "4Gi" : "2Gi");
            ObjectNode limits =
                    res.putObject("limits").put("cpu", gpu ? "2" : "2").put("memory", gpu ? "10Gi" : "4Gi");
            if (gpu) {
                ((ObjectNode) res.get("requests")).put("nvidia.com/gpu", "1");
                limits.put("nvidia.com/gpu", "1");
            }
            if (edge && p(0.2)) {
                res.putArray("claims").addObject().put("name", "gpu");
            }
        }
        p.set("maxReplicasPerWorkload", edgeInt(pick(List.of(4, 8, 16, 32, 64))));
        return p;
    }

    ObjectNode endpoint(String storeKind) {
        return switch (storeKind) {
            case "turbopuffer" -> {
                String region = pick(List.of("gcp-us-central1", "aws-us-east-1"));
                yield F.objectNode()
                        .put("url", "https://" + region + ".turbopuffer.com")
                        .put("region", region);
            }
            case "pinecone" ->
                F.objectNode()
                        .put("url", "https://products-abc123.svc.us-east-1-aws.pinecone.io")
                        .put("region", "us-east-1");
            default ->
                F.objectNode()
                        .put("url", "http://layer-search.layer.svc.cluster.local:8080")
                        .put("region", "local");
        };
    }

    static ObjectNode secretRef(String name, String key) {
        return F.objectNode().put("name", name).put("key", key);
    }

    JsonNode inboundKeys() {
        ArrayNode keys = F.arrayNode();
        keys.addObject()
                .put("name", "worker")
                .set("scopes", F.arrayNode().add("read").add("write"));
        ((ObjectNode) keys.get(0)).set("secretRef", secretRef("layer", "layer-inbound-worker-api-key"));
        if (p(0.4)) {
            ObjectNode admin = keys.addObject().put("name", "admin");
            admin.putArray("scopes").add("admin");
            admin.set("secretRef", secretRef("layer-admin", "key"));
        }
        return keys;
    }

    // ---- per-kind fix-ups ---------------------------------------------------------------------

    /** The pool route and replicas, so that layer-render's runtime rules hold with the built-in pools. */
    void fixPipeline(ObjectNode doc) {
        ObjectNode spec = (ObjectNode) doc.get("spec");
        ObjectNode worker = (ObjectNode) spec.get("worker");
        ObjectNode scaling = (ObjectNode) spec.get("scaling");
        List<Pool> pools = BuiltinPools.pools();
        Pool pool;
        int route = r.nextInt(10);
        if (route < 4) {
            pool = pick(pools);
            scaling.put("pool", pool.name());
            if (p(0.4)) {
                worker.put("computeClass", pool.kind());
            }
        } else {
            String cls = route < 7 ? "cpu" : "gpu";
            if (route >= 7 || p(0.3)) {
                worker.put("computeClass", cls);
            }
            pool = pools.stream().filter(x -> x.name().equals(cls)).findFirst().orElseThrow();
        }
        JsonNode modeNode = scaling.get("mode");
        String mode = modeNode == null || modeNode.isNull() ? "autoscale" : modeNode.asText();
        int limit = Math.min(pool.maxReplicasPerWorkload(), 100);
        int max = mode.equals("autoscale") || p(0.8) ? between(1, limit) : 0;
        ObjectNode replicas = F.objectNode();
        if (p(0.5)) {
            replicas.put("min", edge && p(0.2) ? -1 : between(0, max));
        }
        replicas.put("max", max);
        scaling.set("replicas", replicas);
        if (withinLayerRenderRules && "push".equals(worker.path("dispatch").asText())) {
            // a push worker needs a port, and its url, when written, is its own Service's (layer-render rules)
            JsonNode port = worker.get("port");
            if (port == null || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535) {
                worker.put("port", pick(List.of(8080, 9000, 3000)));
            }
            if (worker.hasNonNull("url")) {
                worker.put(
                        "url",
                        "http://" + doc.at("/metadata/name").asText() + "-worker:"
                                + worker.get("port").asInt());
            }
        }
    }

    void fixInfraRules(ObjectNode doc) {
        JsonNode pools = doc.path("spec").get("computePools");
        if (pools != null && pools.isArray()) {
            Set<String> names = new HashSet<>();
            for (Iterator<JsonNode> it = pools.elements(); it.hasNext(); ) {
                if (!names.add(it.next().path("name").asText())) {
                    it.remove(); // pool names are unique (a layer-render rule the vendor CRD cannot state)
                }
            }
            if (pools.isEmpty() && !edge) {
                ((ArrayNode) pools).add(pool());
            }
        }
    }

    void fixVectorStore(ObjectNode doc) {
        ObjectNode spec = (ObjectNode) doc.get("spec");
        String storeKind = spec.path("kind").asText();
        spec.set("endpoint", endpoint(storeKind));
        if (!edge) {
            if (!storeKind.equals("search")) {
                spec.remove("search");
            }
            if (!storeKind.equals("turbopuffer")) {
                spec.remove("turbopuffer");
            }
        }
        JsonNode inbound = spec.get("inboundAuth");
        if (inbound instanceof ObjectNode in && !"keys".equals(in.path("mode").asText()) && !edge) {
            in.remove("keys");
        }
    }

    // ---- near misses --------------------------------------------------------------------------

    /** A place in the document: an object present in it, described by a schema with properties. */
    record Place(ObjectNode object, String pointer, JsonNode schema) {}

    /** Applies {@code miss} at a random place; returns what was done, or null when there is no place for it. */
    String mutate(ObjectNode doc, JsonNode schema, Miss miss) {
        List<Place> places = new ArrayList<>();
        places(doc, "", schema, places);
        ObjectNode metadata = (ObjectNode) doc.get("metadata");
        List<String[]> options = new ArrayList<>(); // pointer of the object (index into places), key
        switch (miss) {
            case NULL_ON_NON_NULLABLE, NULL_ON_NULLABLE, ENUM_TYPO, INT_OVERFLOW, WRONG_TYPE -> {
                for (int i = 0; i < places.size(); i++) {
                    Place pl = places.get(i);
                    for (Map.Entry<String, JsonNode> p :
                            pl.schema().path("properties").properties()) {
                        JsonNode ps = p.getValue();
                        boolean present = pl.object().has(p.getKey())
                                && !pl.object().get(p.getKey()).isNull();
                        boolean fits = switch (miss) {
                            case NULL_ON_NON_NULLABLE -> !ApiServer.nullable(ps);
                            case NULL_ON_NULLABLE -> ApiServer.nullable(ps);
                            case ENUM_TYPO -> ps.has("enum");
                            case INT_OVERFLOW ->
                                "integer".equals(ps.path("type").asText());
                            default -> present && ps.has("type");
                        };
                        if (fits) {
                            options.add(new String[] {Integer.toString(i), p.getKey()});
                        }
                    }
                }
            }
            case UNKNOWN_FIELD -> {
                for (int i = 0; i < places.size(); i++) {
                    options.add(new String[] {Integer.toString(i), null});
                }
                options.add(new String[] {"metadata", null});
            }
            case MISSING_REQUIRED -> {
                for (int i = 0; i < places.size(); i++) {
                    Place pl = places.get(i);
                    for (JsonNode req : pl.schema().path("required")) {
                        if (pl.object().has(req.asText())) {
                            options.add(new String[] {Integer.toString(i), req.asText()});
                        }
                    }
                }
                options.add(new String[] {"metadata", "name"});
            }
            default -> {
                return null;
            }
        }
        if (options.isEmpty()) {
            return null;
        }
        String[] o = pick(options);
        if (o[0].equals("metadata")) {
            if (miss == Miss.UNKNOWN_FIELD) {
                String key = pick(List.of("lables", "annotation", "namespaces", "uuid"));
                metadata.put(key, "x");
                return "metadata." + key + " added";
            }
            metadata.remove("name");
            return "metadata.name removed";
        }
        Place pl = places.get(Integer.parseInt(o[0]));
        String key = o[1];
        String at = Paths.dotted(doc, pl.pointer());
        String field = key == null ? at : Paths.child(at, key);
        JsonNode ps = key == null ? null : pl.schema().path("properties").get(key);
        switch (miss) {
            case NULL_ON_NON_NULLABLE, NULL_ON_NULLABLE -> {
                pl.object().putNull(key);
                return field + ": null";
            }
            case ENUM_TYPO -> {
                String v = typo(pick(list(ps.get("enum"))).asText(), ps.get("enum"));
                pl.object().put(key, v);
                return field + ": \"" + v + "\"";
            }
            case INT_OVERFLOW -> {
                String format = ps.path("format").asText("");
                JsonNode v;
                if (format.equals("int32") && p(0.85)) {
                    long over = p(0.7) ? 2147483648L + between(0, 1000) : -2147483649L - between(0, 1000);
                    v = F.numberNode(over);
                } else if (format.startsWith("uint") && p(0.5)) {
                    v = F.numberNode(-between(1, 10));
                } else {
                    v = F.numberNode(BigInteger.TWO.pow(63).add(BigInteger.valueOf(between(0, 1000))));
                }
                pl.object().set(key, v);
                return field + ": " + v;
            }
            case WRONG_TYPE -> {
                JsonNode v = wrongType(ps.path("type").asText(), pl.object().get(key));
                pl.object().set(key, v);
                return field + ": " + v + " (" + ps.path("type").asText() + " expected)";
            }
            case UNKNOWN_FIELD -> {
                String unknown = unknownKey(pl.schema());
                pl.object().put(unknown, pick(List.of("x", "1", "true")));
                return Paths.child(at, unknown) + " added";
            }
            case MISSING_REQUIRED -> {
                pl.object().remove(key);
                return field + " removed";
            }
            default -> {
                return null;
            }
        }
    }

    /** Every object present in the document whose schema declares properties and does not keep unknown fields. */
    private static void places(JsonNode value, String pointer, JsonNode s, List<Place> out) {
        if (s == null) {
            return;
        }
        if (value.isObject()) {
            if (s.has("properties") && !ApiServer.preserveUnknown(s)) {
                out.add(new Place((ObjectNode) value, pointer, s));
            }
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (pointer.isEmpty()
                        && List.of("apiVersion", "kind", "metadata").contains(e.getKey())) {
                    continue;
                }
                places(
                        e.getValue(),
                        Paths.pointerChild(pointer, e.getKey()),
                        ApiServer.childSchema(s, e.getKey()),
                        out);
            }
        } else if (value.isArray() && s.get("items") != null) {
            for (int i = 0; i < value.size(); i++) {
                places(value.get(i), pointer + "/" + i, s.get("items"), out);
            }
        }
    }

    String typo(String v, JsonNode allowed) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String t = switch (r.nextInt(4)) {
                case 0 -> v.substring(0, v.length() - 1);
                case 1 -> Character.toUpperCase(v.charAt(0)) + v.substring(1);
                case 2 -> v + "s";
                default -> v.toUpperCase();
            };
            boolean taken = false;
            for (JsonNode a : allowed) {
                taken |= a.asText().equals(t);
            }
            if (!taken && !t.isEmpty()) {
                return t;
            }
        }
        return v + "-typo";
    }

    JsonNode wrongType(String type, JsonNode current) {
        return switch (type) {
            case "string" ->
                pick(List.of(
                        F.numberNode(5),
                        F.booleanNode(true),
                        F.arrayNode().add("a"),
                        F.objectNode().put("a", "b")));
            case "integer" ->
                pick(List.of(
                        F.textNode("32"),
                        F.numberNode(1.5),
                        F.booleanNode(false),
                        F.arrayNode().add(1)));
            case "boolean" -> pick(List.of(F.textNode("True"), F.numberNode(1), F.textNode("false")));
            case "array" -> pick(List.of(F.textNode("a,b"), F.objectNode().put("a", "b")));
            default ->
                pick(List.of(
                        F.textNode("x"), F.numberNode(1), F.arrayNode().add(current == null ? F.nullNode() : current)));
        };
    }

    /** A key the schema does not declare: a misspelt sibling, or a plausible stray. */
    String unknownKey(JsonNode s) {
        List<String> declared = new ArrayList<>();
        s.path("properties").fieldNames().forEachRemaining(declared::add);
        for (int attempt = 0; attempt < 10; attempt++) {
            String k;
            if (!declared.isEmpty() && p(0.7)) {
                String d = pick(declared);
                k = switch (r.nextInt(3)) {
                    case 0 -> d + d.charAt(d.length() - 1);
                    case 1 -> d.length() > 2 ? d.substring(0, d.length() - 1) : d + "x";
                    default -> d.toLowerCase().equals(d) ? d.toUpperCase() : d.toLowerCase();
                };
            } else {
                k = pick(List.of("extra", "replica", "labels", "enabled", "type"));
            }
            if (!declared.contains(k)) {
                return k;
            }
        }
        return "zzUnknown";
    }
}
