package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large render holds its Pipelines, not their trees and objects (issue 17: 100,000 Pipelines in 512 MB):
 * a child JVM with a small heap renders many Pipelines whole, and refuses an input too large for it cleanly
 * (a message, exit 1, nothing on stdout). Memory, not time: nothing here is timed.
 */
class LargeInputMemoryTest {
    /** Renders whole under {@link #HEAP}; holding every input tree and rendered object (~16 KB each) would need ~130 MB. */
    private static final int PIPELINES = 8_000;

    private static final String HEAP = "-Xmx64m";

    record Run(int code, String out, String err) {}

    private static Run render(Path input, Path dir, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "com.hevlayer.layerrender.cli.Main",
                "render",
                input.toString()));
        cmd.addAll(List.of(more));
        Path out = dir.resolve("out.yaml");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("LAYER_RENDER_JAVA_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** {@code n} Pipelines like the seed's, each in its own namespace and with a pipelineId of its own. */
    private static Path pipelines(Path dir, int n) throws Exception {
        Path file = dir.resolve("pipelines-" + n + ".yaml");
        StringBuilder b = new StringBuilder(n * 520);
        for (int i = 0; i < n; i++) {
            b.append("---\napiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata:\n  name: pipeline-")
                    .append(i)
                    .append("\n  namespace: team-")
                    .append(i % 10)
                    .append("\nspec:\n  pipelineId: queue-")
                    .append(i)
                    .append("\n  target:\n    namespace: products\n  sourceRef:\n    kind: sqs\n")
                    .append("    queueUrl: https://sqs.us-east-1.amazonaws.com/123456789/queue-")
                    .append(i)
                    .append("\n  worker:\n    image: ghcr.io/hev/product-image-worker:1.0.0\n")
                    .append("    batchSize: 64\n    timeoutSeconds: 60\n")
                    .append("  scaling:\n    pool: cpu\n    mode: fixed\n    replicas:\n      max: 2\n");
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void manyPipelinesRenderWholeInASmallHeap(@TempDir Path dir) throws Exception {
        Run r = render(pipelines(dir, PIPELINES), dir);
        assertEquals(0, r.code(), r.err());
        long deployments = r.out().lines().filter("kind: Deployment"::equals).count();
        assertEquals(PIPELINES, deployments, "every Pipeline's Deployment is printed");
        assertTrue(r.out().endsWith("\n"), "the output is complete");
    }

    @Test
    void manyPipelinesRenderToAFolderInASmallHeap(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("rendered");
        Run r = render(pipelines(dir, PIPELINES), dir, "--output-dir", folder.toString());
        assertEquals(0, r.code(), r.err());
        try (var files = Files.list(folder)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(
                    PIPELINES,
                    names.stream().filter(n -> n.endsWith(".deployment.yaml")).count(),
                    "a file for every Pipeline's Deployment");
        }
        assertTrue(
                Files.readString(folder.resolve("team-3.pipeline-13-worker.deployment.yaml"))
                        .contains("queue-13"),
                "each file holds its own object");
    }

    @Test
    void anInputTooLargeForTheHeapFailsCleanly(@TempDir Path dir) throws Exception {
        Run r = render(pipelines(dir, 120_000), dir); // ~62 MB, under the 64 MiB a file may have
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out(), "nothing is printed when the input cannot be rendered whole");
        assertTrue(r.err().contains("memory") || r.err().contains("too large"), r.err());
    }
}
