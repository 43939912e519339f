package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.render.FieldOrigin;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.render.Labels;
import com.hevlayer.layerrender.render.Origin;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.validate.DidYouMean;
import com.hevlayer.layerrender.validate.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code explain OBJECT [FIELD] PATH...}: {@code render}'s inputs and flags, and for every field of one rendered
 * object (or of every object, {@code all}) its value and where it came from ({@link Origin}, computed by the
 * engine only when asked). The picocli command is {@code render}'s ({@link RenderCommand}) in explain mode; this
 * class owns the arguments OBJECT and FIELD, finding the object and the fields, and printing them.
 */
final class ExplainCommand {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A FIELD starts at one of the top-level fields of a rendered object: anything else is a PATH. */
    static final Pattern FIELD = Pattern.compile("^(apiVersion|kind|metadata|spec)([.\\[].*)?$");

    /** kubectl's names of the kinds explain knows, and their short names. */
    static final Map<String, String> KINDS = kinds();

    String object;
    String field;

    /** {@code explain}: render's flags, no output folder, -o text or json. */
    static picocli.CommandLine command(Main.Context ctx) {
        RenderCommand explain = new RenderCommand(ctx, false);
        explain.explain = new ExplainCommand();
        explain.format = "text";
        picocli.CommandLine cli = new picocli.CommandLine(explain);
        picocli.CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        for (String flag : List.of("--output-dir", "--prune")) {
            spec.remove(spec.findOption(flag));
        }
        picocli.CommandLine.Model.OptionSpec output = spec.findOption("--output");
        spec.remove(output);
        spec.addOption(picocli.CommandLine.Model.OptionSpec.builder(output)
                .description("text (one field per line: its value and origin, default) or json.")
                .build());
        spec.usageMessage()
                .customSynopsis("layer-render explain [OPTIONS] OBJECT [FIELD] PATH...")
                .description(
                        "Prints every field of one rendered object with its value and where it came from: a"
                                + " Pipeline field (file:line:col), an InfraRules or built-in pool, a gateway setting"
                                + " and where it was decided, the podSpec patch, or a rule of SPEC §3.",
                        "Takes render's inputs and flags (settings from flags, environment, --argocd; VectorStore"
                                + " and InfraRules among the inputs). OBJECT is kind/name as kubectl writes it"
                                + " (deployment/orders-worker, scaledobject/..., triggerauthentication/...,"
                                + " service/...), or all for every rendered object; -n picks the namespace when a name"
                                + " is rendered in several. FIELD (optional) is a dotted path from apiVersion, kind,"
                                + " metadata or spec, list items by name or index"
                                + " (spec.template.spec.containers[name=worker].env[name=HEVLAYER_BASE_URL].value); a prefix"
                                + " explains every field below it. PATH... are render's inputs.")
                .footer(
                        "",
                        "Examples:",
                        "  # where the worker's nodeSelector came from",
                        "  layer-render explain deployment/orders-worker spec.template.spec.nodeSelector samples/",
                        "  # every field of a ScaledObject, with the platform's pools and a flag",
                        "  layer-render explain scaledobject/orders-worker pipelines/ --infra-rules rules.yaml \\",
                        "      --metrics-server http://prometheus.monitoring:9090",
                        "  # a name rendered in two namespaces; as data",
                        "  layer-render explain -n shop deployment/orders-worker spec.replicas -o json pipelines/",
                        "  # what Argo CD's plugin renders, with the Application's parameters",
                        "  ARGOCD_APP_PARAMETERS='[...]' layer-render explain --argocd deployment/orders-worker .",
                        "",
                        "Exit status: 0 success, 1 invalid input (nothing to explain), 2 usage error (an unknown",
                        "  object or field, with the nearest known one), 3 internal error, 4 output lost.");
        return cli;
    }

    /** Takes OBJECT and FIELD off the front of the positional arguments; the rest are the inputs. */
    List<String> take(List<String> positional) {
        if (positional.isEmpty()) {
            throw new Main.UsageException(
                    "explain needs OBJECT (kind/name, e.g. deployment/orders-worker, or all) before the inputs");
        }
        List<String> rest = new ArrayList<>(positional);
        object = rest.remove(0);
        if (!rest.isEmpty() && FIELD.matcher(rest.get(0)).matches()) {
            field = rest.remove(0);
        }
        return rest;
    }

    /** The OBJECT and FIELD explained, or exit 2 with the nearest known one. */
    int print(Engine.Outcome outcome, String namespace, boolean json, PrintStream out) {
        List<RenderedObject> objects = select(outcome.objects(), namespace);
        List<String> fieldSegments = field == null ? List.of() : segments(field);
        List<List<FieldOrigin>> fields = new ArrayList<>();
        for (RenderedObject o : objects) {
            List<FieldOrigin> matched = new ArrayList<>();
            for (FieldOrigin f : o.origins()) {
                if (matches(fieldSegments, f)) {
                    matched.add(f);
                }
            }
            fields.add(matched);
        }
        if (field != null && fields.stream().allMatch(List::isEmpty)) {
            Set<String> known = new LinkedHashSet<>();
            for (RenderedObject o : objects) {
                for (FieldOrigin f : o.origins()) {
                    known.addAll(prefixes(f));
                }
            }
            String guess = DidYouMean.suggest(field, known);
            throw new Main.UsageException(object + " has no field " + field + " ("
                    + (guess != null ? "did you mean " + guess + "?" : "its fields start with " + topLevel(objects))
                    + "; fix: name a field as render prints it, lists by name or index, e.g."
                    + " spec.template.spec.containers[name=worker].image)");
        }
        if (json) {
            ArrayNode list = F.arrayNode();
            for (int i = 0; i < objects.size(); i++) {
                list.add(json(objects.get(i), fields.get(i)));
            }
            ObjectNode root = F.objectNode();
            root.set("objects", list);
            out.println(Json.MAPPER.valueToTree(root).toPrettyString());
            return Main.OK;
        }
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                out.println();
            }
            text(objects.get(i), fields.get(i), out);
        }
        return Main.OK;
    }

    /** The objects OBJECT names: one (or, for all, every one); exit 2 when none or several match. */
    List<RenderedObject> select(List<RenderedObject> all, String namespace) {
        if (object.equalsIgnoreCase("all")) {
            return all.stream()
                    .filter(o -> namespace == null
                            || namespace.equals(o.object().getMetadata().getNamespace()))
                    .toList();
        }
        int slash = object.indexOf('/');
        if (slash <= 0 || slash == object.length() - 1) {
            throw new Main.UsageException("OBJECT " + object + " is not kind/name (fix: e.g. deployment/"
                    + (all.isEmpty()
                            ? "orders-worker"
                            : all.get(0).object().getMetadata().getName()) + ", or all)");
        }
        String kindName = object.substring(0, slash).toLowerCase(Locale.ROOT);
        String name = object.substring(slash + 1);
        String kind = KINDS.get(kindName);
        if (kind == null) {
            String guess = DidYouMean.suggest(kindName, KINDS.keySet());
            throw new Main.UsageException("OBJECT " + object + ": layer-render renders no kind " + kindName + " ("
                    + (guess != null
                            ? "did you mean " + guess + "/" + name + "?"
                            : "it renders deployment," + " service, triggerauthentication and scaledobject")
                    + ")");
        }
        List<RenderedObject> found = new ArrayList<>();
        Set<String> namespaces = new TreeSet<>();
        for (RenderedObject o : all) {
            if (o.object().getKind().equals(kind)
                    && o.object().getMetadata().getName().equals(name)) {
                String ns = o.object().getMetadata().getNamespace();
                if (namespace == null || namespace.equals(ns)) {
                    found.add(o);
                    namespaces.add(ns == null ? "(none)" : ns);
                }
            }
        }
        if (found.isEmpty()) {
            Set<String> known = new LinkedHashSet<>();
            for (RenderedObject o : all) {
                known.add(o.object().getKind().toLowerCase(Locale.ROOT) + "/"
                        + o.object().getMetadata().getName());
            }
            String given = kind.toLowerCase(Locale.ROOT) + "/" + name;
            String guess = known.contains(given) ? given : DidYouMean.suggest(given, known);
            throw new Main.UsageException("no " + given + " among the rendered objects"
                    + (namespace != null ? " in namespace " + namespace : "") + " ("
                    + (guess != null
                            ? "did you mean " + guess + (known.contains(given) ? " in another namespace" : "") + "?"
                            : known.isEmpty() ? "the inputs render no object" : "rendered: " + String.join(", ", known))
                    + ")");
        }
        if (found.size() > 1) {
            throw new Main.UsageException(object + " is rendered in namespaces " + String.join(", ", namespaces)
                    + " (fix: pick one with -n NAMESPACE)");
        }
        return found;
    }

    /** Whether the FIELD's steps lead to the leaf {@code f}: a key by name, a list item by name or index. */
    static boolean matches(List<String> want, FieldOrigin f) {
        if (want.size() > f.segments().size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String seg = f.segments().get(i);
            String index = f.indices().get(i);
            if (!(w.equals(seg) || (index != null && w.equals("[" + index + "]")))) {
                return false;
            }
        }
        return true;
    }

    /** The steps of a dotted path: {@code a.b[c][name=g]["d.e/f"]} is a, b, [c], [g], d.e/f. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        int i = 0;
        StringBuilder key = new StringBuilder();
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(key, out);
                i++;
            } else if (c == '[') {
                flush(key, out);
                int end = path.indexOf(']', i);
                end = end < 0 ? path.length() : end;
                String inner = path.substring(i + 1, end);
                if (inner.length() >= 2 && inner.startsWith("\"") && inner.endsWith("\"")) {
                    out.add(inner.substring(1, inner.length() - 1).replace("\\\"", "\""));
                } else {
                    // [name=worker], as explain and diff print it, is the item named worker: [worker]
                    out.add("[" + (inner.startsWith("name=") ? inner.substring(5) : inner) + "]");
                }
                i = end + 1;
            } else {
                key.append(c);
                i++;
            }
        }
        flush(key, out);
        return out;
    }

    private static void flush(StringBuilder key, List<String> out) {
        if (key.length() > 0) {
            out.add(key.toString());
            key.setLength(0);
        }
    }

    /** Every path a user could name that leads to {@code f}: the leaf and each of its parents. */
    private static List<String> prefixes(FieldOrigin f) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (String seg : f.segments()) {
            if (seg.startsWith("[")) {
                b.append(seg);
            } else {
                com.hevlayer.layerrender.yaml.FieldPath.appendKey(b, seg);
            }
            out.add(b.toString());
        }
        return out;
    }

    private static String topLevel(List<RenderedObject> objects) {
        Set<String> top = new LinkedHashSet<>();
        objects.forEach(o -> o.origins().forEach(f -> top.add(f.segments().get(0))));
        return String.join(", ", top);
    }

    private static String header(RenderedObject o) {
        String ns = o.object().getMetadata().getNamespace();
        String pipeline = o.object().getMetadata().getLabels().get(Labels.PIPELINE);
        return o.object().getKind() + " " + (ns == null ? "" : ns + "/")
                + o.object().getMetadata().getName() + ", rendered from Pipeline " + (ns == null ? "" : ns + "/")
                + pipeline;
    }

    private static void text(RenderedObject o, List<FieldOrigin> fields, PrintStream out) {
        out.println(Problem.escaped(header(o)));
        int fieldWidth = 5;
        int valueWidth = 5;
        for (FieldOrigin f : fields) {
            fieldWidth = Math.max(fieldWidth, f.path().length());
            valueWidth =
                    Math.max(valueWidth, Math.min(VALUE_COLUMN, value(f.value()).length()));
        }
        out.println(pad("FIELD", fieldWidth) + "  " + pad("VALUE", valueWidth) + "  ORIGIN");
        for (FieldOrigin f : fields) {
            String origin = f.origin() == null
                    ? "(unknown: a bug, please report it)"
                    : f.origin().toString();
            out.println(Problem.escaped(
                    pad(f.path(), fieldWidth) + "  " + pad(value(f.value()), valueWidth) + "  " + origin));
        }
    }

    /** Values longer than this run past their column rather than widen every line. */
    private static final int VALUE_COLUMN = 40;

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String value(JsonNode v) {
        if (v.isTextual()) {
            return v.asText().isEmpty() ? "\"\"" : v.asText();
        }
        return v.toString();
    }

    private static ObjectNode json(RenderedObject o, List<FieldOrigin> fields) {
        ObjectNode n = F.objectNode();
        n.put("apiVersion", o.object().getApiVersion());
        n.put("kind", o.object().getKind());
        ObjectNode meta = n.putObject("metadata");
        meta.put("name", o.object().getMetadata().getName());
        if (o.object().getMetadata().getNamespace() != null) {
            meta.put("namespace", o.object().getMetadata().getNamespace());
        }
        ArrayNode list = n.putArray("fields");
        for (FieldOrigin f : fields) {
            ObjectNode e = list.addObject();
            e.put("field", f.path());
            e.set("value", f.value());
            if (f.origin() == null) {
                e.putNull("origin");
                continue;
            }
            ObjectNode origin = e.putObject("origin");
            origin.put("kind", f.origin().kind().value);
            origin.put("what", f.origin().what());
            if (f.origin().position() != null) {
                origin.put("file", f.origin().position().file());
                origin.put("line", f.origin().position().line());
                origin.put("column", f.origin().position().column());
            }
        }
        return n;
    }

    private static Map<String, String> kinds() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : List.of("deployment", "deployments", "deploy", "deployment.apps", "deployments.apps")) {
            m.put(k, "Deployment");
        }
        for (String k : List.of("service", "services", "svc")) {
            m.put(k, "Service");
        }
        for (String k :
                List.of("scaledobject", "scaledobjects", "so", "scaledobject.keda.sh", "scaledobjects.keda.sh")) {
            m.put(k, "ScaledObject");
        }
        for (String k : List.of(
                "triggerauthentication",
                "triggerauthentications",
                "ta",
                "triggerauthentication.keda.sh",
                "triggerauthentications.keda.sh")) {
            m.put(k, "TriggerAuthentication");
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
