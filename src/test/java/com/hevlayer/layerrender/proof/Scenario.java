package com.hevlayer.layerrender.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.AuthMode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated input: documents in input order, gateway settings from the environment and from
 * flags (by the operator's variable names), and the {@code --namespace} default.
 *
 * @param docs             Pipelines, at most one InfraRules, VectorStores and foreign documents
 * @param env              GATEWAY_BASE_URL, DEFAULT_METRICS_SERVER, GATEWAY_API_SECRET_NAME,
 *                         GATEWAY_API_SECRET_KEY, GATEWAY_AUTH_MODE, MAX_REPLICAS_CEILING (a subset)
 * @param flags            the same keys, the command-line layer above the environment
 * @param defaultNamespace {@code --namespace}, or null
 * @param json             whether the documents are written as JSON rather than YAML
 */
public record Scenario(
        List<ObjectNode> docs,
        Map<String, String> env,
        Map<String, String> flags,
        String defaultNamespace,
        boolean json) {

    static final List<String> SETTINGS = List.of(
            "GATEWAY_BASE_URL",
            "DEFAULT_METRICS_SERVER",
            "GATEWAY_API_SECRET_NAME",
            "GATEWAY_API_SECRET_KEY",
            "GATEWAY_AUTH_MODE",
            "MAX_REPLICAS_CEILING");

    static final Map<String, String> FLAG_NAMES = Map.of(
            "GATEWAY_BASE_URL", "--gateway-base-url",
            "DEFAULT_METRICS_SERVER", "--metrics-server",
            "GATEWAY_API_SECRET_NAME", "--gateway-secret-name",
            "GATEWAY_API_SECRET_KEY", "--gateway-secret-key",
            "GATEWAY_AUTH_MODE", "--auth-mode",
            "MAX_REPLICAS_CEILING", "--max-replicas-ceiling");

    public Scenario copy() {
        List<ObjectNode> d = new ArrayList<>();
        for (ObjectNode o : docs) {
            d.add(o.deepCopy());
        }
        return new Scenario(d, new LinkedHashMap<>(env), new LinkedHashMap<>(flags), defaultNamespace, json);
    }

    /** The settings layers the CLI would build: environment below flags. */
    public List<SettingsLayer> layers() {
        return List.of(layer("environment", env), layer("flags", flags));
    }

    private static SettingsLayer layer(String source, Map<String, String> m) {
        return SettingsLayer.empty(source)
                .withBaseUrl(m.get("GATEWAY_BASE_URL"))
                .withMetricsServer(m.get("DEFAULT_METRICS_SERVER"))
                .withSecretName(m.get("GATEWAY_API_SECRET_NAME"))
                .withSecretKey(m.get("GATEWAY_API_SECRET_KEY"))
                .withAuthMode(
                        m.containsKey("GATEWAY_AUTH_MODE")
                                ? AuthMode.parse(m.get("GATEWAY_AUTH_MODE")).orElseThrow()
                                : null)
                .withMaxReplicasCeiling(
                        m.containsKey("MAX_REPLICAS_CEILING") ? Integer.valueOf(m.get("MAX_REPLICAS_CEILING")) : null);
    }

    /** Command-line arguments for {@code render -} with these flags. */
    public List<String> args(String command) {
        List<String> a = new ArrayList<>(List.of(command, "-"));
        for (Map.Entry<String, String> f : flags.entrySet()) {
            a.add(FLAG_NAMES.get(f.getKey()));
            a.add(f.getValue());
        }
        if (defaultNamespace != null) {
            a.add("--namespace");
            a.add(defaultNamespace);
        }
        return a;
    }

    /** The input as one stream of text (YAML documents, or JSON documents separated by ---). */
    public String text() {
        return text(docs);
    }

    String text(List<? extends JsonNode> d) {
        if (!json) {
            return YamlWriter.write(d);
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode n : d) {
            b.append("---\n").append(yamlPrintable(compact(n))).append('\n');
        }
        return b.toString();
    }

    /**
     * JSON allows raw DEL and C1 control characters inside strings; YAML, which reads our JSON
     * inputs too, does not (they are refused with a clear error, see docs/decisions.md). The
     * generated JSON writes them as \\u escapes, as JSON encoders commonly do.
     */
    static String yamlPrintable(String json) {
        StringBuilder b = new StringBuilder(json.length());
        for (char c : json.toCharArray()) {
            if (c >= 0x7f && c <= 0x9f && c != 0x85) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String compact(JsonNode n) {
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@link #text} the way the CLI does. */
    public List<SourceDoc> sourceDocs() {
        return load("gen.yaml", text());
    }

    static List<SourceDoc> load(String file, String text) {
        try {
            return new YamlLoader(Limits.DEFAULT).load(file, text);
        } catch (YamlException e) {
            throw new AssertionError(
                    "generated input does not parse: " + e.position() + ": " + e.getMessage() + "\n" + text, e);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("env: ").append(env).append('\n');
        b.append("flags: ").append(flags).append('\n');
        b.append("--namespace: ").append(defaultNamespace).append('\n');
        b.append("input (").append(json ? "JSON" : "YAML").append("):\n").append(text());
        return b.toString();
    }
}
