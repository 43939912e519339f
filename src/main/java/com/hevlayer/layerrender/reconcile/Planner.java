package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.engine.PipelineIdCeiling;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.Positions;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The pure half of the reconciler: one Pipeline as the cluster holds it, InfraRules/default (if
 * any) and the VectorStores of its namespace in; the objects it should own (exactly what
 * {@code layer-render render} prints for the same documents, plus a controller owner reference and
 * a hash annotation) or the problems and the Ready reason out. No client, no clock.
 */
public final class Planner {
    /** Hash of what we last applied; lets a resync decide "nothing to do" from the cache alone. */
    public static final String HASH_ANNOTATION = "hevlayer.com/render-hash";

    private final Engine engine;
    private final List<SettingsLayer> layers;

    public Planner(List<SettingsLayer> layers) {
        this.engine = new Engine(new SchemaCheck(), DeploymentSchema::new); // the engine compiles it once, on first use
        this.layers = List.copyOf(layers);
    }

    /**
     * @param ok       whether the Pipeline rendered
     * @param objects  desired children in apply order (Deployment, TriggerAuthentication, ScaledObject); empty unless ok
     * @param problems errors and warnings, formatted exactly as the CLI prints them
     * @param reason   the Ready condition's reason: {@code Reconciled} or why not
     * @param copy     the gateway Secret this Pipeline's worker needs copied into its namespace, or null
     */
    public record Plan(boolean ok, List<ObjectNode> objects, List<String> problems, String reason, SecretCopy copy) {
        public Plan(boolean ok, List<ObjectNode> objects, List<String> problems, String reason) {
            this(ok, objects, problems, reason, null);
        }

        public String message() {
            return String.join("\n", problems);
        }
    }

    /**
     * The gateway Secret {@code name}, of which the worker reads {@code key}, copied from {@code sourceNamespace}
     * into {@code namespace} (the Pipeline's): a worker that reads the settings' Secret outside the gateway's
     * namespace needs one; one that brings its own credential (its podSpec's, its namespace's default
     * VectorStore's) does not.
     */
    public record SecretCopy(String sourceNamespace, String namespace, String name, String key) {}

    /**
     * @param pipeline   the Pipeline as read from the API server (uid needed for the owner reference)
     * @param infraRules InfraRules/default, or null when it does not exist
     * @param stores     the VectorStores in the Pipeline's namespace
     */
    public Plan plan(JsonNode pipeline, JsonNode infraRules, List<JsonNode> stores) {
        return plan(pipeline, infraRules, stores, List.of());
    }

    /**
     * @param cluster every Pipeline of the cluster (the informer cache), for the gateway's ceiling of
     *                {@value PipelineIdCeiling#LIMIT} distinct pipelineIds: a Pipeline whose id is beyond the
     *                first {@value PipelineIdCeiling#LIMIT} (oldest first) gets the warning in its status
     */
    public Plan plan(JsonNode pipeline, JsonNode infraRules, List<JsonNode> stores, List<JsonNode> cluster) {
        return plan(pipeline, infraRules, stores, () -> ClusterIds.of(cluster));
    }

    /**
     * @param cluster the cluster's pipelineIds, asked for only when the ceiling can apply to this Pipeline (it is
     *                autoscaled on the gateway's metrics): the reconciler counts them once for many reconciles
     */
    public Plan plan(JsonNode pipeline, JsonNode infraRules, List<JsonNode> stores, Supplier<ClusterIds> cluster) {
        List<SourceDoc> docs = new ArrayList<>();
        if (infraRules != null) {
            docs.add(doc(infraRules));
        }
        for (JsonNode s : stores) {
            docs.add(doc(s));
        }
        docs.add(doc(pipeline));
        Engine.Outcome outcome = engine.run(new Engine.Request(docs, layers, null));
        List<String> lines = outcome.problems().stream().map(Problem::format).collect(Collectors.toList());
        boolean autoscaled = outcome.objects().stream()
                .anyMatch(o -> "ScaledObject".equals(o.object().getKind()));
        if (autoscaled && PipelineIdCeiling.applies(outcome.settings())) {
            cluster.get().warning(pipeline).ifPresent(lines::add);
        }
        if (outcome.failed()) {
            Problem first = outcome.problems().stream()
                    .filter(Problem::isError)
                    .findFirst()
                    .orElseThrow();
            return new Plan(false, List.of(), lines, reason(first));
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode o : Output.documents(outcome.objects(), List.of())) {
            ObjectNode object = (ObjectNode) o;
            ObjectNode meta = (ObjectNode) object.get("metadata");
            ArrayNode owners = meta.putArray("ownerReferences");
            owners.addObject()
                    .put("apiVersion", pipeline.path("apiVersion").asText())
                    .put("kind", "Pipeline")
                    .put("name", pipeline.path("metadata").path("name").asText())
                    .put("uid", pipeline.path("metadata").path("uid").asText())
                    .put("controller", true)
                    .put("blockOwnerDeletion", true);
            String hash = hash(object);
            meta.withObjectProperty("annotations").put(HASH_ANNOTATION, hash);
            objects.add(Output.conventionalMetadata(object));
        }
        String source = outcome.settings().secretNamespace();
        String ns = pipeline.path("metadata").path("namespace").asText();
        SecretCopy copy = outcome.secretUses().stream()
                .filter(u -> source != null && !source.equals(ns))
                .findFirst()
                .map(u -> new SecretCopy(source, ns, u.secretName(), u.secretKey()))
                .orElse(null);
        return new Plan(true, objects, lines, Reasons.RECONCILED, copy);
    }

    /**
     * The cluster's distinct pipelineIds in the order the gateway most likely admitted them: its Pipelines oldest
     * first (the gateway admits ids in the order it first sees them, and an older Pipeline has most likely been
     * seen first), then by namespace and name. Counted once, asked by many plans.
     */
    public static final class ClusterIds {
        private final Set<String> distinct; // null when not kept (more than the limit, see admitted(...))
        private final Set<String> admitted;

        private ClusterIds(Set<String> distinct, Set<String> admitted) {
            this.distinct = distinct;
            this.admitted = admitted;
        }

        /** The first {@value PipelineIdCeiling#LIMIT} distinct ids (all of them when there are fewer), and whether more exist. */
        public static ClusterIds admitted(Set<String> first, boolean exceeded) {
            return new ClusterIds(exceeded ? null : Set.copyOf(first), Set.copyOf(first));
        }

        /** @param cluster every Pipeline of the cluster; of each only metadata and spec.pipelineId are read */
        public static ClusterIds of(List<JsonNode> cluster) {
            List<JsonNode> all = new ArrayList<>(cluster);
            all.sort(Comparator.comparing((JsonNode p) ->
                            p.path("metadata").path("creationTimestamp").asText(""))
                    .thenComparing(p -> p.path("metadata").path("namespace").asText(""))
                    .thenComparing(p -> p.path("metadata").path("name").asText("")));
            PipelineIdCeiling.Count count = PipelineIdCeiling.count(
                    all.stream().map(Planner::pipelineId).toList());
            return new ClusterIds(
                    Set.copyOf(count.distinct()),
                    count.distinct().stream().limit(PipelineIdCeiling.LIMIT).collect(Collectors.toUnmodifiableSet()));
        }

        /**
         * The warning when {@code pipeline}'s id is not among the first {@value PipelineIdCeiling#LIMIT}. Its
         * text depends on this Pipeline and the limit only, not on how many ids the cluster holds: a cluster that
         * grows (or shrinks) beyond the limit rewrites no status but of the Pipelines that cross it, so a resync
         * after it makes no write (docs/fidelity.md, "The 50-pipelineId ceiling").
         */
        public Optional<String> warning(JsonNode pipeline) {
            String id = pipelineId(pipeline);
            // distinct null: more than the limit exist, and the Pipeline asked about is one of the cluster's
            if (distinct != null && !distinct.contains(id) || admitted.contains(id)) {
                return Optional.empty();
            }
            SourceDoc doc = doc(pipeline);
            return Optional.of(Problem.warning(
                            Code.PIPELINE_ID_CEILING,
                            doc.positionOf("/spec/pipelineId"),
                            ObjectRef.of(doc, null),
                            "spec.pipelineId",
                            clusterMessage(id))
                    .format());
        }
    }

    /** The reconciler's wording of the ceiling warning (the CLI's, {@link PipelineIdCeiling#message}, counts its run). */
    static String clusterMessage(String pipelineId) {
        int limit = PipelineIdCeiling.LIMIT;
        return "pipelineId \"" + pipelineId + "\" is beyond the first " + limit + " distinct pipelineIds of the cluster"
                + " (oldest Pipeline first); the gateway exports layer_pipeline_stage_count for at most " + limit
                + " distinct pipeline_id values (shared with UDF ids, never freed) and every later id as \"other\""
                + " (hev/layer apps/layer-gateway/src/metrics.rs, PIPELINE_LABEL_CAP = " + limit + "), so the query of"
                + " this Pipeline most likely reads 0 and its worker never scales up; fix: scale on the gateway's"
                + " pipeline status API instead (scaling-signal pipeline-status: --scaling-signal, SCALING_SIGNAL),"
                + " which has no such limit, or use fewer pipelineIds";
    }

    static String pipelineId(JsonNode p) {
        JsonNode id = p.path("spec").path("pipelineId");
        return id.isTextual() ? id.asText() : p.path("metadata").path("name").asText();
    }

    /** A cluster object as a source document: no positions, a file label that says where it came from. */
    static SourceDoc doc(JsonNode object) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.set("apiVersion", object.get("apiVersion"));
        copy.set("kind", object.get("kind"));
        ObjectNode meta = copy.putObject("metadata");
        JsonNode m = object.path("metadata");
        for (String f : new String[] {"name", "namespace", "labels"}) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        if (object.has("spec")) {
            copy.set("spec", object.get("spec"));
        }
        String ns = m.path("namespace").asText("");
        String label = "cluster:" + object.path("kind").asText() + "/" + (ns.isEmpty() ? "" : ns + "/")
                + m.path("name").asText();
        return new SourceDoc(label, 0, copy, Positions.NONE);
    }

    /**
     * The Ready reason for the first error: what a user would grep for. Decided by the problem's
     * {@link Code} and the kind of the object it is about, never by its wording; the switch names
     * every code, so a new one cannot go unmapped.
     */
    static String reason(Problem p) {
        String kind = p.ref() == null ? null : p.ref().kind();
        if ("InfraRules".equals(kind)) {
            return Reasons.INVALID_INFRA_RULES;
        }
        if ("VectorStore".equals(kind)) {
            return Reasons.INVALID_VECTOR_STORE;
        }
        return switch (p.code()) {
            case UNKNOWN_POOL -> Reasons.UNKNOWN_POOL;
            case NO_MATCHING_POOL, NO_COMPUTE_POOLS -> Reasons.NO_MATCHING_POOL;
            case REPLICAS_EXCEED_POOL_CEILING -> Reasons.REPLICAS_EXCEED_POOL_CEILING;
            case REPLICAS_EXCEED_CEILING -> Reasons.REPLICAS_EXCEED_CEILING;
            case INVALID_POD_SPEC, POD_SECURITY -> Reasons.INVALID_POD_SPEC;
            case INVALID_INFRA_RULES -> Reasons.INVALID_INFRA_RULES;
            case INVALID_VECTOR_STORE -> Reasons.INVALID_VECTOR_STORE;
            case YAML_SYNTAX,
                    UNKNOWN_DOCUMENT,
                    SCHEMA,
                    METADATA,
                    COMPUTE_CLASS_MISMATCH,
                    INVALID_SPEC,
                    INVALID_PUSH_WORKER,
                    INVALID_SCHEDULE,
                    OBJECT_TOO_LARGE,
                    UNSUPPORTED_FIELD,
                    OPEN_AUTH_NOT_TAKEN,
                    DUPLICATE,
                    INVALID_SETTING,
                    INVALID_FUNCTION_INPUT,
                    PIPELINE_ID_CEILING,
                    NOT_A_MANIFEST -> Reasons.INVALID_SPEC; // a warning: never the first error
        };
    }

    static String hash(JsonNode object) {
        try {
            byte[] bytes = Json.MAPPER.writeValueAsString(object).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reasons of the Ready condition. */
    public static final class Reasons {
        public static final String RECONCILED = "Reconciled";
        public static final String UNKNOWN_POOL = "UnknownPool";
        public static final String NO_MATCHING_POOL = "NoMatchingPool";
        public static final String REPLICAS_EXCEED_POOL_CEILING = "ReplicasExceedPoolCeiling";
        public static final String REPLICAS_EXCEED_CEILING = "ReplicasExceedCeiling";
        public static final String INVALID_POD_SPEC = "InvalidPodSpec";
        public static final String INVALID_INFRA_RULES = "InvalidInfraRules";
        public static final String INVALID_VECTOR_STORE = "InvalidVectorStore";
        public static final String INVALID_SPEC = "InvalidSpec";
        public static final String APPLY_FAILED = "ApplyFailed";
        /** An object of a child's kind and name exists that another controller (or a person) owns: left alone. */
        public static final String OWNED_BY_OTHER = "OwnedByOther";
        /** The gateway Secret (or its key) the worker needs a copy of does not exist in the gateway's namespace. */
        public static final String GATEWAY_SECRET_MISSING = "GatewaySecretMissing";

        private Reasons() {}
    }
}
