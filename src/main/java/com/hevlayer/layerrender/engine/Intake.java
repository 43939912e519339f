package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.util.Parallel;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.DidYouMean;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.DocSource;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The first steps of a run, per document: expand {@code v1 List}s, classify (ours, passed through, or
 * broken), normalize to what the API server would keep, check metadata and the CRD schema, and sort
 * the documents that pass by kind. Owns the rules of "which documents does layer-render take".
 */
final class Intake {
    private Intake() {}

    /**
     * @param brokenPipelines Pipelines with schema errors, with the JSON pointers of those errors
     * @param infraRules      InfraRules without schema errors, in input order
     * @param stores          VectorStores without schema errors, in input order
     * @param passthrough     documents that are not ours, in input order
     */
    record Sorted(
            Map<SourceDoc, Set<String>> brokenPipelines,
            List<SourceDoc> infraRules,
            List<SourceDoc> stores,
            List<SourceDoc> passthrough) {}

    /**
     * Where a Pipeline without schema errors goes: {@link #take} runs its own checks, on any thread, and makes what
     * is kept of it (or null); {@link #keep} is handed those, on the calling thread, in input order.
     */
    interface PipelineSink<T> {
        /** @param number its number among the documents ({@link #recover}) */
        T take(int number, SourceDoc doc, List<Problem> problems);

        void keep(T taken);
    }

    /** Documents checked by one task: a few, so that starting a task costs little beside them. */
    private static final int BATCH = 32;

    /** Tasks in flight at most per thread of the {@link Parallel}: the documents held stay few. */
    private static final int IN_FLIGHT = 3;

    /**
     * Tasks in flight at most, however many cores: the documents held (each a tree with a position per node) are
     * bounded by a constant, not by the machine (at most {@code (MAX_IN_FLIGHT + 1) × BATCH}).
     */
    private static final int MAX_IN_FLIGHT = 8;

    /** What one task made of its documents, merged in input order. */
    private record Batch<T>(Sorted sorted, List<Problem> problems, List<T> pipelines) {}

    /**
     * Every document of {@code source}, once: Pipelines without schema errors go to {@code pipelines} (in input
     * order), the rest are sorted. Documents of a file that turns out not to be YAML are disregarded, with their
     * problems; {@code pipelines} gets the set of those files to do the same. The documents are read on the
     * calling thread and checked in batches on {@code parallel} while the next ones are read; the batches are
     * merged in input order, so the problems and the documents come out as if checked one after the other.
     */
    static <T> Sorted sort(
            DocSource source,
            String defaultNamespace,
            SchemaCheck schemas,
            Supplier<DeploymentSchema> deploymentSchema,
            Parallel parallel,
            List<Problem> problems,
            PipelineSink<T> pipelines,
            Consumer<Set<String>> notYaml) {
        Sorted out = new Sorted(new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int batch = parallel.parallelism() < 2 ? 1 : BATCH;
        int inFlight = Math.min(IN_FLIGHT * parallel.parallelism(), MAX_IN_FLIGHT);
        ArrayDeque<Supplier<Batch<T>>> running = new ArrayDeque<>();
        List<SourceDoc> docs = new ArrayList<>();
        int[] first = {0}; // the number of docs' first document
        Runnable startBatch = () -> {
            List<SourceDoc> these = List.copyOf(docs);
            int from = first[0];
            docs.clear();
            first[0] += these.size();
            // the first batch on this thread: an input of a few documents never waits for another thread
            running.add((from == 0 ? Parallel.SERIAL : parallel).start(() -> {
                Batch<T> b = new Batch<>(
                        new Sorted(new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()),
                        new ArrayList<>(),
                        new ArrayList<>());
                for (int i = 0; i < these.size(); i++) {
                    take(these.get(i), from + i, defaultNamespace, schemas, deploymentSchema, b, pipelines);
                }
                return b;
            }));
            while (running.size() > inFlight) {
                merge(running.remove().get(), out, problems, pipelines);
            }
        };
        Set<String> failed = source.forEach(read -> {
            for (SourceDoc input : expandLists(read)) {
                docs.add(input);
                if (docs.size() >= batch) {
                    startBatch.run();
                }
            }
        });
        if (!docs.isEmpty()) {
            startBatch.run();
        }
        while (!running.isEmpty()) {
            merge(running.remove().get(), out, problems, pipelines);
        }
        if (!failed.isEmpty()) {
            problems.removeIf(p -> failed.contains(p.position().file()));
            out.brokenPipelines().keySet().removeIf(d -> failed.contains(d.file()));
            out.infraRules().removeIf(d -> failed.contains(d.file()));
            out.stores().removeIf(d -> failed.contains(d.file()));
            out.passthrough().removeIf(d -> failed.contains(d.file()));
            notYaml.accept(failed);
        }
        return out;
    }

    private static <T> void merge(Batch<T> b, Sorted out, List<Problem> problems, PipelineSink<T> pipelines) {
        out.brokenPipelines().putAll(b.sorted().brokenPipelines());
        out.infraRules().addAll(b.sorted().infraRules());
        out.stores().addAll(b.sorted().stores());
        out.passthrough().addAll(b.sorted().passthrough());
        problems.addAll(b.problems());
        for (T t : b.pipelines()) {
            pipelines.keep(t);
        }
    }

    /** One document's checks, into {@code b}: pure, and touching nothing but {@code b}, so any thread may run it. */
    private static <T> void take(
            SourceDoc input,
            int number,
            String defaultNamespace,
            SchemaCheck schemas,
            Supplier<DeploymentSchema> deploymentSchema,
            Batch<T> b,
            PipelineSink<T> pipelines) {
        Sorted out = b.sorted();
        List<Problem> problems = b.problems();
        Kind kind = classify(input, problems, out.passthrough());
        if (kind == null) {
            return;
        }
        SourceDoc doc = schemas.normalized(kind, input); // what the API server would keep, without status
        // a Pipeline's schema findings carry the same object as its other errors (--namespace included)
        ObjectRef ref = ObjectRef.of(doc, kind == Kind.PIPELINE ? defaultNamespace : null);
        Rules.metadata(doc, ref, kind == Kind.VECTOR_STORE, problems);
        Set<String> errorPointers = new HashSet<>();
        for (SchemaCheck.Finding f : schemas.findings(kind, doc, ref)) {
            problems.add(f.problem());
            if (f.problem().isError()) {
                errorPointers.add(f.pointer());
            }
        }
        if (!errorPointers.isEmpty()) {
            if (kind == Kind.PIPELINE) {
                out.brokenPipelines().put(doc, errorPointers); // its other rules still get checked, all at once
            } else if (kind == Kind.INFRA_RULES) {
                Pools.checkIntactPools(doc, errorPointers, deploymentSchema, problems);
            }
            return;
        }
        switch (kind) {
            case PIPELINE:
                T taken = pipelines.take(number, doc, problems);
                if (taken != null) {
                    b.pipelines().add(taken);
                }
                break;
            case INFRA_RULES:
                out.infraRules().add(doc);
                break;
            default:
                Rules.storeCredential(doc, ref, problems);
                out.stores().add(doc);
        }
    }

    /**
     * The Pipelines numbered {@code numbers} by {@link #sort}, read again from {@code source} and normalized as
     * then: a later step that finds a problem needs the document's positions back.
     */
    static Map<Integer, SourceDoc> recover(DocSource source, Set<Integer> numbers, SchemaCheck schemas) {
        Map<Integer, SourceDoc> out = new HashMap<>();
        int[] number = {0};
        source.forEach(read -> {
            for (SourceDoc input : expandLists(read)) {
                if (numbers.contains(number[0]++)) {
                    out.put(number[0] - 1, schemas.normalized(Kind.PIPELINE, input));
                }
            }
        });
        return out;
    }

    /** A {@code v1 List} (what {@code kubectl get -o yaml} prints) stands for its items, as kubectl reads it. */
    static List<SourceDoc> expandLists(SourceDoc d) {
        if ("v1".equals(d.apiVersion())
                && "List".equals(d.kind())
                && d.root().path("items").isArray()) {
            List<SourceDoc> out = new ArrayList<>(d.root().get("items").size());
            for (int i = 0; i < d.root().get("items").size(); i++) {
                out.add(d.part("/items/" + i));
            }
            return out;
        }
        return List.of(d);
    }

    /** Our kind, or null when the document is passed through or is broken. */
    private static Kind classify(SourceDoc doc, List<Problem> problems, List<SourceDoc> passthrough) {
        JsonNode root = doc.root();
        if (!root.isObject()) {
            problems.add(Problem.error(
                    Code.UNKNOWN_DOCUMENT,
                    doc.positionOf(""),
                    null,
                    null,
                    "document " + (doc.index() + 1)
                            + " is not a Kubernetes object (expected a mapping with apiVersion and kind)"));
            return null;
        }
        ObjectRef ref = ObjectRef.of(doc, null);
        boolean broken = false;
        for (String field : new String[] {"apiVersion", "kind"}) {
            JsonNode v = root.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                problems.add(Problem.error(
                        Code.UNKNOWN_DOCUMENT,
                        doc.positionOf(v == null ? "" : "/" + field),
                        ref,
                        field,
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
                problems.add(Problem.error(
                        Code.UNKNOWN_DOCUMENT,
                        doc.positionOf("/kind"),
                        ref,
                        "kind",
                        "unknown hevlayer.com kind (did you mean \"" + guess + "\"?)"));
            } else {
                problems.add(Problem.warning(
                        Code.UNKNOWN_DOCUMENT,
                        doc.positionOf("/kind"),
                        ref,
                        "kind",
                        "not a kind layer-render renders (" + String.join(", ", names)
                                + "); passed through unchanged"));
                passthrough.add(doc);
            }
            return null;
        }
        if (!apiVersion.equals(Kind.API_VERSION)) {
            problems.add(Problem.error(
                    Code.UNKNOWN_DOCUMENT,
                    doc.positionOf("/apiVersion"),
                    ref,
                    "apiVersion",
                    "unknown version \"" + apiVersion + "\" of " + kind.kind + " (layer-render reads "
                            + Kind.API_VERSION + ")"));
            return null;
        }
        return kind;
    }
}
