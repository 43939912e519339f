package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.model.SettingsLayer;
import com.hevlayer.layerrender.validate.DidYouMean;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KRM function's configuration ({@code functionConfig}): either a {@code v1 ConfigMap} whose
 * {@code data} uses the front-end names ({@code gateway-base-url}, ..., {@code namespace},
 * {@code infra-rules}, {@code files}, {@code keep-sources}), or our typed kind
 * {@code fn.hevlayer.com/v1alpha1 LayerRender} whose {@code spec} uses the same names in camelCase
 * (schema: {@code schemas/fn/layerrender.schema.json}).
 *
 * @param files       paths (relative to the working directory: the kustomization's folder) to read
 *                    Pipelines and friends from, in generator mode
 * @param inline      documents written inside the config ({@code spec.resources} of LayerRender)
 * @param keepSources keep the consumed Pipelines, InfraRules and VectorStores in the output
 */
record FnConfig(SettingsLayer layer, String namespace, String infraRules, List<String> files, List<SourceDoc> inline,
                boolean keepSources) {

    static final String API_VERSION = "fn.hevlayer.com/v1alpha1";
    static final String KIND = "LayerRender";
    static final String LABEL = "functionConfig";

    /** camelCase (LayerRender spec) to front-end name (ConfigMap data, flags). */
    static final Map<String, String> TYPED = new LinkedHashMap<>();

    static {
        TYPED.put("gatewayBaseUrl", FrontEndSettings.BASE_URL);
        TYPED.put("metricsServer", FrontEndSettings.METRICS_SERVER);
        TYPED.put("gatewaySecretName", FrontEndSettings.SECRET_NAME);
        TYPED.put("gatewaySecretKey", FrontEndSettings.SECRET_KEY);
        TYPED.put("authMode", FrontEndSettings.AUTH_MODE);
        TYPED.put("maxReplicasCeiling", FrontEndSettings.CEILING);
        TYPED.put("podSecurityLevel", FrontEndSettings.POD_SECURITY);
        TYPED.put("namespace", FrontEndSettings.NAMESPACE);
        TYPED.put("infraRules", FrontEndSettings.INFRA_RULES);
        TYPED.put("files", "files");
        TYPED.put("keepSources", "keep-sources");
        TYPED.put("resources", "resources");
    }

    static FnConfig none() {
        return new FnConfig(SettingsLayer.empty("functionConfig"), null, null, List.of(), List.of(), false);
    }

    /**
     * @param doc the functionConfig as a document, or null when the ResourceList has none
     * @return the configuration, or null when it has errors (added to {@code problems})
     */
    static FnConfig parse(SourceDoc doc, List<Problem> problems) {
        if (doc == null || doc.root().isNull() || doc.root().isMissingNode()) {
            return none();
        }
        JsonNode root = doc.root();
        String label = doc.kind() == null ? LABEL : doc.kind() + (doc.name() == null ? "" : " " + doc.name());
        int before = problems.size();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
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
            String list = FrontEndSettings.value(values, "files");
            if (list != null) {
                for (String f : list.split("[,\\n]")) {
                    if (!f.isBlank()) {
                        files.add(f.trim());
                    }
                }
            }
        } else if (API_VERSION.equals(doc.apiVersion()) && KIND.equals(doc.kind())) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                String k = it.next().getKey();
                if (!List.of("apiVersion", "kind", "metadata", "spec").contains(k)) {
                    problems.add(unknown(doc, label, "/" + k, k, k, List.of("apiVersion", "kind", "metadata", "spec")));
                }
            }
            JsonNode spec = root.path("spec");
            if (!spec.isMissingNode() && !spec.isObject()) {
                problems.add(Problem.error(doc.positionOf("/spec"), label, "spec", "must be an object"));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode v = e.getValue();
                String pointer = "/spec/" + key;
                String field = "spec." + key;
                if (!TYPED.containsKey(key)) {
                    problems.add(unknown(doc, label, pointer, field, key, TYPED.keySet()));
                } else if (key.equals("files")) {
                    if (!v.isArray()) {
                        problems.add(Problem.error(doc.positionOf(pointer), label, field, "must be a list of paths"));
                        continue;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
                            problems.add(Problem.error(doc.positionOf(pointer + "/" + i), label, field + "[" + i + "]",
                                    "must be a path (a file or folder relative to the kustomization)"));
                        } else {
                            files.add(v.get(i).asText());
                        }
                    }
                } else if (key.equals("resources")) {
                    if (!v.isArray()) {
                        problems.add(Problem.error(doc.positionOf(pointer), label, field, "must be a list of documents"));
                        continue;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        inline.add(relabel(doc.part(pointer + "/" + i), LABEL + ".spec.resources[" + i + "]"));
                    }
                } else if (key.equals("keepSources")) {
                    if (!v.isBoolean()) {
                        problems.add(Problem.error(doc.positionOf(pointer), label, field, "must be true or false"));
                    } else {
                        values.put("keep-sources", v.asText());
                    }
                } else if (key.equals("maxReplicasCeiling")) {
                    if (!v.isIntegralNumber()) {
                        problems.add(Problem.error(doc.positionOf(pointer), label, field, "must be a whole number of at least 1"));
                    } else {
                        values.put(TYPED.get(key), v.asText());
                    }
                } else if (!v.isTextual()) {
                    problems.add(Problem.error(doc.positionOf(pointer), label, field, "must be a string"));
                } else {
                    values.put(TYPED.get(key), v.asText());
                }
            }
        } else {
            problems.add(Problem.error(doc.positionOf(""), label, null,
                    "functionConfig must be a v1 ConfigMap or a " + API_VERSION + " " + KIND + ", not "
                            + doc.apiVersion() + " " + doc.kind()));
        }

        String keep = FrontEndSettings.value(values, "keep-sources");
        if (keep != null && !keep.equals("true") && !keep.equals("false")) {
            problems.add(Problem.error(doc.positionOf("/data/keep-sources"), label, "data.keep-sources",
                    "must be \"true\" or \"false\", got \"" + keep + "\""));
        }
        SettingsLayer layer = SettingsLayer.empty("functionConfig");
        try {
            boolean typed = KIND.equals(doc.kind());
            layer = FrontEndSettings.layer("functionConfig", values, k -> typed ? "spec." + camel(k) : "data." + k);
        } catch (Main.UsageException e) {
            problems.add(Problem.error(doc.positionOf(""), label, null, e.getMessage()));
        }
        if (problems.size() > before) {
            return null;
        }
        return new FnConfig(layer, FrontEndSettings.value(values, FrontEndSettings.NAMESPACE),
                FrontEndSettings.value(values, FrontEndSettings.INFRA_RULES), files, inline, "true".equals(keep));
    }

    private static String camel(String frontEndName) {
        for (Map.Entry<String, String> e : TYPED.entrySet()) {
            if (e.getValue().equals(frontEndName)) {
                return e.getKey();
            }
        }
        return frontEndName;
    }

    private static Problem unknown(SourceDoc doc, String label, String pointer, String field, String key,
                                   java.util.Collection<String> known) {
        String guess = DidYouMean.suggest(key, known);
        return Problem.error(doc.positionOf(pointer), label, field, "unknown field ("
                + (guess != null ? "did you mean \"" + guess + "\"?" : "known fields: " + String.join(", ", known)) + ")");
    }

    /** The same document under another file label, its positions moved along. */
    static SourceDoc relabel(SourceDoc doc, String file) {
        return new SourceDoc(file, 0, doc.root(), doc.positions().relabel(file));
    }
}
