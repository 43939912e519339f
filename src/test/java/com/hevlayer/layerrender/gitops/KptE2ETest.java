package com.hevlayer.layerrender.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kpt binary runs layer-render as an exec function on examples/kpt, in place, three times:
 * {@code kpt fn eval --exec} and {@code kpt fn render --allow-exec}. The Pipelines stay on disk, the
 * rendered files appear beside them after run 1 and are the same bytes after runs 2 and 3. Skipped only
 * when no kpt is on PATH (or at {@code -Dkpt.bin=PATH}).
 */
class KptE2ETest {
    static String kpt;

    @BeforeAll
    static void findKpt() {
        String prop = System.getProperty("kpt.bin");
        if (prop != null && !prop.isBlank()) {
            kpt = prop;
        } else {
            for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, "kpt"))) {
                    kpt = Path.of(d, "kpt").toString();
                    break;
                }
            }
        }
        Assumptions.assumeTrue(
                kpt != null && Files.isExecutable(Path.of(kpt)),
                "kpt not found on PATH (nor -Dkpt.bin=PATH): KptE2ETest skipped; install kpt v1 to run it");
    }

    static final List<String> RENDERED = List.of(
            "layer.product-images-worker.deployment.yaml",
            "layer.product-images-worker.scaledobject.yaml",
            "layer.product-images-worker.triggerauthentication.yaml",
            "layer.reindex-worker.deployment.yaml");

    /** examples/kpt copied to {@code root/examples/kpt}, our launchers in {@code root/bin} (the Kptfile's exec path). */
    static Path example(Path root) throws Exception {
        return Launcher.installExample(root, "examples/kpt");
    }

    /** Every file of the package, by path, with its text. */
    static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(dir.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    static void run(Path root, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kpt, "fn"));
        command.addAll(args);
        Launcher.Result r = Launcher.run(command, root, Map.of());
        assertEquals(0, r.code(), "kpt " + args + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
    }

    /** Three runs: sources kept byte for byte, the rendered files there after run 1 and unchanged by runs 2 and 3. */
    static void threeRuns(Path root, List<String> args) throws Exception {
        Path dir = root.resolve("examples/kpt");
        Map<String, String> before = files(dir);
        run(root, args);
        Map<String, String> first = files(dir);
        before.forEach((path, text) -> assertEquals(text, first.get(path), path + ": a source changed or was deleted"));
        for (String f : RENDERED) {
            assertTrue(first.containsKey("pipelines/" + f), "not rendered: pipelines/" + f + " in " + first.keySet());
        }
        assertEquals(
                before.size() + RENDERED.size(), first.size(), first.keySet().toString());
        String deployment = first.get("pipelines/layer.product-images-worker.deployment.yaml");
        assertTrue(deployment.contains("kind: Deployment"), deployment);
        assertTrue(deployment.contains("http://gateway.layer.svc:8080"), "the functionConfig's setting: " + deployment);
        assertTrue(deployment.contains("fn.hevlayer.com/generated-by: layer-render"), deployment);
        assertFalse(deployment.contains("config.kubernetes.io/"), "kpt strips the function annotations: " + deployment);
        for (int run = 2; run <= 3; run++) {
            run(root, args);
            assertEquals(first, files(dir), "run " + run + " changed the package");
        }
    }

    @Test
    void fnEvalWithExecKeepsThePipelinesAndIsIdempotent(@TempDir Path root) throws Exception {
        example(root);
        threeRuns(
                root,
                List.of(
                        "eval",
                        "examples/kpt",
                        "--exec",
                        "bin/layer-render-krm",
                        "--",
                        "namespace=layer",
                        "gateway-base-url=http://gateway.layer.svc:8080",
                        "auth-mode=keys"));
    }

    @Test
    void fnRenderWithTheKptfilesExecFunctionKeepsThePipelinesAndIsIdempotent(@TempDir Path root) throws Exception {
        example(root);
        threeRuns(root, List.of("render", "examples/kpt", "--allow-exec"));
    }

    @Test
    void aPipelineRemovedTakesItsRenderedFilesWithIt(@TempDir Path root) throws Exception {
        Path dir = example(root);
        run(root, List.of("render", "examples/kpt", "--allow-exec"));
        Files.delete(dir.resolve("pipelines/reindex.yaml"));
        run(root, List.of("render", "examples/kpt", "--allow-exec"));
        Map<String, String> after = files(dir);
        assertFalse(
                after.containsKey("pipelines/layer.reindex-worker.deployment.yaml"),
                after.keySet().toString());
        assertTrue(
                after.containsKey("pipelines/layer.product-images-worker.deployment.yaml"),
                after.keySet().toString());
        assertTrue(
                after.containsKey("pipelines/product-images.yaml"),
                after.keySet().toString());
    }
}
