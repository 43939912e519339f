package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import com.hevlayer.layerrender.util.Parallel;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.PodSecurity;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.DocSource;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.yaml.Position;
import com.hevlayer.layerrender.yaml.Positions;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
     * @param source           every input document, in input order
     * @param layers           gateway settings above the defaults and the VectorStore, lowest precedence first
     * @param defaultNamespace namespace for Pipelines that have none, or null
     * @param streamed         whether {@link Outcome#objects} renders each object again as it is read, holding
     *                         none (a large render to a stream: memory bounded by the input's count of Pipelines,
     *                         not by the output), instead of a list of objects made once
     * @param explain          asks for the origin of every field of every object ({@link RenderedObject#origins()});
     *                         null (the default) for none, which costs a render nothing. The objects are then
     *                         made once and held (never {@code streamed}), and every Pipeline's whole document
     *                         is read again for the positions of its fields: explaining is for one review, not
     *                         for 100,000 Pipelines
     */
    public record Request(
            DocSource source,
            List<SettingsLayer> layers,
            String defaultNamespace,
            boolean streamed,
            Explain explain,
            Parallel parallel,
            Prewrite prewrite) {
        public Request {
            if (streamed && explain != null) {
                throw new IllegalArgumentException("an explained run holds its objects: it cannot be streamed");
            }
            if (parallel == null) {
                throw new IllegalArgumentException("parallel: Parallel.SERIAL for a run on the calling thread");
            }
        }

        /** On the calling thread, nothing written ahead. */
        public Request(
                DocSource source,
                List<SettingsLayer> layers,
                String defaultNamespace,
                boolean streamed,
                Explain explain) {
            this(source, layers, defaultNamespace, streamed, explain, Parallel.SERIAL, null);
        }

        /** The documents read already; objects made once. */
        public Request(List<SourceDoc> docs, List<SettingsLayer> layers, String defaultNamespace) {
            this(DocSource.of(docs), layers, defaultNamespace, false, null);
        }

        /** The documents read already; objects made once, explained when {@code explain} is not null. */
        public Request(List<SourceDoc> docs, List<SettingsLayer> layers, String defaultNamespace, Explain explain) {
            this(DocSource.of(docs), layers, defaultNamespace, false, explain);
        }

        /** A stream of documents, not explained. */
        public Request(DocSource source, List<SettingsLayer> layers, String defaultNamespace, boolean streamed) {
            this(source, layers, defaultNamespace, streamed, null);
        }
    }

    /**
     * A streamed run's objects written (as text, by {@code writer}) while they are checked, on the run's
     * {@link Parallel}, and kept in {@link Outcome#written} instead of being rendered again as they are written:
     * the render of each Pipeline is then done once, not twice. Only up to {@code budgetChars} characters in all
     * are kept, the Pipelines first in input order; the objects of the rest are rendered again as before, so a
     * large run stays bounded by its count of Pipelines (issue 17: 100,000 Pipelines in 512 MB).
     *
     * @param writer the text of one object, given as its tree ({@link RenderedObject#toTree}), as it is written; a
     *               pure function (it runs on several threads) that may change the tree it is given
     */
    public record Prewrite(Function<ObjectNode, String> writer, long budgetChars) {}

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
     * @param written     empty, or one entry per object of {@code objects}: its text as the request's
     *                    {@link Prewrite} wrote it, or null where none was kept (that object is made as it is read)
     */
    public record Outcome(
            List<RenderedObject> objects,
            List<JsonNode> passthrough,
            List<Problem> problems,
            GatewaySettings settings,
            List<SecretUse> secretUses,
            List<String> written) {
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

    /**
     * The steps in order. The documents are read as a stream ({@link Intake#sort}): of each Pipeline only
     * what the later steps need is kept ({@link Taken}: its decoded form, its identity and a few positions),
     * its tree and the position of every node are dropped. The steps that need the pools and the settings
     * ({@link #checkAndRender}) run on that; a Pipeline they find a problem in is read again
     * ({@link Intake#recover}) and checked once more with its whole document, so that every message
     * names the place and the field exactly as when the whole input was held.
     */
    public Outcome run(Request request) {
        List<Problem> problems = new ArrayList<>();
        String defaultNamespace = request.defaultNamespace();
        List<Taken> taken = new ArrayList<>();
        Shared shared = new Shared();
        Intake.Sorted docs = Intake.sort(
                request.source(),
                defaultNamespace,
                schemas,
                deploymentSchema,
                request.parallel(),
                problems,
                new Intake.PipelineSink<Taken>() {
                    @Override
                    public Taken take(int number, SourceDoc doc, List<Problem> found) {
                        return Engine.take(number, doc, defaultNamespace, shared, found);
                    }

                    @Override
                    public void keep(Taken t) {
                        taken.add(t);
                    }
                },
                notYaml -> taken.removeIf(t -> notYaml.contains(t.id.file())));
        List<Pool> pools = Pools.of(docs.infraRules(), deploymentSchema, problems);
        SourceDoc storeDoc = DefaultStore.of(docs.stores(), problems);
        GatewaySettings settings = StoreCredential.resolve(storeDoc, request.layers(), problems);
        Set<String> passthroughKeys = new HashSet<>();
        for (Rules.Identified i : passthroughIdentities(docs.passthrough(), defaultNamespace)) {
            if (i.key() != null) {
                passthroughKeys.add(i.key());
            }
        }
        Explaining explaining = request.explain() == null
                ? null
                : new Explaining(
                        request.explain(),
                        docs.infraRules().isEmpty() ? null : docs.infraRules().get(0),
                        SettingOrigins.of(storeDoc, request.layers()));
        List<Rules.Identified> colliding = new ArrayList<>();
        List<Rendered> rendered =
                renderPipelines(taken, request, pools, settings, explaining, passthroughKeys, colliding, problems);
        for (Map.Entry<SourceDoc, Set<String>> broken : docs.brokenPipelines().entrySet()) {
            checkWhatIsIntact(broken.getKey(), broken.getValue(), defaultNamespace, pools, settings, problems);
        }
        colliding.addAll(passthroughIdentities(docs.passthrough(), defaultNamespace));
        Rules.unique(colliding, problems);
        pipelineIdCeiling(rendered, settings, defaultNamespace, problems);
        return outcome(rendered, docs.passthrough(), problems, settings, request.streamed());
    }

    /**
     * A Pipeline after its own checks, as kept until it is rendered: its decoded form and what its document is
     * known by ({@link Identity}), not its tree.
     *
     * @param number    its number among the documents, to read it again ({@link Intake#recover})
     * @param failed    whether its own checks found an error
     * @param sizeBound {@link ObjectSize#upperBound} of its document
     */
    private record Taken(int number, Pipeline pipeline, Identity id, boolean failed, long sizeBound) {}

    /**
     * What the later steps say of a Pipeline's document without a problem of its own: its apiVersion, kind,
     * metadata.namespace (as written, or null) and the positions of the document, its name and its
     * pipelineId ({@link SourceDoc#positionOf}); {@link #doc} makes a document of them when one is needed.
     */
    private record Identity(
            String file,
            int index,
            JsonNode apiVersion,
            JsonNode kind,
            JsonNode namespace,
            Position at,
            Position name,
            Position pipelineId) {
        static Identity of(SourceDoc doc, Shared shared) {
            JsonNode meta = doc.root().path("metadata");
            return new Identity(
                    shared.string(doc.file()),
                    doc.index(),
                    shared.text(doc.root().get("apiVersion")),
                    shared.text(doc.root().get("kind")),
                    meta.isObject() ? shared.text(meta.get("namespace")) : null,
                    doc.positionOf(""),
                    doc.positionOf("/metadata/name"),
                    doc.positionOf("/spec/pipelineId"));
        }

        /** A document with this identity and {@code name}: its positions are those kept, and the document's elsewhere. */
        SourceDoc doc(String name) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.set("apiVersion", apiVersion);
            root.set("kind", kind);
            ObjectNode meta = root.putObject("metadata");
            meta.put("name", name);
            if (namespace != null) {
                meta.set("namespace", namespace);
            }
            return new SourceDoc(
                    file,
                    index,
                    root,
                    Positions.of(at, Map.of("/metadata/name", this.name, "/spec/pipelineId", pipelineId)));
        }
    }

    /**
     * The checks of one Pipeline that need nothing but its document: identity and fields. Runs on the run's
     * {@link Parallel}: it touches nothing but its arguments (and {@code shared}, which may be shared by threads).
     *
     * @return what is kept of it, or null when it has no name
     */
    private static Taken take(
            int number, SourceDoc doc, String defaultNamespace, Shared shared, List<Problem> problems) {
        int before = problems.size();
        String name = doc.name();
        Rules.identity(doc, defaultNamespace, problems);
        if (name == null) {
            return null; // nothing below can be said of a document without a name
        }
        String namespace = doc.namespace() != null ? doc.namespace() : defaultNamespace;
        ObjectRef ref = ObjectRef.of(doc, defaultNamespace);
        Pipeline p = Decode.pipeline(doc.root(), name, namespace);
        Rules.fields(doc, ref, p, pointer -> true, problems);
        boolean failed = problems.subList(before, problems.size()).stream().anyMatch(Problem::isError);
        return new Taken(
                number, shared.pipeline(p), Identity.of(doc, shared), failed, ObjectSize.upperBound(doc.root()));
    }

    /**
     * A rendered Pipeline: its objects (null when they are rendered again as they are written), how many, whether
     * one of them is a ScaledObject, and the text of each of its objects when it was written ahead ({@link
     * Prewrite}), or null.
     */
    private record Rendered(
            Pipeline pipeline,
            Identity id,
            Pool pool,
            List<RenderedObject> objects,
            int count,
            boolean autoscaled,
            List<String> written) {}

    /**
     * One warning per run when its Pipelines bring more distinct pipelineIds than the gateway exports
     * metrics for and some of them autoscale on those metrics ({@link PipelineIdCeiling}).
     */
    private static void pipelineIdCeiling(
            List<Rendered> rendered, GatewaySettings settings, String defaultNamespace, List<Problem> problems) {
        boolean autoscaled = rendered.stream().anyMatch(Rendered::autoscaled);
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
        SourceDoc doc = first.id.doc(first.pipeline.name());
        problems.add(Problem.warning(
                Code.PIPELINE_ID_CEILING,
                doc.positionOf("/spec/pipelineId"),
                ObjectRef.of(doc, defaultNamespace),
                "spec.pipelineId",
                PipelineIdCeiling.message(count.firstBeyond(), count.distinct().size(), "this run")));
    }

    /**
     * The Pipelines that passed their own checks, each rendered or reported; a name is rendered once per
     * namespace. The rendered objects that share group, kind, namespace and name with a passed-through
     * document go to {@code colliding} ({@link Rules#unique}).
     */
    private List<Rendered> renderPipelines(
            List<Taken> taken,
            Request request,
            List<Pool> pools,
            GatewaySettings settings,
            Explaining explaining,
            Set<String> passthroughKeys,
            List<Rules.Identified> colliding,
            List<Problem> problems) {
        String defaultNamespace = request.defaultNamespace();
        List<Rendered> rendered = new ArrayList<>();
        // explained: every Pipeline's whole document, for the positions of its fields
        Map<Integer, SourceDoc> whole = Map.of();
        if (explaining != null) {
            Set<Integer> all = new HashSet<>();
            taken.forEach(t -> all.add(t.number));
            whole = Intake.recover(request.source(), all, schemas);
        }
        Map<String, Identity> seen = new HashMap<>();
        List<Taken> again = new ArrayList<>();
        List<Boolean> againFailed = new ArrayList<>();
        Parallel parallel = request.parallel();
        Prewrite prewrite = request.streamed() ? request.prewrite() : null;
        long written = 0; // chars of text kept so far
        boolean writing = prewrite != null && prewrite.budgetChars() > 0;
        // in batches: the objects of one batch at a time are held, however many Pipelines there are
        int batch = parallel.parallelism() < 2 ? 1 : BATCH;
        for (int from = 0; from < taken.size(); from += batch) {
            List<Taken> part = taken.subList(from, Math.min(from + batch, taken.size()));
            boolean[] failed = new boolean[part.size()];
            SourceDoc[] docs = new SourceDoc[part.size()];
            for (int i = 0; i < part.size(); i++) { // in input order: the first of a name is the one kept
                Taken t = part.get(i);
                failed[i] = t.failed;
                docs[i] = t.id.doc(t.pipeline.name());
                String namespace = t.pipeline.namespace();
                String key = (namespace == null ? "" : namespace) + "/" + t.pipeline.name();
                Identity first = seen.putIfAbsent(key, t.id);
                if (first != null) {
                    problems.add(Problem.error(
                            Code.DUPLICATE,
                            docs[i].positionOf("/metadata/name"),
                            ObjectRef.of(docs[i], defaultNamespace),
                            "metadata.name",
                            "a second Pipeline with this namespace and name (the first is at " + first.at()
                                    + "); Pipeline names are unique per namespace"));
                    failed[i] = true;
                }
            }
            Function<ObjectNode, String> writer = writing ? prewrite.writer() : null;
            List<Checked> checked = parallel.map(part.size(), i -> {
                Taken t = part.get(i);
                List<Problem> found = new ArrayList<>();
                ObjectNode[] first = new ObjectNode[1]; // the Deployment's tree, when the checks made it
                List<RenderedObject> objects =
                        checkAndRender(t.pipeline, docs[i], failed[i], t.sizeBound, pools, settings, found, first);
                List<String> texts = null;
                if (objects != null && writer != null) {
                    texts = new ArrayList<>(objects.size());
                    for (int k = 0; k < objects.size(); k++) {
                        texts.add(writer.apply(
                                k == 0 && first[0] != null
                                        ? first[0]
                                        : objects.get(k).toTree()));
                    }
                }
                return new Checked(objects, !found.isEmpty(), texts);
            });
            for (int i = 0; i < part.size(); i++) {
                Taken t = part.get(i);
                Checked c = checked.get(i);
                if (c.found) {
                    again.add(t); // its problems are said with its whole document, below
                    againFailed.add(failed[i]);
                }
                List<RenderedObject> objects = c.objects;
                if (objects == null) {
                    continue;
                }
                SourceDoc doc = docs[i];
                if (explaining != null) {
                    objects = Provenance.of(
                            objects,
                            new Provenance.Sources(
                                    whole.get(t.number),
                                    t.pipeline,
                                    pool(t.pipeline, pools),
                                    explaining.infraRules(),
                                    settings,
                                    explaining.settingOrigins(),
                                    explaining.asked().namespaceFrom()));
                }
                boolean autoscaled = false;
                for (RenderedObject o : objects) {
                    autoscaled |= "ScaledObject".equals(o.object().getKind());
                    Rules.Identified id = new Rules.Identified(
                            o.object().getApiVersion(),
                            o.object().getKind(),
                            o.object().getMetadata().getNamespace(),
                            o.object().getMetadata().getName(),
                            doc,
                            true);
                    if (id.key() != null && passthroughKeys.contains(id.key())) {
                        colliding.add(id);
                    }
                }
                List<String> texts = null;
                if (c.texts != null && writing) {
                    long chars = 0;
                    for (String text : c.texts) {
                        chars += text.length();
                    }
                    if (written + chars <= prewrite.budgetChars()) {
                        written += chars;
                        texts = c.texts;
                    } else {
                        writing = false; // the budget is spent: the rest are rendered again as they are written
                    }
                }
                rendered.add(new Rendered(
                        t.pipeline,
                        t.id,
                        pool(t.pipeline, pools),
                        request.streamed() ? null : objects,
                        objects.size(),
                        autoscaled,
                        texts));
            }
        }
        if (!again.isEmpty()) {
            Set<Integer> numbers = new HashSet<>();
            again.forEach(t -> numbers.add(t.number));
            Map<Integer, SourceDoc> docs = Intake.recover(request.source(), numbers, schemas);
            for (int i = 0; i < again.size(); i++) {
                Taken t = again.get(i);
                checkAndRender(
                        t.pipeline,
                        docs.get(t.number),
                        againFailed.get(i),
                        t.sizeBound,
                        pools,
                        settings,
                        problems,
                        new ObjectNode[1]);
            }
        }
        return rendered;
    }

    /** Pipelines checked and rendered at a time, on the run's {@link Parallel}. */
    private static final int BATCH = 512;

    /**
     * What {@link #checkAndRender} made of one Pipeline: its objects (or null), whether it found a problem (said
     * again with the whole document), and its objects' text when written ahead, or null.
     */
    private record Checked(List<RenderedObject> objects, boolean found, List<String> texts) {}

    /** The pool {@link #checkAndRender} rendered {@code p} on (its choice has no refusal then). */
    private static Pool pool(Pipeline p, List<Pool> pools) {
        return PoolChoice.choose(p, pools).pool();
    }

    /** Every passed-through document as an object of the output, for the uniqueness rule. */
    private static List<Rules.Identified> passthroughIdentities(List<SourceDoc> passthrough, String defaultNamespace) {
        List<Rules.Identified> identified = new ArrayList<>();
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
    private Outcome outcome(
            List<Rendered> rendered,
            List<SourceDoc> passthrough,
            List<Problem> problems,
            GatewaySettings settings,
            boolean streamed) {
        Collections.sort(problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            return new Outcome(List.of(), List.of(), problems, settings, List.of(), List.of());
        }
        rendered.sort(Comparator.comparing((Rendered r) -> r.pipeline.namespace() == null ? "" : r.pipeline.namespace())
                .thenComparing(r -> r.pipeline.name()));
        List<RenderedObject> objects = new ArrayList<>();
        List<SecretUse> uses = new ArrayList<>();
        for (Rendered r : rendered) {
            if (!streamed) {
                objects.addAll(r.objects); // Deployment, TriggerAuthentication, ScaledObject: Renderer's order
            }
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
        List<String> written = List.of();
        if (rendered.stream().anyMatch(r -> r.written != null)) {
            written = new ArrayList<>();
            for (Rendered r : rendered) {
                if (r.written != null) {
                    written.addAll(r.written);
                } else {
                    written.addAll(Collections.nCopies(r.count, null));
                }
            }
            written = Collections.unmodifiableList(written);
        }
        if (streamed) {
            List<Pipeline> pipelines = new ArrayList<>(rendered.size());
            List<Pool> pools = new ArrayList<>(rendered.size());
            int[] counts = new int[rendered.size()];
            for (int i = 0; i < rendered.size(); i++) {
                pipelines.add(rendered.get(i).pipeline);
                pools.add(rendered.get(i).pool);
                counts[i] = rendered.get(i).count;
            }
            objects = new RenderedAgain(pipelines, pools, counts, settings);
        }
        return new Outcome(objects, passedThrough, problems, settings, List.copyOf(uses), written);
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

    /**
     * The steps of one Pipeline that need the pools and the settings: pool, replicas, render, pod-spec validity,
     * object size. {@code doc} may be the Pipeline's identity only ({@link Taken#doc}): the decisions are made
     * from {@code p}, the document only places the problems.
     *
     * @param failed whether an earlier step found an error in it: then it is checked, not rendered
     * @param first  gets the first object's (the Deployment's) tree when a check made it, to be written without
     *               being made again; the checks only read it
     * @return its objects, or null when it is not rendered
     */
    private List<RenderedObject> checkAndRender(
            Pipeline p,
            SourceDoc doc,
            boolean failed,
            long sizeBound,
            List<Pool> pools,
            GatewaySettings settings,
            List<Problem> problems,
            ObjectNode[] first) {
        int before = problems.size();
        ObjectRef ref = ObjectRef.of(doc, p.namespace());
        Pool pool = choosePool(doc, ref, p, pools, problems);
        Rules.replicas(doc, ref, p, pool, settings, problems);
        if (failed || problems.subList(before, problems.size()).stream().anyMatch(Problem::isError)) {
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
            first[0] = result.objects().get(0).toTree();
            JsonNode pod = first[0].path("spec").path("template").path("spec");
            if (!PodSpecValidity.unpatchedPod(doc, ref, pod, level, problems)) {
                return null;
            }
        }
        if (!ObjectSize.fitsTheApiServer(doc, sizeBound, ref, result.objects(), problems)) {
            return null;
        }
        return result.objects();
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
