package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.render.Json;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 Pipelines in 5 namespaces against the real jar: time to Ready, requests, the reconciler's
 * resident memory; then a resync makes zero writes; then an InfraRules change rolls every
 * Deployment. Slow (about a minute), so behind a switch: {@code mvn test -Dtest=ReconcilerScaleTest -Dscale=true}
 * ({@code -Dscale.pipelines=N} to change the count). Prints its numbers; README "Reconciler" records them.
 */
@EnabledIfSystemProperty(named = "scale", matches = "true")
class ReconcilerScaleTest {
    static final int N = Integer.getInteger("scale.pipelines", 1000);
    static final List<String> NAMESPACES = List.of("team-a", "team-b", "team-c", "team-d", "team-e");

    @Test
    void aThousandPipelines(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness()) {
            Path kc = JarEndToEndTest.kubeconfig(dir, h.api.url());
            int port = JarEndToEndTest.freePort();
            Path log = dir.resolve("scale.log");
            ProcessBuilder pb = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-jar",
                            JarEndToEndTest.jar().toString(),
                            "reconcile",
                            "--kubeconfig",
                            kc.toString(),
                            "--bind",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--no-leader-election",
                            "--quiet",
                            "--resync",
                            "40s",
                            "--threads",
                            "8")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            com.hevlayer.layerrender.testing.Launcher.environment(pb.environment(), Map.of());
            Process p = pb.start();
            JarEndToEndTest.Proc proc = new JarEndToEndTest.Proc(p, port, log);
            try {
                h.await(
                        "ready",
                        Duration.ofSeconds(60),
                        () -> get(proc, "/readyz").startsWith("200"));
                h.api.clearRequests();
                long t0 = System.nanoTime();
                for (int i = 0; i < N; i++) {
                    String spec = i % 10 == 9
                            ? Harness.AUTOSCALE.replace("mode: autoscale", "mode: fixed")
                            : Harness.AUTOSCALE;
                    h.createPipeline(NAMESPACES.get(i % NAMESPACES.size()), "p" + i, spec);
                }
                double created = (System.nanoTime() - t0) / 1e9;
                h.await(N + " Ready", Duration.ofMinutes(10), () -> readyCount(h) == N);
                double ready = (System.nanoTime() - t0) / 1e9;
                Harness.sleep(2000);
                long rss = rssKb(p.pid());
                long writes = h.api.writes().stream()
                        .filter(r ->
                                !r.path().contains("/pipelines?") && !r.path().endsWith("/pipelines")
                                        || !r.method().equals("POST"))
                        .count();
                long total = h.api.requests().size();
                report(
                        "create",
                        "%d Pipelines created in %.1fs, all Ready after %.1fs; %d requests in all, %d writes by the"
                                + " reconciler (applies + status); reconciler RSS %d MiB",
                        N,
                        created,
                        ready,
                        total,
                        writes,
                        rss / 1024);
                java.util.Map<String, Long> perPath = h.api.writes().stream()
                        .filter(r -> !r.method().equals("POST") || !r.path().contains("/pipelines"))
                        .collect(java.util.stream.Collectors.groupingBy(
                                r -> r.method() + " " + r.path().replaceAll("\\?.*", ""),
                                java.util.stream.Collectors.counting()));
                perPath.entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .limit(20)
                        .forEach(e -> System.out.println("SCALE twice: " + e));
                h.api.writes().stream()
                        .filter(r -> r.code() >= 300)
                        .limit(10)
                        .forEach(r -> System.out.println(
                                "SCALE failed write: " + r.method() + " " + r.path() + " " + r.code()));
                assertEquals(
                        N * 3 - (N / 10) * 2 + N, writes, "one apply per object and one status write per Pipeline");

                // a resync: every Pipeline reconciled again, nothing written
                h.api.clearRequests();
                long before = metric(proc, "layer_render_reconciles_total");
                long t1 = System.nanoTime();
                h.await(
                        "a full resync",
                        Duration.ofMinutes(3),
                        () -> metric(proc, "layer_render_reconciles_total") - before >= N);
                report(
                        "resync",
                        "%d reconciles in %.1fs, %d writes, %d requests",
                        metric(proc, "layer_render_reconciles_total") - before,
                        (System.nanoTime() - t1) / 1e9,
                        h.api.writes().size(),
                        h.api.requests().size());
                assertEquals(List.of(), h.api.writes());

                // InfraRules change: every Deployment rolls to the new node selector
                h.api.clearRequests();
                long t2 = System.nanoTime();
                h.client
                        .resource(Json.MAPPER.convertValue(
                                Harness.yaml(ClusterInputsTest.infraRules("rolled", 8)), InfraRulesResource.class))
                        .create();
                h.await("every Deployment rolled", Duration.ofMinutes(10), () -> rolled(h) == N);
                double roll = (System.nanoTime() - t2) / 1e9;
                Harness.sleep(2000);
                report(
                        "infrarules",
                        "%d Deployments rolled in %.1fs with %d writes (%d requests); reconciler RSS %d MiB",
                        N,
                        roll,
                        h.api.writes().size() - 1,
                        h.api.requests().size(),
                        rssKb(p.pid()) / 1024);
                assertEquals(N + 1, h.api.writes().size(), "one apply per Deployment (+ the InfraRules itself)");
                assertTrue(
                        Files.readString(log).isBlank()
                                || !Files.readString(log).contains("WARN"),
                        Files.readString(log));
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }

    private static void report(String what, String format, Object... args) {
        System.out.println("SCALE " + what + ": " + String.format(format, args));
    }

    private static long readyCount(Harness h) {
        return h.client.resources(PipelineResource.class).inAnyNamespace().list().getItems().stream()
                .filter(p -> {
                    JsonNode c = StatusBuilder.readyCondition(p.getStatus());
                    return c != null && "True".equals(c.path("status").asText());
                })
                .count();
    }

    private static long rolled(Harness h) {
        return h.client.apps().deployments().inAnyNamespace().list().getItems().stream()
                .map(Deployment::getSpec)
                .filter(s -> Map.of("pool", "rolled")
                        .equals(s.getTemplate().getSpec().getNodeSelector()))
                .count();
    }

    private static long metric(JarEndToEndTest.Proc p, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)").matcher(get(p, "/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static String get(JarEndToEndTest.Proc p, String path) {
        try {
            return p.get(path);
        } catch (Exception e) {
            return "down";
        }
    }
}
