package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.testing.Launcher;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, started as separate processes ({@code java -jar target/layer-render.jar reconcile}),
 * against the mock API server on loopback, driven through a client the way a cluster would be:
 * kubeconfig, environment settings, leader election between two processes, probes, metrics, SIGTERM.
 * Builds the jar first when it is missing or older than the compiled classes.
 */
class JarEndToEndTest {
    static final Path ROOT = Paths.get("").toAbsolutePath();
    static final Path JAR = ROOT.resolve("target/layer-render.jar");

    static synchronized Path jar() throws Exception {
        long newest;
        try (Stream<Path> s = Files.walk(ROOT.resolve("target/classes"))) {
            newest = s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().lastModified())
                    .max()
                    .orElse(0);
        }
        if (!Files.exists(JAR) || JAR.toFile().lastModified() < newest) {
            // package what is compiled already: no recompilation, no tests, no fuzzing (this test is running them)
            ProcessBuilder pb = new ProcessBuilder(
                            "mvn",
                            "-q",
                            "-B",
                            "-Dmaven.main.skip=true",
                            "-Dmaven.test.skip=true",
                            "-DskipFuzz",
                            "package")
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ROOT.resolve("target/e2e-package.log").toFile());
            // package's CDS training run renders the samples: the developer's settings variables stay out of it
            Launcher.environment(pb.environment(), Map.of());
            Process p = pb.start();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "mvn package did not end within 10 minutes");
            assertEquals(0, p.exitValue(), Files.readString(ROOT.resolve("target/e2e-package.log")));
        }
        return JAR;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path kubeconfig(Path dir, String url) throws IOException {
        Path k = dir.resolve("kubeconfig");
        Files.writeString(k, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "URL"}}]
                users: [{name: test, user: {token: test-token}}]
                contexts: [{name: mock, context: {cluster: mock, user: test, namespace: layer-system}}]
                current-context: mock
                """.replace("URL", url), StandardCharsets.UTF_8);
        return k;
    }

    record Proc(Process process, int port, Path log) {
        String get(String path) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        }
    }

    static Proc start(Path dir, Path kubeconfig, String identity) throws Exception {
        int port = freePort();
        Path log = dir.resolve(identity + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar().toString(),
                "reconcile",
                "--kubeconfig",
                kubeconfig.toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                // the long lease of LeaderElectionAndOpsTest: no busy machine makes the leader miss it
                "--identity",
                identity,
                "--lease-duration",
                "60s",
                "--renew-deadline",
                "45s",
                "--retry-period",
                "1s",
                "--retry-initial",
                "100ms",
                "--retry-max",
                "2s"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // the inherited environment less layer-render's own variables (KUBECONFIG, POD_NAMESPACE, the settings ...)
        Launcher.environment(pb.environment(), Map.of("GATEWAY_BASE_URL", "http://gateway.e2e:9000"));
        return new Proc(pb.start(), port, log);
    }

    @Test
    void theJarReconcilesAgainstAnApiServerOnLoopback(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness()) {
            Path kc = kubeconfig(dir, h.api.url());
            Proc one = start(dir, kc, "one");
            Proc two = null;
            try {
                h.await("one is ready", () -> get(one, "/readyz").startsWith("200"));
                h.await("one leads", () -> get(one, "/metrics").contains("layer_render_leader 1"));
                two = start(dir, kc, "two");
                Proc standby = two;
                h.await("two is ready", () -> get(standby, "/readyz").startsWith("200"));
                assertTrue(get(two, "/metrics").contains("layer_render_leader 0"));

                h.createPipeline("layer", "web", Harness.AUTOSCALE);
                h.awaitReady("layer", "web", "True", "Reconciled");
                EnvVar base = h
                        .deployment("layer", "web")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv()
                        .stream()
                        .filter(e -> e.getName().equals("HEVLAYER_BASE_URL"))
                        .findFirst()
                        .orElseThrow();
                assertEquals("http://gateway.e2e:9000", base.getValue(), "settings from the operator's environment");
                h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("max: 4", "max: 500"));
                h.awaitReady("layer", "web", "False", "ReplicasExceedPoolCeiling");
                String metrics = get(one, "/metrics");
                assertTrue(
                        metrics.contains("layer_render_writes_total{verb=\"apply\",kind=\"Deployment\"} 1"), metrics);
                assertTrue(get(two, "/metrics").contains("layer_render_reconciles_total 0"));

                // SIGTERM the leader: it stops cleanly; the standby takes over once the lease has expired,
                // which the test makes happen at once (Harness.expireLease) instead of waiting the minute
                one.process().destroy();
                assertTrue(one.process().waitFor(2, TimeUnit.MINUTES), "leader stopped on SIGTERM");
                h.expireLease("layer-system", "one");
                h.await("two leads", () -> get(standby, "/metrics").contains("layer_render_leader 1"));
                h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("max: 4", "max: 3"));
                h.awaitReady("layer", "web", "True", "Reconciled");
                assertEquals(3, h.keda("ScaledObject", "layer", "web").<Integer>get("spec", "maxReplicaCount"));
                assertTrue(Files.readString(one.log()).contains("applied Deployment layer/web-worker (created)"));
            } catch (AssertionError | Exception e) {
                throw new AssertionError(
                        e.getMessage() + "\n--- one:\n" + Files.readString(one.log())
                                + (two == null ? "" : "\n--- two:\n" + Files.readString(two.log())),
                        e);
            } finally {
                one.process().destroyForcibly();
                if (two != null) {
                    two.process().destroy();
                    if (!two.process().waitFor(2, TimeUnit.MINUTES)) {
                        two.process().destroyForcibly();
                    }
                }
            }
        }
    }

    private static String get(Proc p, String path) {
        try {
            return p.get(path);
        } catch (Exception e) {
            return "down: " + e;
        }
    }
}
