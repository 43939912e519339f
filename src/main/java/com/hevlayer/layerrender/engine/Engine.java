package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.render.Credential;
import com.hevlayer.layerrender.render.PoolChoice;
import com.hevlayer.layerrender.render.Provenance;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.render.Renderer;
import com.hevlayer.layerrender.render.Violation;
import com.hevlayer.layerrender.settings.GatewaySettings;
import com.hevlayer.layerrender.settings.SettingOrigins;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.settings.StoreCredential;
import com.hevlayer.layerrender.util.Lazy;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.PodSecurity;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Input documents and settings in; rendered objects, passed-through documents and problems out.
 * Owns the order of the steps of a run ({@link #run}); each step lives in its own place:
 * {@link Intake} (classify, normalize, metadata, schema), {@link Rules} (SPEC §2), {@link Pools},
 * {@link DefaultStore}, the settings, {@link PoolChoice}, {@link Renderer}, {@link PodSpecValidity},
 * {@link ObjectSize} and {@link Rules#unique}. Pure: no I/O, no clock, no environment; everything it
 * needs arrives in the {@link Request}.
 */
public final class Engine {
    public static final int MAX_PIPELINE_NAME = Rules.MAX_PIPELINE_NAME;

    private final SchemaCheck schemas;
    private final Supplier<DeploymentSchema> deploymentSchema;
    private final PodSpecValidity podSpecValidity;

    /**
     * @param deploymentSchema supplies the upstream Deployment schema; asked only when a Pipeline has
     *                         a podSpec patch, so runs without one do not pay for compiling it
     */
    public Engine(SchemaCheck schemas, Supplier<DeploymentSchema> deploymentSchema) {
        this.schemas = schemas;
        this.deploymentSchema = Lazy.of(deploymentSchema); // compiled once, even when asked from several threads
        this.podSpecValidity = new PodSpecValidity(this.deploymentSchema);
    }

    /**
     * @param docs             every input document, in input order
     * @param layers           gateway settings above the defaults and the VectorStore, lowest precedence first
     * @param defaultNamespace namespace for Pipelines that have none, or null
     * @param explain          asks for the origin of every field of every object ({@link RenderedObject#origins()});
     *                         null (the default) for none, which costs a render nothing
     */
    public record Request(List<SourceDoc> docs, List<SettingsLayer> layers, String defaultNamespace, Explain explain) {
        public Request(List<SourceDoc> docs, List<SettingsLayer> layers, String defaultNamespace) {
            this(docs, layers, defaultNamespace, null);
        }
    }

    /**
     * Provenance asked for ({@code layer-render explain}, the KRM function's origin annotations).
     *
     * @param namespaceFrom where the default namespace was decided (e.g. {@code flag --namespace}), or null
     */
    public record Explain(String namespaceFrom) {}

    /** What provenance needs beside a Pipeline: made once per run, only when asked. */
    private record Explaining(
            Explain asked, SourceDoc infraRules, Map<String, SettingOrigins.Decided> settingOrigins) {}

    /**
     * @param objects     rendered objects in output order; empty when any error was found
     * @param passthrough documents that are not ours, in input order; empty when any error was found
     * @param problems    errors and warnings, in file and line order
     * @param secretUses  each rendered Pipeline whose worker reads the gateway settings' Secret (not one of its
     *                    own), in output order; empty when any error was found
     */
    public record Outcome(
            List<RenderedObject> objects,
            List<JsonNode> passthrough,
            List<Problem> problems,
            GatewaySettings settings,
            List<SecretUse> secretUses) {
        public boolean failed() {
            return problems.stream().anyMatch(Problem::isError);
        }
    }

    /**
     * A worker that reads the gateway settings' Secret {@code secretName}/{@code secretKey} in its own
     * namespace (and so needs it there): the reconciler copies it from {@link GatewaySettings#secretNamespace()},
     * the other front ends can only say so.
     *
     * @param namespace the Pipeline's namespace, or null when it has none (the one it is applied to)
     */
    public record SecretUse(String namespace, String pipeline, String secretName, String secretKey) {}

    public Outcome run(Request request) {
        List<Problem> problems = new ArrayList<>();
        String defaultNamespace = request.defaultNamespace();
        Intake.Sorted docs = Intake.sort(request.docs(), defaultNamespace, schemas, deploymentSchema, problems);
        List<Pool> pools = Pools.of(docs.infraRules(), deploymentSchema, problems);
        SourceDoc storeDoc = DefaultStore.of(docs.stores(), problems);
        GatewaySettings settings = StoreCredential.resolve(storeDoc, request.layers(), problems);
        Explaining explaining = request.explain() == null
                ? null
                : new Explaining(
                        request.explain(),
                        docs.infraRules().isEmpty() ? null : docs.infraRules().get(0),
                        SettingOrigins.of(storeDoc, request.layers()));
        List<Rendered> rendered =
                renderPipelines(docs.pipelines(), defaultNamespace, pools, settings, explaining, problems);
        for (Map.Entry<SourceDoc, Set<String>> broken : docs.brokenPipelines().entrySet()) {
            checkWhatIsIntact(broken.getKey(), broken.getValue(), defaultNamespace, pools, settings, problems);
        }
        Rules.unique(identities(rendered, docs.passthrough(), defaultNamespace), problems);
        pipelineIdCeiling(rendered, settings, defaultNamespace, problems);
        return outcome(rendered, docs.passthrough(), problems, settings);
    }

    private record Rendered(Pipeline pipeline, SourceDoc doc, List<RenderedObject> objects) {}

    /**
     * One warning per run when its Pipelines bring more distinct pipelineIds than the gateway exports
     * metrics for and some of them autoscale on those metrics ({@link PipelineIdCeiling}).
     */
    private static void pipelineIdCeiling(
            List<Rendered> rendered, GatewaySettings settings, String defaultNamespace, List<Problem> problems) {
        boolean autoscaled = rendered.stream()
                .anyMatch(r -> r.objects.stream()
                        .anyMatch(o -> "ScaledObject".equals(o.object().getKind())));
        if (!autoscaled || !PipelineIdCeiling.applies(settings)) {
            return;
        }
        PipelineIdCeiling.Count count = PipelineIdCeiling.count(
                rendered.stream().map(r -> r.pipeline.pipelineId()).toList());
        if (!count.exceeded()) {
            return;
        }
        Rendered first = rendered.stream()
                .filter(r -> r.pipeline.pipelineId().equals(count.firstBeyond()))
                .findFirst()
                .orElseThrow();
        problems.add(Problem.warning(
                Code.PIPELINE_ID_CEILING,
                first.doc.positionOf("/spec/pipelineId"),
                ObjectRef.of(first.doc, defaultNamespace),
                "spec.pipelineId",
                PipelineIdCeiling.message(count.firstBeyond(), count.distinct().size(), "this run")));
    }

    /** The Pipelines that passed their schema check, each rendered or reported; a name is rendered once per namespace. */
    private List<Rendered> renderPipelines(
            List<SourceDoc> pipelines,
            String defaultNamespace,
            List<Pool> pools,
            GatewaySettings settings,
            Explaining explaining,
            List<Problem> problems) {
        List<Rendered> rendered = new ArrayList<>();
        Map<String, SourceDoc> seen = new HashMap<>();
        for (SourceDoc doc : pipelines) {
            Rendered r = pipeline(doc, defaultNamespace, pools, settings, explaining, seen, problems);
            if (r != null) {
                rendered.add(r);
            }
        }
        return rendered;
    }

    /** Every object of the output, rendered or passed through, for the uniqueness rule. */
    private static List<Rules.Identified> identities(
            List<Rendered> rendered, List<SourceDoc> passthrough, String defaultNamespace) {
        List<Rules.Identified> identified = new ArrayList<>();
        for (Rendered r : rendered) {
            for (RenderedObject o : r.objects) {
                identified.add(new Rules.Identified(
                        o.object().getApiVersion(),
                        o.object().getKind(),
                        o.object().getMetadata().getNamespace(),
                        o.object().getMetadata().getName(),
                        r.doc,
                        true));
            }
        }
        for (SourceDoc d : passthrough) {
            JsonNode meta = d.root().path("metadata");
            identified.add(new Rules.Identified(
                    d.apiVersion(),
                    d.kind(),
                    meta.path("namespace").isTextual() ? d.namespace() : defaultNamespace,
                    d.name(),
                    d,
                    false));
        }
        return identified;
    }

    /** Problems in file and line order; objects and passed-through documents only when there is no error. */
    private static Outcome outcome(
            List<Rendered> rendered, List<SourceDoc> passthrough, List<Problem> problems, GatewaySettings settings) {
        Collections.sort(problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Outcome(List.of(), List.of(), problems, settings, List.of());
        }
        rendered.sort(Comparator.comparing((Rendered r) -> r.pipeline.namespace() == null ? "" : r.pipeline.namespace())
                .thenComparing(r -> r.pipeline.name()));
        List<RenderedObject> objects = new ArrayList<>();
        List<SecretUse> uses = new ArrayList<>();
        for (Rendered r : rendered) {
            objects.addAll(r.objects); // Deployment, TriggerAuthentication, ScaledObject: Renderer's order
            Credential.Outcome c = Credential.of(r.pipeline, settings);
            if (settings.authenticated()
                    && c.credential() != null
                    && !c.credential().own()) {
                uses.add(new SecretUse(
                        r.pipeline.namespace(),
                        r.pipeline.name(),
                        c.credential().secretName(),
                        c.credential().secretKey()));
            }
        }
        List<JsonNode> passedThrough = new ArrayList<>(passthrough.size());
        for (SourceDoc d : passthrough) {
            passedThrough.add(d.root());
        }
        return new Outcome(objects, passedThrough, problems, settings, List.copyOf(uses));
    }

    private static final List<String> POOL_FIELDS = List.of("/spec/scaling/pool", "/spec/worker/computeClass");
    private static final List<String> REPLICA_FIELDS = List.of("/spec/scaling/replicas", "/spec/scaling/mode");

    /**
     * For a Pipeline that failed its schema check: the rules whose fields are intact still run, so
     * that one run reports every error (an unknown pool beside a misspelt field, say).
     */
    private static void checkWhatIsIntact(
            SourceDoc doc,
            Set<String> errorPointers,
            String defaultNamespace,
            List<Pool> pools,
            GatewaySettings settings,
            List<Problem> problems) {
        Rules.identity(doc, defaultNamespace, problems);
        if (doc.name() == null) {
            return;
        }
        String namespace = doc.namespace() != null ? doc.namespace() : defaultNamespace;
        ObjectRef ref = ObjectRef.of(doc, defaultNamespace);
        Pipeline p = Decode.pipeline(doc.root(), doc.name(), namespace);
        Rules.fields(doc, ref, p, pointer -> intact(errorPointers, List.of(pointer)), problems);
        Pool pool = intact(errorPointers, POOL_FIELDS) ? choosePool(doc, ref, p, pools, problems) : null;
        if (intact(errorPointers, REPLICA_FIELDS)) {
            Rules.replicas(doc, ref, p, pool, settings, problems);
        }
    }

    /** No schema error lies on, above or below any of {@code fields}. */
    static boolean intact(Set<String> errorPointers, List<String> fields) {
        for (String e : errorPointers) {
            for (String f : fields) {
                if (e.isEmpty() || f.equals(e) || f.startsWith(e + "/") || e.startsWith(f + "/")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One Pipeline: identity, rules, pool, replicas, render, pod-spec validity, object size. */
    private Rendered pipeline(
            SourceDoc doc,
            String defaultNamespace,
            List<Pool> pools,
            GatewaySettings settings,
            Explaining explaining,
            Map<String, SourceDoc> seen,
            List<Problem> problems) {
        int before = problems.size();
        String name = doc.name();
        String namespace = doc.namespace() != null ? doc.namespace() : defaultNamespace;
        ObjectRef ref = ObjectRef.of(doc, defaultNamespace);
        Rules.identity(doc, defaultNamespace, problems);
        if (name == null) {
            return null; // nothing below can be said of a document without a name
        }
        String key = (namespace == null ? "" : namespace) + "/" + name;
        SourceDoc first = seen.putIfAbsent(key, doc);
        if (first != null) {
            problems.add(Problem.error(
                    Code.DUPLICATE,
                    doc.positionOf("/metadata/name"),
                    ref,
                    "metadata.name",
                    "a second Pipeline with this namespace and name (the first is at " + first.positionOf("")
                            + "); Pipeline names are unique per namespace"));
        }

        Pipeline p = Decode.pipeline(doc.root(), name, namespace);
        Rules.fields(doc, ref, p, pointer -> true, problems);
        Pool pool = choosePool(doc, ref, p, pools, problems);
        Rules.replicas(doc, ref, p, pool, settings, problems);
        if (problems.subList(before, problems.size()).stream().anyMatch(Problem::isError)) {
            return null;
        }

        PodSecurity.Level level =
                PodSecurity.Level.parse(settings.podSecurityLevel()).orElse(PodSecurity.Level.BASELINE);
        Renderer.Result result =
                Renderer.render(p, pool, settings, (merged, patch) -> podSpecValidity.ofPatch(merged, patch, level));
        for (Violation v : result.violations()) {
            problems.add(Problem.error(
                    v.code(), doc.positionOf(v.pointer()), ref, FieldPath.of(doc.root(), v.pointer()), v.message()));
        }
        if (!result.violations().isEmpty()) {
            return null;
        }
        if (p.podSpec() == null && level != PodSecurity.Level.PRIVILEGED) {
            JsonNode pod = result.objects()
                    .get(0)
                    .toTree()
                    .path("spec")
                    .path("template")
                    .path("spec");
            if (!PodSpecValidity.unpatchedPod(doc, ref, pod, level, problems)) {
                return null;
            }
        }
        if (!ObjectSize.fitsTheApiServer(doc, ref, result.objects(), problems)) {
            return null;
        }
        if (explaining == null) {
            return new Rendered(p, doc, result.objects());
        }
        Provenance.Sources sources = new Provenance.Sources(
                doc,
                p,
                pool,
                explaining.infraRules(),
                settings,
                explaining.settingOrigins(),
                explaining.asked().namespaceFrom());
        return new Rendered(p, doc, Provenance.of(result.objects(), sources));
    }

    /** The pools step for one Pipeline ({@link PoolChoice}), its refusals as problems. */
    private static Pool choosePool(SourceDoc doc, ObjectRef ref, Pipeline p, List<Pool> pools, List<Problem> problems) {
        PoolChoice.Choice choice = PoolChoice.choose(p, pools);
        for (PoolChoice.Refusal r : choice.refusals()) {
            problems.add(Problem.error(r.code(), doc.positionOf(r.pointer()), ref, r.field(), r.message()));
        }
        return choice.pool();
    }
}
