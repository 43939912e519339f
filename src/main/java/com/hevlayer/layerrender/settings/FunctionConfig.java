package com.hevlayer.layerrender.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DidYouMean;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KRM function's configuration ({@code functionConfig}): either a {@code v1 ConfigMap} whose
 * {@code data} uses the front-end names ({@code gateway-base-url}, ..., {@code namespace},
 * {@code infra-rules}, {@code files}, {@code exclude}, {@code keep-sources}), or our typed kind
 * {@code fn.hevlayer.com/v1alpha1 LayerRender} whose {@code spec} uses the same names in camelCase
 * (schema: {@code schemas/fn/layerrender.schema.json}). This reader owns the functionConfig's
 * vocabulary and the functionConfig to {@link SettingsLayer} mapping; every mistake in it, every
 * bad value included, becomes a {@link Problem} (the KRM function reports them all as results).
 *
 * @param files       paths (relative to the working directory: the kustomization's folder) to read
 *                    Pipelines and friends from, in generator mode
 * @param exclude     globs the walk of a folder among {@code files} leaves out (as {@code --exclude})
 * @param inline      documents written inside the config ({@code spec.resources} of LayerRender)
 * @param keepSources keep the consumed Pipelines, InfraRules and VectorStores in the output
 * @param originAnnotations annotate each generated object with where it came from ({@code origin-annotations},
 *                    typed {@code originAnnotations}; off by default)
 */
public record FunctionConfig(
        SettingsLayer layer,
        String namespace,
        String infraRules,
        List<String> files,
        List<String> exclude,
        List<SourceDoc> inline,
        boolean keepSources,
        boolean originAnnotations) {

    public static final String API_VERSION = "fn.hevlayer.com/v1alpha1";
    public static final String KIND = "LayerRender";
    public static final String LABEL = "functionConfig";
    /** The functionConfig's switch for origin annotations on generated objects (ConfigMap data). */
    public static final String ORIGIN_ANNOTATIONS = "origin-annotations";

    /** camelCase (LayerRender spec) to front-end name (ConfigMap data, flags), in order. */
    public static final Map<String, String> TYPED = typed();

    public FunctionConfig {
        files = List.copyOf(files);
        exclude = List.copyOf(exclude);
        inline = List.copyOf(inline);
    }

    public static FunctionConfig none() {
        return new FunctionConfig(
                SettingsLayer.empty("functionConfig"), null, null, List.of(), List.of(), List.of(), false, false);
    }

    /**
     * @param doc the functionConfig as a document, or null when the ResourceList has none
     * @return the configuration, or null when it has errors (added to {@code problems})
     */
    public static FunctionConfig parse(SourceDoc doc, List<Problem> problems) {
        if (doc == null || doc.root().isNull() || doc.root().isMissingNode()) {
            return none();
        }
        JsonNode root = doc.root();
        String label = doc.kind() == null ? LABEL : doc.kind() + (doc.name() == null ? "" : " " + doc.name());
        int before = problems.size();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        List<SourceDoc> inline = new ArrayList<>();
        if ("v1".equals(doc.apiVersion()) && "ConfigMap".equals(doc.kind())) {
            List<String> known = new ArrayList<>(TYPED.values());
            known.remove("resources");
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("data").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) {
                    problems.add(unknown(doc, label, "/data/" + e.getKey(), "data." + e.getKey(), e.getKey(), known));
                } else {
                    values.put(e.getKey(), e.getValue().asText());
                }
            }
            split(FrontEndSettings.value(values, "files"), files);
            split(FrontEndSettings.value(values, "exclude"), exclude);
        } else if (API_VERSION.equals(doc.apiVersion()) && KIND.equals(doc.kind())) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                String k = it.next().getKey();
                if (!List.of("apiVersion", "kind", "metadata", "spec").contains(k)) {
                    problems.add(unknown(doc, label, "/" + k, k, k, List.of("apiVersion", "kind", "metadata", "spec")));
                }
            }
            JsonNode spec = root.path("spec");
            if (!spec.isMissingNode() && !spec.isObject()) {
                problems.add(problem(Code.INVALID_FUNCTION_INPUT, doc, "/spec", label, "spec", "must be an object"));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode v = e.getValue();
                String pointer = "/spec/" + key;
                String field = "spec." + key;
                if (!TYPED.containsKey(key)) {
                    problems.add(unknown(doc, label, pointer, field, key, TYPED.keySet()));
                } else if (key.equals("files") || key.equals("exclude")) {
                    boolean isFiles = key.equals("files");
                    if (!v.isArray()) {
                        problems.add(problem(
                                Code.INVALID_FUNCTION_INPUT,
                                doc,
                                pointer,
                                label,
                                field,
                                isFiles ? "must be a list of paths" : "must be a list of globs"));
                        continue;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
                            problems.add(problem(
                                    Code.INVALID_FUNCTION_INPUT,
                                    doc,
                                    pointer + "/" + i,
                                    label,
                                    field + "[" + i + "]",
                                    isFiles
                                            ? "must be a path (a file or folder relative to the kustomization)"
                                            : "must be a glob (a path pattern relative to each folder of files)"));
                        } else {
                            (isFiles ? files : exclude).add(v.get(i).asText());
                        }
                    }
                } else if (key.equals("resources")) {
                    if (!v.isArray()) {
                        problems.add(problem(
                                Code.INVALID_FUNCTION_INPUT,
                                doc,
                                pointer,
                                label,
                                field,
                                "must be a list of documents"));
                        continue;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        inline.add(relabel(doc.part(pointer + "/" + i), LABEL + ".spec.resources[" + i + "]"));
                    }
                } else if (key.equals("keepSources") || key.equals("originAnnotations")) {
                    if (!v.isBoolean()) {
                        problems.add(problem(
                                Code.INVALID_FUNCTION_INPUT, doc, pointer, label, field, "must be true or false"));
                    } else {
                        values.put(TYPED.get(key), v.asText());
                    }
                } else if (key.equals("maxReplicasCeiling")) {
                    if (!v.isIntegralNumber()) {
                        problems.add(problem(
                                Code.INVALID_SETTING,
                                doc,
                                pointer,
                                label,
                                field,
                                "must be a whole number of at least 1"));
                    } else {
                        values.put(TYPED.get(key), v.asText());
                    }
                } else if (!v.isTextual()) {
                    problems.add(problem(Code.INVALID_FUNCTION_INPUT, doc, pointer, label, field, "must be a string"));
                } else {
                    values.put(TYPED.get(key), v.asText());
                }
            }
        } else {
            problems.add(problem(
                    Code.INVALID_FUNCTION_INPUT,
                    doc,
                    "",
                    label,
                    null,
                    "functionConfig must be a v1 ConfigMap or a " + API_VERSION + " " + KIND + ", not "
                            + doc.apiVersion() + " " + doc.kind()));
        }

        String keep = FrontEndSettings.value(values, "keep-sources");
        String origins = FrontEndSettings.value(values, ORIGIN_ANNOTATIONS);
        for (String flag : List.of("keep-sources", ORIGIN_ANNOTATIONS)) {
            String v = FrontEndSettings.value(values, flag);
            if (v != null && !v.equals("true") && !v.equals("false")) {
                problems.add(problem(
                        Code.INVALID_FUNCTION_INPUT,
                        doc,
                        "/data/" + flag,
                        label,
                        "data." + flag,
                        "must be \"true\" or \"false\", got \"" + v + "\""));
            }
        }
        boolean typed = KIND.equals(doc.kind());
        FrontEndSettings.Read read =
                FrontEndSettings.layer("functionConfig", values, k -> typed ? "spec." + camel(k) : "data." + k);
        for (String error : read.errors()) {
            problems.add(problem(Code.INVALID_SETTING, doc, "", label, null, error));
        }
        if (problems.size() > before) {
            return null;
        }
        return new FunctionConfig(
                read.layer(),
                FrontEndSettings.value(values, FrontEndSettings.NAMESPACE),
                FrontEndSettings.value(values, FrontEndSettings.INFRA_RULES),
                files,
                exclude,
                inline,
                "true".equals(keep),
                "true".equals(origins));
    }

    /** A ConfigMap's list: items separated by commas or new lines, each trimmed, empty ones dropped. */
    private static void split(String list, List<String> into) {
        if (list != null) {
            for (String f : list.split("[,\\n]")) {
                if (!f.isBlank()) {
                    into.add(f.trim());
                }
            }
        }
    }

    private static String camel(String frontEndName) {
        for (Map.Entry<String, String> e : TYPED.entrySet()) {
            if (e.getValue().equals(frontEndName)) {
                return e.getKey();
            }
        }
        return frontEndName;
    }

    private static Problem unknown(
            SourceDoc doc, String label, String pointer, String field, String key, Collection<String> known) {
        String guess = DidYouMean.suggest(key, known);
        return problem(
                Code.INVALID_FUNCTION_INPUT,
                doc,
                pointer,
                label,
                field,
                "unknown field ("
                        + (guess != null
                                ? "did you mean \"" + guess + "\"?"
                                : "known fields: " + String.join(", ", known))
                        + ")");
    }

    /**
     * A problem of the functionConfig. Its {@code ref} is the functionConfig (a KRM result's
     * resourceRef); the object it is named by in messages stays what it always was, {@code Kind name}
     * (no namespace, no "(unnamed)"), which {@link ObjectRef#label()} would word otherwise.
     */
    private static Problem problem(
            Code code, SourceDoc doc, String pointer, String label, String field, String message) {
        ObjectRef ref = doc.kind() == null ? null : ObjectRef.of(doc, null);
        return new Problem(Problem.Severity.ERROR, code, doc.positionOf(pointer), label, field, message, ref);
    }

    private static Map<String, String> typed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gatewayBaseUrl", FrontEndSettings.BASE_URL);
        m.put("metricsServer", FrontEndSettings.METRICS_SERVER);
        m.put("gatewaySecretName", FrontEndSettings.SECRET_NAME);
        m.put("gatewaySecretKey", FrontEndSettings.SECRET_KEY);
        m.put("authMode", FrontEndSettings.AUTH_MODE);
        m.put("maxReplicasCeiling", FrontEndSettings.CEILING);
        m.put("podSecurityLevel", FrontEndSettings.POD_SECURITY);
        m.put("scheduleTimeZone", FrontEndSettings.SCHEDULE_TIME_ZONE);
        m.put("metricsSecretName", FrontEndSettings.METRICS_SECRET_NAME);
        m.put("metricsSecretKey", FrontEndSettings.METRICS_SECRET_KEY);
        m.put("scalingSignal", FrontEndSettings.SCALING_SIGNAL);
        m.put("gatewaySecretNamespace", FrontEndSettings.SECRET_NAMESPACE);
        m.put("namespace", FrontEndSettings.NAMESPACE);
        m.put("infraRules", FrontEndSettings.INFRA_RULES);
        m.put("files", "files");
        m.put("exclude", "exclude");
        m.put("keepSources", "keep-sources");
        m.put("originAnnotations", ORIGIN_ANNOTATIONS);
        m.put("resources", "resources");
        return Collections.unmodifiableMap(m);
    }

    /** The same document under another file label, its positions moved along. */
    public static SourceDoc relabel(SourceDoc doc, String file) {
        return new SourceDoc(file, 0, doc.root(), doc.positions().relabel(file));
    }
}
