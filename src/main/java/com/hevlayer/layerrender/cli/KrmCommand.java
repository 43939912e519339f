package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.settings.FrontEndSettings;
import com.hevlayer.layerrender.settings.FunctionConfig;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.Labels;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code krm}: a KRM function (kustomize, kpt). A {@code config.kubernetes.io/v1 ResourceList} in on
 * stdin, one out on stdout. Pipelines, InfraRules and VectorStores among the items, in the files the
 * functionConfig names and inline in it, are rendered with the settings of the functionConfig;
 * every other item passes through as it came. Problems become {@code results}, go to stderr too
 * (kustomize never prints results), and make the exit status non-zero.
 */
@Command(name = "krm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs as a KRM function (kustomize exec generator/transformer, kpt): reads a config.kubernetes.io/v1"
                + " ResourceList on stdin and writes one to stdout.",
                "Settings come from the functionConfig (a ConfigMap, or fn.hevlayer.com/v1alpha1 LayerRender) above the"
                        + " environment variables of 'render'. See README, section 'Argo CD and kustomize'."},
        footer = {"", "Exit status: 0 success, 1 invalid input (results say why), 4 output lost (stdout could not be written)."})
final class KrmCommand implements Callable<Integer> {
    static final String RESOURCE_LIST_API_VERSION = "config.kubernetes.io/v1";
    static final String PATH = "config.kubernetes.io/path";
    static final String INDEX = "config.kubernetes.io/index";
    static final String INTERNAL_PATH = "internal.config.kubernetes.io/path";
    static final String INTERNAL_INDEX = "internal.config.kubernetes.io/index";
    static final String LOCAL_CONFIG = "config.kubernetes.io/local-config";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /**
     * Nodes the whole ResourceList may expand to (each item has the per-document {@link Limits#DEFAULT} of its
     * own): 2,000 ConfigMaps of 2 KB are about 100,000 nodes; ten thousand Pipelines about 500,000.
     */
    static final long MAX_LIST_NODES = 2_000_000;

    private final Main.Context ctx;

    KrmCommand(Main.Context ctx) {
        this.ctx = ctx;
    }

    /** Where a document came from, for results' {@code file} and for generated items' paths. */
    private record Source(String path, Integer index, List<SourceDoc> docs) {}

    @Override
    public Integer call() {
        byte[] text;
        try {
            text = Inputs.read(List.of("-"), ctx.in()).get(0).content();
        } catch (Inputs.InputException e) {
            return fatal(e.getMessage());
        }
        List<SourceDoc> read;
        try {
            // the limits meant for one manifest apply to each item, not to the whole list
            read = YamlLoader.perItem(Limits.DEFAULT, MAX_LIST_NODES).load("stdin", text);
        } catch (YamlException e) {
            return fatal(Problem.error(e.position(), e.object(), e.field(), e.getMessage()).format());
        }
        if (read.size() != 1 || !"ResourceList".equals(read.get(0).kind())
                || !RESOURCE_LIST_API_VERSION.equals(read.get(0).apiVersion())) {
            return fatal("stdin must hold one " + RESOURCE_LIST_API_VERSION + " ResourceList (the KRM function protocol)");
        }
        SourceDoc list = read.get(0);
        JsonNode itemsNode = list.root().path("items");

        List<Problem> problems = new ArrayList<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        // the protocol's shape: items a list of objects, functionConfig an object (or absent)
        if (!itemsNode.isMissingNode() && !itemsNode.isNull() && !itemsNode.isArray()) {
            problems.add(Problem.error(list.positionOf("/items"), "ResourceList", "items",
                    "must be a list of objects (the KRM function protocol), not " + typeOf(itemsNode)));
        }
        JsonNode configNode = list.root().path("functionConfig");
        SourceDoc configDoc = null;
        if (configNode.isObject()) {
            configDoc = FunctionConfig.relabel(list.part("/functionConfig"), FunctionConfig.LABEL);
        } else if (!configNode.isMissingNode() && !configNode.isNull()) {
            problems.add(Problem.error(list.positionOf("/functionConfig"), "ResourceList", "functionConfig",
                    "must be an object (a v1 ConfigMap or a " + FunctionConfig.API_VERSION + " " + FunctionConfig.KIND + "), not " + typeOf(configNode)));
        }
        if (configDoc != null) {
            sources.put(FunctionConfig.LABEL, new Source(null, null, List.of(configDoc)));
        }
        FunctionConfig config = configNode.isMissingNode() || configNode.isObject() || configNode.isNull()
                ? FunctionConfig.parse(configDoc, problems) : null;

        List<JsonNode> items = new ArrayList<>();
        List<SourceDoc> itemDocs = itemsNode.isArray() ? list.items("/items") : List.of();
        itemDocs.forEach(d -> items.add(d.root()));
        List<SourceDoc> docs = new ArrayList<>();
        boolean[] consumed = new boolean[items.size()];
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String label = "items[" + i + "]";
            if (!item.isObject()) {
                problems.add(Problem.error(list.positionOf("/items/" + i), "ResourceList", label,
                        "must be an object (a Kubernetes object), not " + typeOf(item)));
                continue;
            }
            SourceDoc doc = FunctionConfig.relabel(itemDocs.get(i), label);
            sources.put(label, new Source(annotation(item, INTERNAL_PATH, PATH), index(item), List.of(doc)));
            if (Kind.GROUP.equals(Kind.group(doc.apiVersion()))) {
                docs.add(doc);
                consumed[i] = Kind.API_VERSION.equals(doc.apiVersion()) && Kind.byName(doc.kind()).isPresent();
            }
        }

        List<SettingsLayer> layers = new ArrayList<>();
        String namespace = null;
        boolean keep = false;
        List<SourceDoc> generatorDocs = new ArrayList<>();
        FrontEndSettings.Read env = FrontEndSettings.environment(ctx.env());
        layers.add(env.layer());
        for (String error : env.errors()) {
            problems.add(Problem.error(Code.INVALID_SETTING, new com.hevlayer.layerrender.yaml.Position("environment", 0, 0), null, null, error));
        }
        if (config != null) {
            layers.add(config.layer());
            namespace = config.namespace();
            keep = config.keepSources();
            YamlLoader loader = new YamlLoader(Limits.DEFAULT);
            // files and infra-rules: inside the function's working directory (kustomize: the kustomization's folder)
            Inputs.Scope scope = workingDirectory();
            if (config.infraRules() != null) {
                Inputs.Scope rules = new Inputs.Scope(scope.within(), true, java.util.Set.of(), scope.where(), scope.fix());
                for (SourceDoc d : load(loader, List.of(config.infraRules()), rules, sources, problems)) {
                    if (!"InfraRules".equals(d.kind())) {
                        problems.add(Problem.error(d.positionOf(""), null, "kind",
                                "infra-rules reads InfraRules only, this document is " + d.kind()));
                    } else {
                        docs.add(d);
                        generatorDocs.add(d);
                    }
                }
            }
            if (config.infraRules() != null) {
                scope = scope.skipping(java.util.Set.copyOf(Inputs.roots(List.of(config.infraRules()))));
            }
            List<SourceDoc> fromFiles = load(loader, config.files(), scope, sources, problems);
            for (SourceDoc d : config.inline()) {
                sources.put(d.file(), new Source(null, null, List.of(d)));
                fromFiles.add(d);
            }
            docs.addAll(fromFiles);
            generatorDocs.addAll(fromFiles);
            boolean named = !config.files().isEmpty() || !config.inline().isEmpty();
            if (named && fromFiles.stream().noneMatch(d -> "Pipeline".equals(d.kind())) && problems.stream().noneMatch(Problem::isError)) {
                problems.add(Problem.error(configDoc.positionOf(config.files().isEmpty() ? "/spec/resources" : ""), label(configDoc),
                        null, "the files and resources named here hold no Pipeline (" + String.join(", ", config.files())
                                + "); an empty result would delete every rendered object downstream"));
            }
        }

        Engine.Outcome outcome = null;
        if (config != null && problems.stream().noneMatch(Problem::isError)) {
            outcome = ctx.parts().engine().run(new Engine.Request(docs, layers, namespace));
            problems.addAll(outcome.problems());
        }
        Collections.sort(problems);
        boolean failed = problems.stream().anyMatch(Problem::isError);

        ObjectNode out = F.objectNode();
        out.put("apiVersion", RESOURCE_LIST_API_VERSION);
        out.put("kind", "ResourceList");
        ArrayNode outItems = out.putArray("items");
        if (failed) {
            items.forEach(outItems::add); // what came in, untouched: the orchestrator discards it anyway
        } else {
            for (int i = 0; i < items.size(); i++) {
                if (!consumed[i] || keep) {
                    outItems.add(items.get(i));
                }
            }
            if (keep) {
                for (SourceDoc d : generatorDocs) {
                    outItems.add(annotated(d.root().deepCopy(), path(sources.get(d.file())), d.index()));
                }
            }
            addGenerated(outcome, docs, namespace, sources, outItems);
        }
        if (configDoc != null) {
            out.set("functionConfig", list.root().get("functionConfig"));
        }
        if (!problems.isEmpty()) {
            ArrayNode results = out.putArray("results");
            for (Problem p : problems) {
                results.add(result(p, sources));
                ctx.err().println(describe(p, sources));
            }
        }
        ctx.out().print(YamlWriter.write(List.of(out)));
        if (failed) {
            long errors = problems.stream().filter(Problem::isError).count();
            ctx.err().println(errors + (errors == 1 ? " error" : " errors") + "; nothing rendered");
            return Main.INVALID;
        }
        return Main.OK;
    }

    /** Generated objects, each annotated with a file beside its Pipeline's: {@code <dir>/<ns>.<name>.<kind>.yaml}. */
    private static void addGenerated(Engine.Outcome outcome, List<SourceDoc> docs, String defaultNamespace,
                                     Map<String, Source> sources, ArrayNode outItems) {
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
        Map<String, JsonNode> files = Output.files(generated, "yaml");
        for (Map.Entry<String, JsonNode> f : files.entrySet()) {
            JsonNode meta = f.getValue().path("metadata");
            String ns = meta.path("namespace").isTextual() ? meta.path("namespace").asText() : null;
            String pipeline = meta.path("labels").path(Labels.PIPELINE).asText("");
            String dir = dirOfPipeline.getOrDefault(ns + "/" + pipeline, "");
            outItems.add(annotated((ObjectNode) f.getValue(), dir + f.getKey(), 0));
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

    private List<SourceDoc> load(YamlLoader loader, List<String> paths, Inputs.Scope scope, Map<String, Source> sources,
                                 List<Problem> problems) {
        List<SourceDoc> docs = new ArrayList<>();
        if (paths.isEmpty()) {
            return docs;
        }
        List<Inputs.Text> texts;
        try {
            if (paths.contains("-")) {
                throw new Inputs.InputException("- (stdin) carries the ResourceList; name files or folders");
            }
            texts = Inputs.read(paths, ctx.in(), scope);
        } catch (Inputs.InputException e) {
            for (String m : e.messages) {
                problems.add(Problem.error(new com.hevlayer.layerrender.yaml.Position(FunctionConfig.LABEL, 0, 0), null, null,
                        m + (e.usage ? " (paths are relative to the kustomization's folder)" : "")));
            }
            return docs;
        }
        for (Inputs.Text t : texts) {
            try {
                List<SourceDoc> fromFile = loader.load(t.label(), t.content());
                sources.put(t.label(), new Source(t.label(), null, fromFile));
                docs.addAll(fromFile);
            } catch (YamlException e) {
                sources.put(t.label(), new Source(t.label(), null, List.of()));
                problems.add(Problem.error(e.position(), e.object(), e.field(), e.getMessage()));
            } catch (OutOfMemoryError e) {
                sources.put(t.label(), new Source(t.label(), null, List.of()));
                problems.add(Problem.error(new com.hevlayer.layerrender.yaml.Position(t.label(), 1, 1), null, null, Inputs.outOfMemory()));
            }
        }
        return docs;
    }

    /** A KRM result: severity, message, resourceRef, field, file. */
    private static ObjectNode result(Problem p, Map<String, Source> sources) {
        ObjectNode r = F.objectNode();
        r.put("message", p.message());
        r.put("severity", p.isError() ? "error" : "warning");
        Source s = sources.get(p.position().file());
        SourceDoc doc = s == null ? null : docAt(s, p.position().line());
        if (doc != null && doc.kind() != null && doc.root().isObject()) {
            ObjectNode ref = r.putObject("resourceRef");
            if (doc.apiVersion() != null) {
                ref.put("apiVersion", doc.apiVersion());
            }
            ref.put("kind", doc.kind());
            if (doc.name() != null) {
                ref.put("name", doc.name());
            }
            if (doc.namespace() != null) {
                ref.put("namespace", doc.namespace());
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

    /** The document of a multi-document source that holds {@code line}. */
    private static SourceDoc docAt(Source s, int line) {
        SourceDoc best = null;
        for (SourceDoc d : s.docs()) {
            if (best == null || d.positionOf("").line() <= line) {
                best = d;
            }
        }
        return best;
    }

    private static String path(Source s) {
        return s == null ? null : s.path();
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

    private static String label(SourceDoc d) {
        return d.kind() + (d.name() == null ? "" : " " + d.name());
    }

    /** The KRM function's root: its working directory, which kustomize sets to the kustomization's folder. */
    private static Inputs.Scope workingDirectory() {
        List<java.nio.file.Path> root;
        try {
            root = List.of(java.nio.file.Path.of("").toRealPath());
        } catch (java.io.IOException e) {
            root = List.of(); // nothing is inside a working directory that cannot be resolved
        }
        return new Inputs.Scope(root, false, java.util.Set.of(), "the function's working directory (the kustomization's folder)",
                "name files and folders inside it, relative to it");
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

    /** Input that is not a ResourceList: nothing sensible to write on stdout. */
    private int fatal(String message) {
        ctx.err().println(Problem.escaped("layer-render krm: " + message));
        return Main.INVALID;
    }
}
