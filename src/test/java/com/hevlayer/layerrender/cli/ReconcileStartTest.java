package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layer-render reconcile} without a usable cluster: which configuration it tried, what is wrong, what to
 * do, in one line and at once; /healthz while it starts. Run in-process with a temporary HOME and KUBECONFIG.
 */
class ReconcileStartTest {
    static final Duration BOUND = Duration.ofSeconds(60);

    static InProcess.Result reconcile(Map<String, String> env, String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "reconcile";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return assertTimeoutPreemptively(BOUND, () -> InProcess.run("", env, args));
    }

    static void assertOneParagraph(InProcess.Result r) {
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception:"), "no nested exceptions: " + r.err());
    }

    static Path kubeconfig(Path dir, String text) throws IOException {
        Path k = dir.resolve("kubeconfig");
        Files.writeString(k, text);
        return k;
    }

    static String kubeconfigFor(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "URL"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: c, user: u, namespace: layer-system}}]
                current-context: c
                """.replace("URL", server);
    }

    @Test
    void noClusterAnywhereSaysWhatWasTriedAndWhatToDo(@TempDir Path home) {
        long start = System.nanoTime();
        InProcess.Result r = reconcile(Map.of("HOME", home.toString()));
        assertEquals(Main.USAGE, r.code(), r.err());
        assertOneParagraph(r);
        String err = r.err();
        assertTrue(err.contains("no cluster configured"), err);
        assertTrue(err.contains("KUBECONFIG is not set"), err);
        assertTrue(err.contains(home.resolve(".kube/config") + " does not exist"), err);
        assertTrue(err.contains("KUBERNETES_SERVICE_HOST is not set"), err);
        assertTrue(err.contains("--kubeconfig") && err.contains("service account"), "what to do: " + err);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0, "fast");
    }

    @Test
    void aKubeconfigVariableNamingNothingIsSaid(@TempDir Path home) {
        Path missing = home.resolve("nope.yaml");
        InProcess.Result r = reconcile(Map.of("HOME", home.toString(), "KUBECONFIG", missing.toString()));
        assertEquals(Main.USAGE, r.code(), r.err());
        assertOneParagraph(r);
        assertTrue(r.err().contains("KUBECONFIG names " + missing + ", which does not exist"), r.err());
    }

    @Test
    void aMalformedKubeconfigGivesTheFileAndTheReason(@TempDir Path home) throws Exception {
        Path k = kubeconfig(home, "apiVersion: v1\nclusters: [{name: c\n");
        InProcess.Result r = reconcile(Map.of("HOME", home.toString(), "KUBECONFIG", k.toString()));
        assertEquals(Main.USAGE, r.code(), r.err());
        assertOneParagraph(r);
        assertTrue(r.err().contains("kubeconfig " + k + " (from KUBECONFIG=" + k + ") is not usable: "), r.err());
        assertTrue(r.err().contains("kubectl --kubeconfig " + k + " config view"), r.err());
    }

    @Test
    void aKubeconfigWithoutCurrentContextIsSaid(@TempDir Path home) throws Exception {
        Path k = kubeconfig(home, kubeconfigFor("https://127.0.0.1:1").replace("current-context: c", ""));
        InProcess.Result r = reconcile(Map.of("HOME", home.toString()), "--kubeconfig", k.toString());
        assertEquals(Main.USAGE, r.code(), r.err());
        assertOneParagraph(r);
        assertTrue(r.err().contains("it has no current-context"), r.err());
    }

    @Test
    void anUnreadableKubeconfigSaysSo(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve(".kube/config"));
        InProcess.Result folder = reconcile(Map.of("HOME", home.toString()));
        assertEquals(Main.USAGE, folder.code(), folder.err());
        assertOneParagraph(folder);
        assertTrue(folder.err().contains("kubeconfig " + dir + " (from " + dir + ") is a folder"), folder.err());

        Path k = kubeconfig(home, kubeconfigFor("https://127.0.0.1:1"));
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(k), "running as root: every file is readable");
        InProcess.Result r = reconcile(Map.of("HOME", home.toString(), "KUBECONFIG", k.toString()));
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("cannot read kubeconfig " + k) && r.err().contains("permission denied"), r.err());
    }

    @Test
    void anApiServerNobodyAnswersAtFailsFastInOneParagraph(@TempDir Path home) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path k = kubeconfig(home, kubeconfigFor("https://127.0.0.1:" + closed));
        long start = System.nanoTime();
        InProcess.Result r = reconcile(
                Map.of("HOME", home.toString()),
                "--kubeconfig",
                k.toString(),
                "--no-leader-election",
                "--bind",
                "127.0.0.1",
                "--port",
                "0");
        assertEquals(Main.INVALID, r.code(), r.err());
        assertOneParagraph(r);
        assertTrue(
                r.err()
                        .contains("cannot reach the API server https://127.0.0.1:" + closed + "/ (from --kubeconfig "
                                + k),
                r.err());
        assertTrue(r.err().contains("kubectl cluster-info"), r.err());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0,
                "no retries for 25 s");
    }

    @Test
    void healthzAnswersWhileTheApiServerIsAsked(@TempDir Path home) throws Exception {
        int ops;
        try (ServerSocket s = new ServerSocket(0)) {
            ops = s.getLocalPort();
        }
        try (ServerSocket api = new ServerSocket(0)) {
            api.setSoTimeout((int) BOUND.toMillis());
            Path k = kubeconfig(home, kubeconfigFor("https://127.0.0.1:" + api.getLocalPort()));
            Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
            CompletableFuture<InProcess.Result> run = CompletableFuture.supplyAsync(() -> InProcess.run(
                    "",
                    env,
                    "reconcile",
                    "--kubeconfig",
                    k.toString(),
                    "--no-leader-election",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(ops)));
            // the reconciler is asking the API server (which does not answer yet): the probes are already up
            try (Socket asking = api.accept()) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(BOUND).build();
                assertEquals(200, status(http, ops, "/healthz"), "alive while starting");
                assertEquals(503, status(http, ops, "/readyz"), "not ready before the caches sync");
            }
            InProcess.Result r = run.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Main.INVALID, r.code(), r.err());
            assertOneParagraph(r);
        }
    }

    static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(BOUND)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
