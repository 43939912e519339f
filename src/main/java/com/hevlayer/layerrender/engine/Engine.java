package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.BuiltinPools;
import com.hevlayer.layerrender.settings.GatewaySettings;
import com.hevlayer.layerrender.settings.StoreCredential;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.model.ScalingMode;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.render.Renderer;
import com.hevlayer.layerrender.render.StrategicMerge;
import com.hevlayer.layerrender.render.Violation;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.validate.ApiServerRules;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.PodSecurity;
import com.hevlayer.layerrender.validate.DidYouMean;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.util.Lazy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Input documents and settings in; rendered objects, passed-through documents and problems out.
 * Classifies the documents, validates them (schemas, then the rules of SPEC §2), resolves the
 * gateway settings and calls {@link Renderer} for each Pipeline. Pure: no I/O, no clock, no
 * environment; everything it needs arrives in the {@link Request}.
 */
public final class Engine {
    public static final int MAX_PIPELINE_NAME = Rules.MAX_PIPELINE_NAME;

    private final SchemaCheck schemas;
    private final Supplier<DeploymentSchema> deploymentSchema;

    /**
     * @param deploymentSchema supplies the upstream Deployment schema; asked only when a Pipeline has
     *                         a podSpec patch, so runs without one do not pay for compiling it
     */
    public Engine(SchemaCheck schemas, Supplier<DeploymentSchema> deploymentSchema) {
        this.schemas = schemas;
        this.deploymentSchema = Lazy.of(deploymentSchema); // compiled once, even when asked from several threads
    }

    /**
     * @param docs             every input document, in input order
     * @param layers           gateway settings above the defaults and the VectorStore, lowest precedence first
     * @param defaultNamespace namespace for Pipelines that have none, or null
     */
    public record Request(List<SourceDoc> docs, List<SettingsLayer> layers, String defaultNamespace) {}

    /**
     * @param objects     rendered objects in output order; empty when any error was found
     * @param passthrough documents that are not ours, in input order; empty when any error was found
     * @param problems    errors and warnings, in file and line order
     */
    public record Outcome(List<RenderedObject> objects, List<JsonNode> passthrough, List<Problem> problems,
                          GatewaySettings settings) {
        public boolean failed() {
            return problems.stream().anyMatch(Problem::isError);
        }
    }

    public Outcome run(Request request) {
        List<Problem> problems = new ArrayList<>();
        List<SourceDoc> pipelines = new ArrayList<>();
        List<SourceDoc> infraRules = new ArrayList<>();
        List<SourceDoc> stores = new ArrayList<>();
        List<SourceDoc> passthrough = new ArrayList<>();
        Map<SourceDoc, Set<String>> brokenPipelines = new LinkedHashMap<>();

        for (SourceDoc input : expandLists(request.docs())) {
            SourceDoc doc = input;
            Kind kind = classify(doc, problems, passthrough);
            if (kind == null) {
                continue;
            }
            doc = schemas.normalized(kind, doc); // what the API server would keep, without status
            // a Pipeline's schema findings carry the same label as its other errors (--namespace included)
            String namespace = kind == Kind.PIPELINE && doc.namespace() == null ? request.defaultNamespace() : null;
            Rules.metadata(doc, label(doc, namespace), kind == Kind.VECTOR_STORE, problems);
            List<SchemaCheck.Finding> found = schemas.findings(kind, doc, label(doc, namespace));
            Set<String> errorPointers = new HashSet<>();
            for (SchemaCheck.Finding f : found) {
                problems.add(f.problem());
                if (f.problem().isError()) {
                    errorPointers.add(f.pointer());
                }
            }
            if (!errorPointers.isEmpty()) {
                if (kind == Kind.PIPELINE) {
                    brokenPipelines.put(doc, errorPointers); // its other rules still get checked, all at once
                } else if (kind == Kind.INFRA_RULES) {
                    checkIntactPools(doc, errorPointers, problems);
                }
                continue;
            }
            switch (kind) {
                case PIPELINE:
                    pipelines.add(doc);
                    break;
                case INFRA_RULES:
                    infraRules.add(doc);
                    break;
                default:
                    Rules.storeCredential(doc, label(doc, null), problems);
                    stores.add(doc);
            }
        }

        List<Pool> pools = pools(infraRules, problems, deploymentSchema);
        GatewaySettings settings = StoreCredential.resolve(defaultStore(stores, problems), request.layers(), problems);

        List<Rendered> rendered = new ArrayList<>();
        Map<String, SourceDoc> seen = new HashMap<>();
        for (SourceDoc doc : pipelines) {
            Rendered r = pipeline(doc, request.defaultNamespace(), pools, settings, seen, problems);
            if (r != null) {
                rendered.add(r);
            }
        }

        for (Map.Entry<SourceDoc, Set<String>> broken : brokenPipelines.entrySet()) {
            checkWhatIsIntact(broken.getKey(), broken.getValue(), request.defaultNamespace(), pools, settings, problems);
        }
        List<Rules.Identified> identified = new ArrayList<>();
        for (Rendered r : rendered) {
            for (RenderedObject o : r.objects) {
                identified.add(new Rules.Identified(o.object().getApiVersion(), o.object().getKind(),
                        o.object().getMetadata().getNamespace(), o.object().getMetadata().getName(), r.doc, true));
            }
        }
        for (SourceDoc d : passthrough) {
            JsonNode meta = d.root().path("metadata");
            identified.add(new Rules.Identified(d.apiVersion(), d.kind(),
                    meta.path("namespace").isTextual() ? d.namespace() : request.defaultNamespace(), d.name(), d, false));
        }
        Rules.unique(identified, problems);

        Collections.sort(problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Outcome(List.of(), List.of(), problems, settings);
        }
        rendered.sort(Comparator.comparing((Rendered r) -> r.pipeline.namespace() == null ? "" : r.pipeline.namespace())
                .thenComparing(r -> r.pipeline.name()));
        List<RenderedObject> objects = new ArrayList<>();
        for (Rendered r : rendered) {
            objects.addAll(r.objects); // Deployment, TriggerAuthentication, ScaledObject: Renderer's order
        }
        List<JsonNode> passedThrough = new ArrayList<>(passthrough.size());
        for (SourceDoc d : passthrough) {
            passedThrough.add(d.root());
        }
        return new Outcome(objects, passedThrough, problems, settings);
    }

    private record Rendered(Pipeline pipeline, SourceDoc doc, List<RenderedObject> objects) {}

    /** A {@code v1 List} (what {@code kubectl get -o yaml} prints) stands for its items, as kubectl reads it. */
    static List<SourceDoc> expandLists(List<SourceDoc> docs) {
        List<SourceDoc> out = new ArrayList<>(docs.size());
        for (SourceDoc d : docs) {
            if ("v1".equals(d.apiVersion()) && "List".equals(d.kind()) && d.root().path("items").isArray()) {
                for (int i = 0; i < d.root().get("items").size(); i++) {
                    out.add(d.part("/items/" + i));
                }
            } else {
                out.add(d);
            }
        }
        return out;
    }

    /** Our kind, or null when the document is passed through or is broken. */
    private static Kind classify(SourceDoc doc, List<Problem> problems, List<SourceDoc> passthrough) {
        JsonNode root = doc.root();
        if (!root.isObject()) {
            problems.add(Problem.error(doc.positionOf(""), null, null,
                    "document " + (doc.index() + 1) + " is not a Kubernetes object (expected a mapping with apiVersion and kind)"));
            return null;
        }
        boolean broken = false;
        for (String field : new String[] {"apiVersion", "kind"}) {
            JsonNode v = root.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                problems.add(Problem.error(doc.positionOf(v == null ? "" : "/" + field), label(doc, null), field,
                        (v == null ? "required field is missing" : "must be a non-empty string")
                                + " (every document needs apiVersion and kind, e.g. apiVersion: " + Kind.API_VERSION
                                + ", kind: Pipeline)"));
                broken = true;
            }
        }
        if (broken) {
            return null;
        }
        String apiVersion = doc.apiVersion();
        if (!Kind.group(apiVersion).equals(Kind.GROUP)) {
            passthrough.add(doc);
            return null;
        }
        Kind kind = Kind.byName(doc.kind()).orElse(null);
        if (kind == null) {
            List<String> names = new ArrayList<>();
            for (Kind k : Kind.values()) {
                names.add(k.kind);
            }
            String guess = DidYouMean.suggest(doc.kind(), names);
            if (guess != null) {
                problems.add(Problem.error(doc.positionOf("/kind"), label(doc, null), "kind",
                        "unknown hevlayer.com kind (did you mean \"" + guess + "\"?)"));
            } else {
                problems.add(Problem.warning(doc.positionOf("/kind"), label(doc, null), "kind",
                        "not a kind layer-render renders (" + String.join(", ", names) + "); passed through unchanged"));
                passthrough.add(doc);
            }
            return null;
        }
        if (!apiVersion.equals(Kind.API_VERSION)) {
            problems.add(Problem.error(doc.positionOf("/apiVersion"), label(doc, null), "apiVersion",
                    "unknown version \"" + apiVersion + "\" of " + kind.kind + " (layer-render reads " + Kind.API_VERSION + ")"));
            return null;
        }
        return kind;
    }

    /** {@code Kind namespace/name} for messages. */
    static String label(SourceDoc doc, String namespace) {
        String kind = doc.kind() != null && !doc.kind().isEmpty() ? doc.kind() : "document";
        String ns = namespace != null ? namespace : doc.namespace();
        String name = doc.name();
        if (name == null) {
            return kind + " (unnamed)";
        }
        return kind + " " + (ns == null ? "" : ns + "/") + name;
    }

    private static List<Pool> pools(List<SourceDoc> infraRules, List<Problem> problems,
                                    Supplier<DeploymentSchema> deploymentSchema) {
        if (infraRules.isEmpty()) {
            return BuiltinPools.pools();
        }
        for (int i = 1; i < infraRules.size(); i++) {
            SourceDoc extra = infraRules.get(i);
            problems.add(Problem.error(extra.positionOf(""), label(extra, null), null,
                    "more than one InfraRules given (the first is at " + infraRules.get(0).positionOf("")
                            + "; a cluster has exactly one, InfraRules/default)"));
        }
        SourceDoc doc = infraRules.get(0);
        String label = label(doc, null);
        if (!"default".equals(doc.name())) {
            problems.add(Problem.error(doc.positionOf(doc.name() == null ? "/metadata" : "/metadata/name"), label,
                    "metadata.name", (doc.name() == null ? "required field is missing" : "must be \"default\"")
                            + " (layer-render reads InfraRules/default only)"));
        }
        if (doc.root().path("metadata").has("namespace")) {
            problems.add(Problem.error(doc.positionOf("/metadata/namespace"), label, "metadata.namespace",
                    "InfraRules is cluster-scoped (remove metadata.namespace)"));
        }
        List<Pool> pools = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        JsonNode list = doc.root().path("spec").path("computePools");
        for (int i = 0; i < list.size(); i++) {
            if (!Rules.poolShape(doc, label, i, deploymentSchema, problems)) {
                continue; // tolerations or resources Kubernetes would refuse; reported
            }
            Pool p = Decode.pool(list.get(i));
            Integer first = names.putIfAbsent(p.name(), i);
            if (first != null) {
                problems.add(Problem.error(doc.positionOf("/spec/computePools/" + i + "/name"), label,
                        "spec.computePools[" + i + "].name", "duplicate pool name \"" + p.name() + "\" (computePools["
                                + first + "] has it already) " + Rules.rule("a Pipeline's scaling.pool must name one pool",
                                "give each pool its own name")));
            }
            pools.add(p);
        }
        return pools;
    }

    /** The default VectorStore: the one marked default, else the only one; null when there is none. */
    private static SourceDoc defaultStore(List<SourceDoc> stores, List<Problem> problems) {
        List<SourceDoc> marked = new ArrayList<>();
        for (SourceDoc s : stores) {
            if (s.root().path("spec").path("default").asBoolean(false)) {
                marked.add(s);
            }
        }
        if (marked.size() > 1) {
            for (SourceDoc s : marked.subList(1, marked.size())) {
                problems.add(Problem.error(s.positionOf("/spec/default"), label(s, null), "spec.default",
                        "more than one VectorStore is marked default (the first is " + label(marked.get(0), null)
                                + " at " + marked.get(0).positionOf("") + "; mark exactly one)"));
            }
        }
        if (!marked.isEmpty()) {
            return marked.get(0);
        }
        if (stores.size() == 1) {
            return stores.get(0);
        }
        // several stores and none marked: no default store; the settings' own credential applies
        return null;
    }

    private static final List<String> POOL_FIELDS = List.of("/spec/scaling/pool", "/spec/worker/computeClass");
    private static final List<String> REPLICA_FIELDS = List.of("/spec/scaling/replicas", "/spec/scaling/mode");

    /**
     * For a Pipeline that failed its schema check: the rules whose fields are intact still run, so
     * that one run reports every error (an unknown pool beside a misspelt field, say).
     */
    private static void checkWhatIsIntact(SourceDoc doc, Set<String> errorPointers, String defaultNamespace,
                                          List<Pool> pools, GatewaySettings settings, List<Problem> problems) {
        Rules.identity(doc, defaultNamespace, problems);
        if (doc.name() == null) {
            return;
        }
        String namespace = doc.namespace() != null ? doc.namespace() : defaultNamespace;
        String label = label(doc, namespace);
        Pipeline p = Decode.pipeline(doc.root(), doc.name(), namespace);
        Rules.fields(doc, label, p, pointer -> intact(errorPointers, List.of(pointer)), problems);
        Pool pool = intact(errorPointers, POOL_FIELDS) ? choosePool(doc, label, p, pools, problems) : null;
        if (intact(errorPointers, REPLICA_FIELDS)) {
            Rules.replicas(doc, label, p, pool, settings, problems);
        }
    }

    /** For an InfraRules that failed its schema check: the pools' own rules still run where the pool is intact. */
    private void checkIntactPools(SourceDoc doc, Set<String> errorPointers, List<Problem> problems) {
        JsonNode list = doc.root().path("spec").path("computePools");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            String base = "/spec/computePools/" + i;
            if (intact(errorPointers, List.of(base + "/tolerations", base + "/resources", base + "/maxReplicasPerWorkload"))) {
                Rules.poolShape(doc, label(doc, null), i, deploymentSchema, problems);
            }
        }
    }

    /** No schema error lies on, above or below any of {@code fields}. */
    private static boolean intact(Set<String> errorPointers, List<String> fields) {
        for (String e : errorPointers) {
            for (String f : fields) {
                if (e.isEmpty() || f.equals(e) || f.startsWith(e + "/") || e.startsWith(f + "/")) {
                    return false;
                }
            }
        }
        return true;
    }

    private Rendered pipeline(SourceDoc doc, String defaultNamespace, List<Pool> pools, GatewaySettings settings,
                              Map<String, SourceDoc> seen, List<Problem> problems) {
        int before = problems.size();
        String name = doc.name();
        String namespace = doc.namespace() != null ? doc.namespace() : defaultNamespace;
        String label = label(doc, namespace);
        Rules.identity(doc, defaultNamespace, problems);
        if (name == null) {
            return null; // nothing below can be said of a document without a name
        }
        String key = (namespace == null ? "" : namespace) + "/" + name;
        SourceDoc first = seen.putIfAbsent(key, doc);
        if (first != null) {
            problems.add(Problem.error(doc.positionOf("/metadata/name"), label, "metadata.name",
                    "a second Pipeline with this namespace and name (the first is at " + first.positionOf("")
                            + "); Pipeline names are unique per namespace"));
        }
        unsupported(doc, label, problems);

        Pipeline p = Decode.pipeline(doc.root(), name, namespace);
        Rules.fields(doc, label, p, pointer -> true, problems);
        Pool pool = choosePool(doc, label, p, pools, problems);
        Rules.replicas(doc, label, p, pool, settings, problems);
        if (problems.subList(before, problems.size()).stream().anyMatch(Problem::isError)) {
            return null;
        }

        PodSecurity.Level level = PodSecurity.Level.parse(settings.podSecurityLevel()).orElse(PodSecurity.Level.BASELINE);
        Renderer.Result result = Renderer.render(p, pool, settings, (merged, patch) -> podSpecValidity(merged, patch, level));
        for (Violation v : result.violations()) {
            problems.add(Problem.error(doc.positionOf(v.pointer()), label, FieldPath.of(doc.root(), v.pointer()), v.message()));
        }
        if (!result.violations().isEmpty()) {
            return null;
        }
        if (p.podSpec() == null && level != PodSecurity.Level.PRIVILEGED) {
            // a pod without a patch is checked too: at restricted it needs the Pipeline's securityContext
            JsonNode pod = result.objects().get(0).toTree().path("spec").path("template").path("spec");
            List<PodSecurity.Finding> findings = PodSecurity.check(pod, level);
            for (PodSecurity.Finding f : findings) {
                problems.add(Problem.error(doc.positionOf("/spec/worker"), label, "spec.worker",
                        "the worker pod at " + FieldPath.of(pod, f.pointer()) + ": " + f.message()
                                + " (set it in spec.worker.podSpec)"));
            }
            if (!findings.isEmpty()) {
                return null;
            }
        }
        if (!fitsTheApiServer(doc, label, result.objects(), problems)) {
            return null;
        }
        return new Rendered(p, doc, result.objects());
    }

    /**
     * The largest object printed, in bytes of compact JSON: 1.5 MiB, the API server's request size
     * limit (etcd's default --max-request-bytes); a larger object could never be stored (issue 12:
     * aliases made a 100 MB env variable).
     */
    public static final int MAX_OBJECT_BYTES = 1536 * 1024;

    /**
     * Each char of the input reaches a rendered object at most twice, each time as at most 7 bytes
     * (sourceRef's JSON escapes escaped again inside the env value: a control char becomes
     * {@code \\u0001}); everything else a Pipeline renders to is small and bounded.
     */
    private static final int BYTES_PER_INPUT_CHAR = 14;
    private static final int RENDERED_OVERHEAD = 64 * 1024;

    private static boolean fitsTheApiServer(SourceDoc doc, String label, List<RenderedObject> objects, List<Problem> problems) {
        if (upperBound(doc.root()) * BYTES_PER_INPUT_CHAR + RENDERED_OVERHEAD <= MAX_OBJECT_BYTES) {
            return true; // the usual case: no object of this Pipeline can come near the limit
        }
        for (RenderedObject o : objects) {
            long bytes = jsonBytes(o.toTree());
            if (bytes > MAX_OBJECT_BYTES) {
                problems.add(Problem.error(doc.positionOf(""), label, null, "renders a " + o.object().getKind() + " of "
                        + bytes + " bytes of JSON, more than the API server accepts (" + MAX_OBJECT_BYTES
                        + " bytes, 1.5 MiB, its request size limit); make spec.sourceRef or spec.worker.podSpec smaller"));
                return false;
            }
        }
        return true;
    }

    /** Chars of strings, keys and numbers in {@code n}, plus a few per node for punctuation. */
    static long upperBound(JsonNode n) {
        if (n.isObject()) {
            long sum = 2;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                sum += e.getKey().length() + 4 + upperBound(e.getValue());
            }
            return sum;
        }
        if (n.isArray()) {
            long sum = 2;
            for (JsonNode item : n) {
                sum += 1 + upperBound(item);
            }
            return sum;
        }
        return n.isTextual() ? n.textValue().length() + 2 : n.asText().length() + 2;
    }

    private static long jsonBytes(JsonNode tree) {
        long[] count = {0};
        java.io.OutputStream counter = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try {
            com.hevlayer.layerrender.render.Json.MAPPER.writeValue(counter, tree);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return count[0];
    }

    /**
     * The patched pod spec must be a valid Kubernetes PodSpec: it is checked, inside a Deployment,
     * against the upstream schema, and each finding points at the patch's own text where it wrote
     * the field.
     */
    private List<Violation> podSpecValidity(ObjectNode merged, ObjectNode patch, PodSecurity.Level level) {
        ObjectNode deployment = JsonNodeFactory.instance.objectNode();
        deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "check");
        ObjectNode spec = deployment.putObject("spec");
        spec.putObject("selector");
        spec.putObject("template").set("spec", merged);
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (DeploymentSchema.Finding f : deploymentSchema.get().validate(deployment)) {
            if (!f.pointer().startsWith("/spec/template/spec")) {
                continue;
            }
            String inPod = f.pointer().substring("/spec/template/spec".length());
            String inPatch = StrategicMerge.locate(merged, patch, inPod);
            boolean exact = inPatch.split("/", -1).length == inPod.split("/", -1).length;
            String message = exact ? f.message()
                    : "the patched pod spec is not a valid PodSpec at " + FieldPath.of(merged, inPod) + ": " + f.message();
            if (seen.add(inPatch + message)) {
                out.add(new Violation("/spec/worker/podSpec" + inPatch, message));
            }
        }
        if (!out.isEmpty()) {
            return out; // the API server's own rules below assume a schema-valid pod spec
        }
        for (ApiServerRules.Finding f : ApiServerRules.podTemplate(merged)) {
            String inPatch = StrategicMerge.locate(merged, patch, f.pointer());
            boolean exact = inPatch.split("/", -1).length == f.pointer().split("/", -1).length;
            String message = exact ? f.message()
                    : "the patched pod spec is not one the API server accepts at " + FieldPath.of(merged, f.pointer())
                            + ": " + f.message();
            if (seen.add(inPatch + message)) {
                out.add(new Violation("/spec/worker/podSpec" + inPatch, message));
            }
        }
        // the Pod Security Standards level the platform demands (--pod-security-level, POD_SECURITY_LEVEL, ...)
        for (PodSecurity.Finding f : PodSecurity.check(merged, level)) {
            String inPatch = StrategicMerge.locate(merged, patch, f.pointer());
            boolean exact = inPatch.split("/", -1).length == f.pointer().split("/", -1).length;
            String message = exact ? f.message() : "at " + FieldPath.of(merged, f.pointer()) + ": " + f.message();
            if (seen.add(inPatch + message)) {
                out.add(new Violation("/spec/worker/podSpec" + inPatch, message));
            }
        }
        return out;
    }

    /** Fields of the CRD that layer-render does not act on yet; null (and dispatch: pull, the default) says nothing. */
    private static void unsupported(SourceDoc doc, String label, List<Problem> problems) {
        for (String pointer : new String[] {"/spec/schedule", "/spec/worker/port", "/spec/worker/url"}) {
            JsonNode v = doc.root().at(pointer);
            if (!v.isMissingNode() && !v.isNull()) {
                problems.add(Problem.warning(doc.positionOf(pointer), label, FieldPath.of(doc.root(), pointer),
                        "not supported yet: accepted and ignored, it does not change the output"));
            }
        }
        if ("push".equals(doc.root().at("/spec/worker/dispatch").asText())) {
            problems.add(Problem.warning(doc.positionOf("/spec/worker/dispatch"), label, "spec.worker.dispatch",
                    "push is not supported yet: the worker is rendered as a pull worker (no Service, no probe)"));
        }
    }

    /** SPEC §3.1: scaling.pool; else the pool named like computeClass; else the first pool of that kind. */
    static Pool choosePool(SourceDoc doc, String label, Pipeline p, List<Pool> pools, List<Problem> problems) {
        List<String> names = new ArrayList<>();
        for (Pool pool : pools) {
            names.add(pool.name());
        }
        Pool chosen = null;
        if (pools.isEmpty()) {
            problems.add(Problem.error(doc.positionOf(p.pool() != null ? "/spec/scaling/pool" : "/spec/worker"), label,
                    p.pool() != null ? "spec.scaling.pool" : "spec.worker.computeClass",
                    "no compute pool to run on: InfraRules/default defines no computePools (add the cluster's pools"
                            + " there, or give no InfraRules to use the built-in pools)"));
            return null;
        }
        if (p.pool() != null) {
            for (Pool pool : pools) {
                if (pool.name().equals(p.pool())) {
                    chosen = pool;
                }
            }
            if (chosen == null) {
                String guess = DidYouMean.suggest(p.pool(), names);
                problems.add(Problem.error(doc.positionOf("/spec/scaling/pool"), label, "spec.scaling.pool",
                        "unknown pool \"" + p.pool() + "\" (" + (guess != null ? "did you mean \"" + guess + "\"? " : "")
                                + "known pools: " + String.join(", ", names) + ")"));
                return null;
            }
        } else {
            String cls = p.computeClass();
            for (Pool pool : pools) {
                if (pool.name().equals(cls)) {
                    chosen = pool;
                    break;
                }
            }
            if (chosen == null) {
                for (Pool pool : pools) {
                    if (pool.kind().equals(cls)) {
                        chosen = pool;
                        break;
                    }
                }
            }
            if (chosen == null) {
                String pointer = p.explicitComputeClass() != null ? "/spec/worker/computeClass" : "/spec/worker";
                problems.add(Problem.error(doc.positionOf(pointer), label, "spec.worker.computeClass",
                        "no pool for computeClass \"" + cls + "\": no pool is named " + cls + " or has kind " + cls
                                + " (set spec.scaling.pool to one of: " + String.join(", ", names) + ")"));
                return null;
            }
        }
        // cpu is the CRD's default: the API server writes it into every stored Pipeline that does not
        // say, so it cannot contradict a pool; only an explicit other class can
        String cls = p.explicitComputeClass();
        if (cls != null && !cls.equals(Pipeline.DEFAULT_COMPUTE_CLASS) && !cls.equals(chosen.kind())) {
            problems.add(Problem.error(doc.positionOf("/spec/worker/computeClass"), label, "spec.worker.computeClass",
                    "\"" + cls + "\" contradicts pool \"" + chosen.name() + "\" of kind \"" + chosen.kind() + "\" "
                            + Rules.rule("a " + cls + " worker on a " + chosen.kind() + " pool would not get the hardware it"
                                    + " asks for", "choose a " + cls + " pool in spec.scaling.pool, or drop computeClass")));
        }
        return chosen;
    }
}
