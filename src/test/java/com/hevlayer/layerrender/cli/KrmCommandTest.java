package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlLoader;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code layer-render krm}: the KRM function protocol. */
class KrmCommandTest {
    static final String PIPELINE_ITEM =
            "- apiVersion: hevlayer.com/v1alpha1\n  kind: Pipeline\n  metadata:\n    name: web\n"
                    + "    annotations: {config.kubernetes.io/path: pipelines/web.yaml, internal.config.kubernetes.io/path: pipelines/web.yaml,"
                    + " config.kubernetes.io/index: '0', internal.config.kubernetes.io/index: '0'}\n"
                    + "  spec: {target: {namespace: t}, worker: {image: img}, scaling: {replicas: {max: 2}}}\n";
    static final String PLAIN_ITEM = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: plain\n"
            + "    annotations: {config.kubernetes.io/path: plain.yaml, example.com/x: 'on'}\n  data: {k: 'yes', n: '010'}\n";

    static String list(String items, String functionConfig) {
        return "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + items
                + (functionConfig == null ? "" : "functionConfig:\n" + functionConfig);
    }

    static JsonNode parse(String out) throws Exception {
        return new YamlLoader(Limits.DEFAULT).load("out", out).get(0).root();
    }

    static List<String> kinds(JsonNode rl) {
        List<String> out = new ArrayList<>();
        rl.path("items")
                .forEach(i -> out.add(i.path("kind").asText() + "/"
                        + i.path("metadata").path("name").asText()));
        return out;
    }

    @Test
    void rendersItemsPassesOthersThroughAndRemovesSources() throws Exception {
        String config =
                "  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: cfg}\n  data: {namespace: apps, auth-mode: open, gateway-base-url: 'http://cm:1'}\n";
        InProcess.Result r = CliTest.run(
                list(PLAIN_ITEM + PIPELINE_ITEM, config), Map.of("GATEWAY_BASE_URL", "http://env:9"), "krm");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        JsonNode rl = parse(r.out());
        assertEquals("ResourceList", rl.path("kind").asText());
        assertEquals(List.of("ConfigMap/plain", "Deployment/web-worker", "ScaledObject/web-worker"), kinds(rl));
        JsonNode plain = rl.path("items").get(0);
        JsonNode in = parse(list(PLAIN_ITEM, null)).path("items").get(0);
        assertEquals(in, plain, "passed through untouched, annotations included");
        JsonNode deployment = rl.path("items").get(1);
        assertEquals("apps", deployment.path("metadata").path("namespace").asText());
        JsonNode ann = deployment.path("metadata").path("annotations");
        assertEquals(
                "pipelines/apps.web-worker.deployment.yaml",
                ann.path("internal.config.kubernetes.io/path").asText());
        assertEquals(ann.path("internal.config.kubernetes.io/path"), ann.path("config.kubernetes.io/path"));
        assertEquals("0", ann.path("internal.config.kubernetes.io/index").asText());
        assertTrue(r.out().contains("value: http://cm:1\n"), "functionConfig above the environment");
        assertFalse(r.out().contains("LAYER_GATEWAY_API_KEY"), "auth-mode open from the ConfigMap");
        assertFalse(rl.has("results"));
    }

    @Test
    void keepSourcesKeepsThem() throws Exception {
        String config =
                "  apiVersion: fn.hevlayer.com/v1alpha1\n  kind: LayerRender\n  metadata: {name: cfg}\n  spec: {keepSources: true}\n";
        InProcess.Result r = CliTest.run(list(PIPELINE_ITEM, config), Map.of(), "krm");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                List.of(
                        "Pipeline/web",
                        "Deployment/web-worker",
                        "TriggerAuthentication/web-worker",
                        "ScaledObject/web-worker"),
                kinds(parse(r.out())));
    }

    @Test
    void problemsBecomeResultsAndStderrWithNonZeroExit() throws Exception {
        InProcess.Result r =
                CliTest.run(list(PLAIN_ITEM + PIPELINE_ITEM.replace("max: 2", "max: 200"), null), Map.of(), "krm");
        assertEquals(1, r.code());
        JsonNode rl = parse(r.out());
        JsonNode result = rl.path("results").get(0);
        assertEquals("error", result.path("severity").asText());
        assertTrue(
                result.path("message").asText().contains("exceeds pool \"cpu\"'s maxReplicasPerWorkload of 32"),
                result.toString());
        assertEquals("Pipeline", result.path("resourceRef").path("kind").asText());
        assertEquals("web", result.path("resourceRef").path("name").asText());
        assertEquals(
                "spec.scaling.replicas.max", result.path("field").path("path").asText());
        assertEquals("pipelines/web.yaml", result.path("file").path("path").asText());
        assertEquals(0, result.path("file").path("index").asInt());
        assertTrue(
                r.err().startsWith("pipelines/web.yaml: Pipeline web: spec.scaling.replicas.max: 200 exceeds"),
                r.err());
        assertEquals(List.of("ConfigMap/plain", "Pipeline/web"), kinds(rl), "input items returned as they came");
    }

    @Test
    void generatorModeReadsTheFilesTheConfigNames() throws Exception {
        // files are confined to the working directory (the kustomization's folder): a relative folder below it
        Path dir = Files.createDirectories(Path.of("target/krm-test")).resolve("gen-" + System.nanoTime());
        Path p = Files.createDirectories(dir.resolve("pipelines")).resolve("web.yaml");
        Files.writeString(
                p,
                "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: web}\n"
                        + "spec: {target: {namespace: t}, worker: {image: img}, scaling: {mode: fixed, replicas: {min: 1, max: 2}}}\n");
        String cfg = "apiVersion: fn.hevlayer.com/v1alpha1\nkind: LayerRender\nmetadata:\n  name: gen\n"
                + "  annotations: {config.kubernetes.io/local-config: 'true'}\nspec:\n  files: ['"
                + dir.resolve("pipelines") + "']\n"
                + "  resources:\n  - {apiVersion: hevlayer.com/v1alpha1, kind: Pipeline, metadata: {name: inline, namespace: x},"
                + " spec: {target: {namespace: t}, worker: {image: img}, scaling: {mode: disabled, replicas: {max: 1}}}}\n";
        String indented = "  " + cfg.replace("\n", "\n  ").trim() + "\n";
        InProcess.Result r =
                CliTest.run(list("- " + indented.trim().replace("\n", "\n") + "\n", indented), Map.of(), "krm");
        assertEquals(0, r.code(), r.err());
        JsonNode rl = parse(r.out());
        assertEquals(List.of("LayerRender/gen", "Deployment/web-worker", "Deployment/inline-worker"), kinds(rl));
        assertEquals(
                dir.resolve("pipelines") + "/_.web-worker.deployment.yaml",
                rl.path("items")
                        .get(1)
                        .path("metadata")
                        .path("annotations")
                        .path("config.kubernetes.io/path")
                        .asText());
    }

    @Test
    void generatorModeLeavesOutTheExcludedPathsAndSkipsFilesThatAreNoManifests() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/krm-test")).resolve("exclude-" + System.nanoTime());
        Files.createDirectories(dir.resolve("charts/web/templates"));
        Files.writeString(dir.resolve("charts/web/templates/d.yaml"), "replicas: {{ .Values.replicaCount }}\n");
        Files.writeString(dir.resolve("values.yaml"), "replicaCount: 2\n");
        Files.writeString(
                dir.resolve("web.yaml"),
                "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: web}\n"
                        + "spec: {target: {namespace: t}, worker: {image: img}, scaling: {mode: fixed, replicas: {min: 1, max: 2}}}\n");
        String cm = "  {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {files: '" + dir
                + "', exclude: 'charts/'}}\n";
        InProcess.Result r = CliTest.run(list("  []\n", cm), Map.of(), "krm");
        assertEquals(0, r.code(), r.err());
        JsonNode results = parse(r.out()).path("results");
        assertEquals(1, results.size(), results.toString());
        assertEquals("warning", results.get(0).path("severity").asText());
        assertTrue(results.get(0).path("message").asText().contains("not a Kubernetes manifest"), results.toString());
        assertEquals(
                dir + "/values.yaml", results.get(0).path("file").path("path").asText());

        String typed =
                "  {apiVersion: fn.hevlayer.com/v1alpha1, kind: LayerRender, metadata: {name: g}, spec: {files: ['"
                        + dir + "'], exclude: ['charts/', 'values.yaml']}}\n";
        InProcess.Result quiet = CliTest.run(list("  []\n", typed), Map.of(), "krm");
        assertEquals(0, quiet.code(), quiet.err());
        assertTrue(parse(quiet.out()).path("results").isEmpty(), quiet.out());
        assertTrue(kinds(parse(quiet.out())).contains("Deployment/web-worker"), quiet.out());

        InProcess.Result bad =
                CliTest.run(list("  []\n", typed.replace("'charts/'", "'charts/[web'")), Map.of(), "krm");
        assertEquals(1, bad.code(), bad.out());
        assertTrue(bad.err().contains("exclude 'charts/[web': has a [ that is never closed"), bad.err());
    }

    @Test
    void configErrorsAreResults() throws Exception {
        String config = "  apiVersion: fn.hevlayer.com/v1alpha1\n  kind: LayerRender\n  metadata: {name: cfg}\n"
                + "  spec: {gatewayBaseURL: 'http://x', maxReplicasCeiling: 0, authMode: closed}\n";
        InProcess.Result r = CliTest.run(list(PIPELINE_ITEM, config), Map.of(), "krm");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("spec.gatewayBaseURL: unknown field (did you mean \"gatewayBaseUrl\"?)"), r.err());
        assertTrue(
                parse(r.out())
                        .path("results")
                        .get(0)
                        .path("resourceRef")
                        .path("kind")
                        .asText()
                        .equals("LayerRender"),
                r.out());
        InProcess.Result cm = CliTest.run(
                list(
                        PIPELINE_ITEM,
                        "  {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {auth-mod: keys}}\n"),
                Map.of(),
                "krm");
        assertEquals(1, cm.code());
        assertTrue(cm.err().contains("data.auth-mod: unknown field (did you mean \"auth-mode\"?)"), cm.err());
    }

    @Test
    void notAResourceListIsAnError() {
        InProcess.Result r = CliTest.run("apiVersion: v1\nkind: List\nitems: []\n", Map.of(), "krm");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("ResourceList"), r.err());
    }

    @Test
    void theTypedConfigSchemaMatchesWhatIsRead() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(Files.readString(Path.of("schemas/fn/layerrender.schema.json")));
        List<String> fields = new ArrayList<>();
        schema.path("properties").path("spec").path("properties").fieldNames().forEachRemaining(fields::add);
        assertEquals(
                new java.util.TreeSet<>(com.hevlayer.layerrender.settings.FunctionConfig.TYPED.keySet()),
                new java.util.TreeSet<>(fields));
        Schema s =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
        JsonNode example = new YamlLoader(Limits.DEFAULT)
                .load("x", Files.readString(Path.of("examples/kustomize/layer-render.yaml")))
                .get(0)
                .root();
        assertEquals(List.of(), s.validate(example));
        assertFalse(s.validate(Json.MAPPER.readTree(
                        "{\"apiVersion\":\"fn.hevlayer.com/v1alpha1\",\"kind\":\"LayerRender\",\"spec\":{\"nope\":1}}"))
                .isEmpty());
    }
}
