package com.hevlayer.layerrender.krm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The function without its edge: the files a functionConfig names arrive as data, nothing is read. */
class KrmFunctionTest {
    static final KrmFunction FN = new KrmFunction(new Engine(new SchemaCheck(), DeploymentSchema::new));

    static KrmFunction.Request request(String resourceList) throws Exception {
        return KrmFunction.read(resourceList.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> kinds(JsonNode rl) {
        List<String> out = new ArrayList<>();
        rl.path("items")
                .forEach(i -> out.add(i.path("kind").asText() + "/"
                        + i.path("metadata").path("name").asText()));
        return out;
    }

    @Test
    void theNamedFilesArePassedIn() throws Exception {
        KrmFunction.Request req =
                request("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n"
                        + "  {apiVersion: fn.hevlayer.com/v1alpha1, kind: LayerRender, metadata: {name: gen},"
                        + " spec: {files: [not-on-disk/], infraRules: rules.yaml}}\n");
        assertEquals(new KrmFunction.Files("rules.yaml", List.of("not-on-disk/")), req.filesToRead());
        List<SourceDoc> pipelines = new YamlLoader(Limits.DEFAULT)
                .load(
                        "not-on-disk/web.yaml",
                        ("apiVersion: hevlayer.com/v1alpha1\n"
                                        + "kind: Pipeline\nmetadata: {name: web, namespace: apps}\n"
                                        + "spec: {target: {namespace: t}, worker: {image: img}, scaling: {mode: fixed, replicas: {min: 1, max: 2}}}\n")
                                .getBytes(StandardCharsets.UTF_8));
        KrmFunction.Read read =
                new KrmFunction.Read(Map.of("not-on-disk/web.yaml", pipelines), List.of(), pipelines, List.of());
        KrmFunction.Response res = FN.run(req, Map.of(), read);
        assertFalse(res.failed(), res.messages().toString());
        assertEquals(List.of("Deployment/web-worker"), kinds(res.resourceList()));
        assertEquals(
                "not-on-disk/apps.web-worker.deployment.yaml",
                res.resourceList()
                        .path("items")
                        .get(0)
                        .path("metadata")
                        .path("annotations")
                        .path(KrmFunction.PATH)
                        .asText());
    }

    @Test
    void originAnnotationsNameTheFilesTheFunctionReadWithLineAndColumn() throws Exception {
        String config = "  {apiVersion: fn.hevlayer.com/v1alpha1, kind: LayerRender, metadata: {name: gen},"
                + " spec: {files: [pipes/], originAnnotations: %s}}\n";
        List<SourceDoc> pipelines = new YamlLoader(Limits.DEFAULT)
                .load(
                        "pipes/web.yaml",
                        ("apiVersion: hevlayer.com/v1alpha1\n"
                                        + "kind: Pipeline\nmetadata: {name: web, namespace: apps}\n"
                                        + "spec: {target: {namespace: t}, worker: {image: img}, scaling: {mode: fixed, replicas: {min: 1, max: 2}}}\n")
                                .getBytes(StandardCharsets.UTF_8));
        KrmFunction.Read read =
                new KrmFunction.Read(Map.of("pipes/web.yaml", pipelines), List.of(), pipelines, List.of());
        for (String on : List.of("true", "false")) {
            KrmFunction.Request req = request("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"
                    + "functionConfig:\n" + String.format(config, on));
            KrmFunction.Response res = FN.run(req, Map.of("GATEWAY_BASE_URL", "http://gw.example:8080"), read);
            assertFalse(res.failed(), res.messages().toString());
            JsonNode annotation = res.resourceList()
                    .path("items")
                    .get(0)
                    .path("metadata")
                    .path("annotations")
                    .path(KrmFunction.ORIGIN);
            if (on.equals("false")) {
                assertTrue(annotation.isMissingNode(), "off: no annotation");
                continue;
            }
            JsonNode origin = new YamlLoader(Limits.DEFAULT)
                    .load("annotation", annotation.asText())
                    .get(0)
                    .root();
            assertEquals("pipes/web.yaml", origin.path("path").asText());
            assertEquals("web", origin.path("configuredBy").path("name").asText());
            assertEquals("apps", origin.path("configuredBy").path("namespace").asText());
            JsonNode fields = origin.path("fields");
            assertEquals(
                    "Pipeline spec.worker.image, pipes/web.yaml:4:41",
                    fields.path("spec.template.spec.containers[worker].image").asText());
            assertEquals(
                    "Pipeline spec.scaling.replicas.min, pipes/web.yaml:4:88",
                    fields.path("spec.replicas").asText());
            assertEquals(
                    "setting gateway-base-url from environment variable GATEWAY_BASE_URL",
                    fields.path("spec.template.spec.containers[worker].env[HEVLAYER_BASE_URL].value")
                            .asText());
            assertEquals(
                    "built-in pool cpu",
                    fields.path("spec.template.spec.nodeSelector").asText());
            assertFalse(fields.has("apiVersion"), "constant rules are left to explain");
        }
    }

    @Test
    void everyBadSettingIsAResult() throws Exception {
        KrmFunction.Request req = request(
                "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n"
                        + "  {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {auth-mode: closed, gateway-base-url: 'ftp://x'}}\n");
        KrmFunction.Response res = FN.run(
                req, Map.of("MAX_REPLICAS_CEILING", "none", "POD_SECURITY_LEVEL", "lax"), KrmFunction.Read.none());
        assertTrue(res.failed());
        List<String> messages = new ArrayList<>();
        res.resourceList()
                .path("results")
                .forEach(r -> messages.add(r.path("message").asText()));
        assertEquals(
                List.of(
                        "MAX_REPLICAS_CEILING=none is not a whole number of at least 1",
                        "POD_SECURITY_LEVEL=lax is not a Pod Security Standards level (use privileged, baseline or restricted)",
                        // the functionConfig's two share its position: in the order of their text
                        "data.auth-mode=closed is not an auth mode (use deriveFromStore, keys or open)",
                        "data.gateway-base-url=ftp://x is not an http(s) URL (e.g. http://layer-gateway.layer.svc.cluster.local:8080)"),
                messages);
        assertEquals(4, res.errors());
    }

    @Test
    void anItemTheEngineDoesNotRenderPassesThrough() throws Exception {
        KrmFunction.Response res = FN.run(
                request(
                        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
                                + "- {apiVersion: hevlayer.com/v1alpha1, kind: Gadget, metadata: {name: g}}\n"
                                + "- {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: inner}}]}\n"),
                Map.of(),
                KrmFunction.Read.none());
        assertFalse(res.failed());
        assertEquals(List.of("Gadget/g", "List/"), kinds(res.resourceList()));
        assertEquals(
                "warning",
                res.resourceList().path("results").get(0).path("severity").asText());
    }

    static final String PIPELINE =
            "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: web, namespace: apps%s}\n"
                    + "spec: {target: {namespace: t}, worker: {image: img}, scaling: {mode: fixed, replicas: {min: 1, max: 2}}}\n";

    static String list(String... items) {
        StringBuilder b = new StringBuilder("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n");
        for (String item : items) {
            b.append("- ").append(item.strip().replace("\n", "\n  ")).append('\n');
        }
        return b.toString();
    }

    static final String STALE = "apiVersion: apps/v1\nkind: Deployment\n"
            + "metadata: {name: web-worker, namespace: apps, annotations: {fn.hevlayer.com/generated-by: layer-render}}\n"
            + "spec: {replicas: 9}\n";

    @Test
    void kustomizesItemsAreConsumedAndAnEarlierOutputIsReplaced() throws Exception {
        // kustomize's transformer items: no seqindent, no Kptfile; the Pipeline is consumed as before
        KrmFunction.Response res =
                FN.run(request(list(PIPELINE.formatted(""), STALE)), Map.of(), KrmFunction.Read.none());
        assertFalse(res.failed(), res.messages().toString());
        assertEquals(List.of("Deployment/web-worker"), kinds(res.resourceList()));
        JsonNode deployment = res.resourceList().path("items").get(0);
        assertEquals(1, deployment.path("spec").path("replicas").asInt(), "made again (fixed: min), not the stale 9");
        assertEquals(
                KrmFunction.GENERATOR,
                deployment
                        .path("metadata")
                        .path("annotations")
                        .path(KrmFunction.GENERATED_BY)
                        .asText());
    }

    @Test
    void inKptThePipelineIsKeptEvenWithKeepSourcesFalse() throws Exception {
        String kpt =
                ", annotations: {internal.config.kubernetes.io/seqindent: compact, config.kubernetes.io/path: p/web.yaml}";
        String config =
                "functionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {keep-sources: 'false'}}\n";
        KrmFunction.Response res =
                FN.run(request(list(PIPELINE.formatted(kpt), STALE) + config), Map.of(), KrmFunction.Read.none());
        assertFalse(res.failed(), res.messages().toString());
        assertEquals(List.of("Pipeline/web", "Deployment/web-worker"), kinds(res.resourceList()));
        // a Kptfile alone says kpt too
        KrmFunction.Response withKptfile = FN.run(
                request(list("{apiVersion: kpt.dev/v1, kind: Kptfile, metadata: {name: k}}", PIPELINE.formatted(""))),
                Map.of(),
                KrmFunction.Read.none());
        assertEquals(List.of("Kptfile/k", "Pipeline/web", "Deployment/web-worker"), kinds(withKptfile.resourceList()));
    }
}
