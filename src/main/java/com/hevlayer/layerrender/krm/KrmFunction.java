package com.hevlayer.layerrender.krm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.Labels;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.settings.FrontEndSettings;
import com.hevlayer.layerrender.settings.FunctionConfig;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.Position;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KRM function (kustomize, kpt) as a pure function: a {@code config.kubernetes.io/v1 ResourceList}
 * in, one out. Pipelines, InfraRules and VectorStores among the items, in the files the
 * functionConfig names and inline in it, are rendered by the {@link Engine} with the settings of the
 * functionConfig above the environment; every other item passes through as it came. Problems become
 * {@code results}. It owns the protocol: the ResourceList's shape, the kustomize path and index
 * annotations of generated items, and each result's fields. No I/O: the files the functionConfig
 * names are read by the caller ({@link Request#filesToRead()}) and passed in.
 */
public final class KrmFunction {
    public static final String RESOURCE_LIST_API_VERSION = "config.kubernetes.io/v1";
    public static final String PATH = "config.kubernetes.io/path";
    public static final String INDEX = "config.kubernetes.io/index";
    public static final String INTERNAL_PATH = "internal.config.kubernetes.io/path";
    public static final String INTERNAL_INDEX = "internal.config.kubernetes.io/index";
    /**
     * Set by kpt on every item it read from a file of the package (it writes the files back in place, keeping
     * the sequence indentation); kustomize never sets it.
     */
    public static final String SEQ_INDENT = "internal.config.kubernetes.io/seqindent";
    /** The marker of an object this function generated: dropped when it comes back as an item, then made again. */
    public static final String GENERATED_BY = "fn.hevlayer.com/generated-by";

    public static final String GENERATOR = "layer-render";
    /**
     * Where a generated object came from, with {@code origin-annotations: "true"} in the functionConfig: YAML in the
     * spirit of kustomize's {@code config.kubernetes.io/origin} ({@code path}, {@code configuredBy}), plus a short
     * summary of where its fields came from (see {@link OriginAnnotation}).
     */
    public static final String ORIGIN = "fn.hevlayer.com/origin";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /**
     * Nodes the whole ResourceList may expand to (each item has the per-document {@link Limits#DEFAULT} of its
     * own): 2,000 ConfigMaps of 2 KB are about 100,000 nodes; ten thousand Pipelines about 500,000.
     */
    public static final long MAX_LIST_NODES = 2_000_000;

    private final Engine engine;

    public KrmFunction(Engine engine) {
        this.engine = engine;
    }

    /** Input that is not a ResourceList: nothing sensible to write on stdout. */
    public static final class NotAResourceList extends Exception {
        public NotAResourceList(String message) {
            super(message);
        }
    }

    /**
     * A ResourceList read, its functionConfig parsed.
     *
     * @param config   the functionConfig, or null when it has errors (they are in {@code problems})
     * @param problems the protocol's and the functionConfig's problems
     */
    public record Request(SourceDoc list, SourceDoc configDoc, FunctionConfig config, List<Problem> problems) {
        /** What the caller reads (relative to the function's working directory) before {@link #run}. */
        public Files filesToRead() {
            return config == null
                    ? new Files(null, List.of(), List.of())
                    : new Files(config.infraRules(), config.files(), config.exclude());
        }
    }

    /**
     * Paths the functionConfig names: its infra-rules file (or null), its files and folders, and the globs the walk
     * of those folders leaves out.
     */
    public record Files(String infraRules, List<String> paths, List<String> exclude) {
        public Files(String infraRules, List<String> paths) {
            this(infraRules, paths, List.of());
        }
    }

    /**
     * What the caller read for {@link Request#filesToRead()}.
     *
     * @param texts      every file read, by label (its path), with its documents (empty when it did not parse)
     * @param infraRules the InfraRules documents of the infra-rules file
     * @param files      the documents of the files and folders
     * @param problems   what went wrong reading them
     */
    public record Read(
            Map<String, List<SourceDoc>> texts,
            List<SourceDoc> infraRules,
            List<SourceDoc> files,
            List<Problem> problems) {
        public static Read none() {
            return new Read(Map.of(), List.of(), List.of(), List.of());
        }
    }

    /**
     * @param resourceList the ResourceList to print on stdout
     * @param messages     a line per problem for stderr (kustomize never prints results)
     * @param failed       whether an error was found (nothing rendered; the exit status is non-zero)
     */
    public record Response(ObjectNode resourceList, List<String> messages, long errors) {
        public boolean failed() {
            return errors > 0;
        }
    }

    /** Where a document came from, for results' {@code file} and for generated items' paths. */
    private record Source(String path, Integer index, List<SourceDoc> docs) {}

    /** Parses stdin's ResourceList and its functionConfig. */
    public static Request read(byte[] text) throws NotAResourceList {
        List<SourceDoc> read;
        try {
            // the limits meant for one manifest apply to each item, not to the whole list
            read = YamlLoader.perItem(Limits.DEFAULT, MAX_LIST_NODES).load("stdin", text);
        } catch (YamlException e) {
            throw new NotAResourceList(
                    Problem.error(Code.YAML_SYNTAX, e.position(), ObjectRef.of(e), e.field(), e.getMessage())
                            .format());
        }
        if (read.size() != 1
                || !"ResourceList".equals(read.get(0).kind())
                || !RESOURCE_LIST_API_VERSION.equals(read.get(0).apiVersion())) {
            throw new NotAResourceList(
                    "stdin must hold one " + RESOURCE_LIST_API_VERSION + " ResourceList (the KRM function protocol)");
        }
        SourceDoc list = read.get(0);
        List<Problem> problems = new ArrayList<>();
        JsonNode itemsNode = list.root().path("items");
        // the protocol's shape: items a list of objects, functionConfig an object (or absent)
        if (!itemsNode.isMissingNode() && !itemsNode.isNull() && !itemsNode.isArray()) {
            problems.add(problem(
                    Code.INVALID_FUNCTION_INPUT,
                    list.positionOf("/items"),
                    "ResourceList",
                    "items",
                    "must be a list of objects (the KRM function protocol), not " + typeOf(itemsNode)));
        }
        JsonNode configNode = list.root().path("functionConfig");
        SourceDoc configDoc = null;
        if (configNode.isObject()) {
            configDoc = FunctionConfig.relabel(list.part("/functionConfig"), FunctionConfig.LABEL);
        } else if (!configNode.isMissingNode() && !configNode.isNull()) {
            problems.add(problem(
                    Code.INVALID_FUNCTION_INPUT,
                    list.positionOf("/functionConfig"),
                    "ResourceList",
                    "functionConfig",
                    "must be an object (a v1 ConfigMap or a " + FunctionConfig.API_VERSION + " " + FunctionConfig.KIND
                            + "), not " + typeOf(configNode)));
        }
        FunctionConfig config = configNode.isMissingNode() || configNode.isObject() || configNode.isNull()
                ? FunctionConfig.parse(configDoc, problems)
                : null;
        return new Request(list, configDoc, config, problems);
    }

    /**
     * @param env  the environment's variables (the operator's gateway settings)
     * @param read what the caller read for {@link Request#filesToRead()}
     */
    public Response run(Request request, Map<String, String> env, Read read) {
        SourceDoc list = request.list();
        SourceDoc configDoc = request.configDoc();
        FunctionConfig config = request.config();
        List<Problem> problems = new ArrayList<>(request.problems());
        Map<String, Source> sources = new LinkedHashMap<>();
        if (configDoc != null) {
            sources.put(FunctionConfig.LABEL, new Source(null, null, List.of(configDoc)));
        }

        JsonNode itemsNode = list.root().path("items");
        List<SourceDoc> itemDocs = itemsNode.isArray() ? list.items("/items") : List.of();
        List<JsonNode> items = new ArrayList<>();
        itemDocs.forEach(d -> items.add(d.root()));
        boolean inPlace = items.stream().anyMatch(KrmFunction::inPlace);
        List<SourceDoc> docs = new ArrayList<>();
        boolean[] sent = new boolean[items.size()];
        // what this function generated on an earlier run is made again from its Pipelines, never duplicated
        boolean[] earlier = new boolean[items.size()];
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String label = "items[" + i + "]";
            if (generated(item)) {
                earlier[i] = true;
                continue;
            }
            if (!item.isObject()) {
                problems.add(problem(
                        Code.INVALID_FUNCTION_INPUT,
                        list.positionOf("/items/" + i),
                        "ResourceList",
                        label,
                        "must be an object (a Kubernetes object), not " + typeOf(item)));
                continue;
            }
            SourceDoc doc = FunctionConfig.relabel(itemDocs.get(i), label);
            sources.put(label, new Source(annotation(item, INTERNAL_PATH, PATH), index(item), List.of(doc)));
            if (Kind.GROUP.equals(Kind.group(doc.apiVersion()))) {
                docs.add(doc); // the engine decides which of them it renders and which it passes through
                sent[i] = true;
            }
        }

        List<SettingsLayer> layers = new ArrayList<>();
        String namespace = null;
        boolean keep = false;
        List<SourceDoc> generatorDocs = new ArrayList<>();
        FrontEndSettings.Read environment = FrontEndSettings.environment(env);
        layers.add(environment.layer());
        for (String error : environment.errors()) {
            problems.add(Problem.error(Code.INVALID_SETTING, new Position("environment", 0, 0), null, null, error));
        }
        if (config != null) {
            layers.add(config.layer());
            namespace = config.namespace();
            // in kpt's in-place loop an item not written back is a file deleted: sources are always kept there
            keep = config.keepSources() || inPlace;
            read.texts().forEach((label, fromFile) -> sources.put(label, new Source(label, null, fromFile)));
            problems.addAll(read.problems());
            docs.addAll(read.infraRules());
            generatorDocs.addAll(read.infraRules());
            List<SourceDoc> fromFiles = new ArrayList<>(read.files());
            for (SourceDoc d : config.inline()) {
                sources.put(d.file(), new Source(null, null, List.of(d)));
                fromFiles.add(d);
            }
            docs.addAll(fromFiles);
            generatorDocs.addAll(fromFiles);
            boolean named = !config.files().isEmpty() || !config.inline().isEmpty();
            if (named
                    && fromFiles.stream().noneMatch(d -> "Pipeline".equals(d.kind()))
                    && problems.stream().noneMatch(Problem::isError)) {
                problems.add(new Problem(
                        Problem.Severity.ERROR,
                        Code.INVALID_FUNCTION_INPUT,
                        configDoc.positionOf(config.files().isEmpty() ? "/spec/resources" : ""),
                        configDoc.kind()
                                + (configDoc.name() == null
                                        ? ""
                                        : " " + configDoc.name()), // as FunctionConfig names it
                        null,
                        "the files and resources named here hold no Pipeline (" + String.join(", ", config.files())
                                + "); an empty result would delete every rendered object downstream",
                        ObjectRef.of(configDoc, null)));
            }
        }

        Engine.Outcome outcome = null;
        if (config != null && problems.stream().noneMatch(Problem::isError)) {
            Engine.Explain explain =
                    config.originAnnotations() ? new Engine.Explain("KRM functionConfig namespace") : null;
            outcome = engine.run(new Engine.Request(docs, layers, namespace, explain));
            problems.addAll(outcome.problems());
        }
        Collections.sort(problems);
        long errors = problems.stream().filter(Problem::isError).count();

        ObjectNode out = F.objectNode();
        out.put("apiVersion", RESOURCE_LIST_API_VERSION);
        out.put("kind", "ResourceList");
        ArrayNode outItems = out.putArray("items");
        if (errors > 0) {
            items.forEach(outItems::add); // what came in, untouched: the orchestrator discards it anyway
        } else {
            // an item the engine took is consumed (rendered); one it passed through stays
            Set<JsonNode> passedThrough = Collections.newSetFromMap(new IdentityHashMap<>());
            passedThrough.addAll(outcome.passthrough());
            for (int i = 0; i < items.size(); i++) {
                if (!earlier[i] && (!sent[i] || keep || passedThrough.contains(items.get(i)))) {
                    outItems.add(items.get(i));
                }
            }
            if (keep && !inPlace) { // in place, the named files stay where they are; only items are written back
                for (SourceDoc d : generatorDocs) {
                    outItems.add(annotated(d.root().deepCopy(), path(sources.get(d.file())), d.index()));
                }
            }
            addGenerated(outcome, docs, namespace, sources, outItems);
        }
        if (configDoc != null) {
            out.set("functionConfig", list.root().get("functionConfig"));
        }
        List<String> messages = new ArrayList<>();
        if (!problems.isEmpty()) {
            ArrayNode results = out.putArray("results");
            for (Problem p : problems) {
                results.add(result(p, sources));
                messages.add(describe(p, sources));
            }
        }
        return new Response(out, messages, errors);
    }

    /** Generated objects, each annotated with a file beside its Pipeline's: {@code <dir>/<ns>.<name>.<kind>.yaml}. */
    private static void addGenerated(
            Engine.Outcome outcome,
            List<SourceDoc> docs,
            String defaultNamespace,
            Map<String, Source> sources,
            ArrayNode outItems) {
        Map<String, String> dirOfPipeline = new HashMap<>();
        for (SourceDoc d : docs) {
            if ("Pipeline".equals(d.kind()) && d.name() != null) {
                String ns = d.namespace() != null ? d.namespace() : defaultNamespace;
                String path = path(sources.get(d.file()));
                int slash = path == null ? -1 : path.lastIndexOf('/');
                dirOfPipeline.put(ns + "/" + d.name(), slash < 0 ? "" : path.substring(0, slash + 1));
            }
        }
        List<JsonNode> generated = Output.documents(outcome.objects(), List.of());
        Map<JsonNode, List<com.hevlayer.layerrender.render.FieldOrigin>> origins = new IdentityHashMap<>();
        for (int i = 0; i < generated.size(); i++) {
            if (outcome.objects().get(i).origins() != null) {
                origins.put(generated.get(i), outcome.objects().get(i).origins());
            }
        }
        Map<String, JsonNode> files = Output.files(generated, "yaml");
        for (Map.Entry<String, JsonNode> f : files.entrySet()) {
            JsonNode meta = f.getValue().path("metadata");
            String ns =
                    meta.path("namespace").isTextual() ? meta.path("namespace").asText() : null;
            String pipeline = meta.path("labels").path(Labels.PIPELINE).asText("");
            String dir = dirOfPipeline.getOrDefault(ns + "/" + pipeline, "");
            ObjectNode object = (ObjectNode) f.getValue();
            ObjectNode annotations = object.withObjectProperty("metadata").withObjectProperty("annotations");
            annotations.put(GENERATED_BY, GENERATOR);
            List<com.hevlayer.layerrender.render.FieldOrigin> fields = origins.get(f.getValue());
            if (fields != null) {
                annotations.put(
                        ORIGIN,
                        OriginAnnotation.of(fields, label -> sourcePath(sources, label), p -> where(sources, p)));
            }
            outItems.add(annotated(object, dir + f.getKey(), 0));
        }
    }

    private static ObjectNode annotated(ObjectNode object, String path, int index) {
        if (path == null) {
            return object;
        }
        ObjectNode meta = object.withObjectProperty("metadata");
        ObjectNode annotations = meta.withObjectProperty("annotations");
        annotations.put(PATH, path);
        annotations.put(INDEX, Integer.toString(index));
        annotations.put(INTERNAL_PATH, path);
        annotations.put(INTERNAL_INDEX, Integer.toString(index));
        Output.conventionalMetadata(object);
        return object;
    }

    /** A KRM result: severity, message, resourceRef (the problem's object), field, file. */
    private static ObjectNode result(Problem p, Map<String, Source> sources) {
        ObjectNode r = F.objectNode();
        r.put("message", p.message());
        r.put("severity", p.severity() == Problem.Severity.ERROR ? "error" : "warning");
        Source s = sources.get(p.position().file());
        SourceDoc doc = s == null ? null : docAt(s, p.position().line());
        ObjectRef ref = p.ref();
        if (ref != null && ref.kind() != null) {
            ObjectNode refNode = r.putObject("resourceRef");
            if (ref.apiVersion() != null) {
                refNode.put("apiVersion", ref.apiVersion());
            }
            refNode.put("kind", ref.kind());
            if (ref.name() != null) {
                refNode.put("name", ref.name());
            }
            if (ref.namespace() != null) {
                refNode.put("namespace", ref.namespace());
            }
        }
        if (p.field() != null && !p.field().isEmpty()) {
            r.putObject("field").put("path", p.field());
        }
        String path = path(s);
        if (path != null) {
            ObjectNode file = r.putObject("file");
            file.put("path", path);
            boolean readByUs = path.equals(p.position().file());
            Integer index = readByUs && doc != null ? Integer.valueOf(doc.index()) : s.index();
            if (index != null) {
                file.put("index", index);
            }
        }
        return r;
    }

    /** The line a user reads on stderr: the file and position when we read the file, else the item's path. */
    private static String describe(Problem p, Map<String, Source> sources) {
        Source s = sources.get(p.position().file());
        String where;
        if (s != null && s.path() != null && s.path().equals(p.position().file())) {
            where = p.position().toString();
        } else if (s != null && s.path() != null) {
            where = s.path() + (s.index() != null && s.index() > 0 ? " (document " + (s.index() + 1) + ")" : "");
        } else {
            where = p.position().file();
        }
        return p.format(where);
    }

    /** The document of a multi-document file that holds {@code line}: the file's index of a result. */
    private static SourceDoc docAt(Source s, int line) {
        SourceDoc best = null;
        for (SourceDoc d : s.docs()) {
            if (best == null || d.positionOf("").line() <= line) {
                best = d;
            }
        }
        return best;
    }

    /** The path a user knows a file label by: the file's own path, or the item's kustomize path annotation. */
    private static String sourcePath(Map<String, Source> sources, String label) {
        Source s = sources.get(label);
        return s != null && s.path() != null ? s.path() : label;
    }

    /**
     * file:line:col of a file this function read; nothing for an item of the ResourceList (its lines are no
     * file's: the annotation's path names its file).
     */
    private static String where(Map<String, Source> sources, Position p) {
        Source s = sources.get(p.file());
        if (s == null || s.path() == null || s.path().equals(p.file())) {
            return p.toString();
        }
        return "";
    }

    private static String path(Source s) {
        return s == null ? null : s.path();
    }

    /**
     * Whether the orchestrator writes the items back to their files in place (kpt): a {@code Kptfile} among
     * them, or an item carrying kpt's {@link #SEQ_INDENT}.
     */
    private static boolean inPlace(JsonNode item) {
        return ("Kptfile".equals(item.path("kind").asText())
                        && item.path("apiVersion").asText().startsWith("kpt.dev/"))
                || annotation(item, SEQ_INDENT) != null;
    }

    /** An object this function generated ({@link #GENERATED_BY}): never a user's source. */
    private static boolean generated(JsonNode item) {
        return item.isObject() && GENERATOR.equals(annotation(item, GENERATED_BY));
    }

    private static String annotation(JsonNode item, String... names) {
        for (String n : names) {
            JsonNode v = item.path("metadata").path("annotations").get(n);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }

    private static Integer index(JsonNode item) {
        String v = annotation(item, INTERNAL_INDEX, INDEX);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A problem of the ResourceList itself: named {@code ResourceList} in messages as always, without a
     * resourceRef (it is no object of the input).
     */
    private static Problem problem(Code code, Position position, String object, String field, String message) {
        return new Problem(Problem.Severity.ERROR, code, position, object, field, message, null);
    }

    private static String typeOf(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }
}
