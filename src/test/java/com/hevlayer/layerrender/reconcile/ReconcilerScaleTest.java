package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.PipelineIdCeiling;
import com.hevlayer.layerrender.render.Json;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many Pipelines across many namespaces against the real jar and the mock API server: time to Ready,
 * requests, the reconciler's peak resident memory; then a full resync makes zero writes; then an
 * InfraRules change rolls every Deployment with exactly one write each. The counts are assertions;
 * the times and memory are printed (lines starting {@code SCALE}), never asserted. Slow, so behind a
 * switch:
 *
 * <pre>
 * mvn -B -o test -Dtest=ReconcilerScaleTest -Dscale=true -DskipFuzz -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dscale.pipelines=10000 -Dscale.namespaces=50
 * </pre>
 *
 * ({@code -Dscale.threads}, {@code -Dscale.xmx}, {@code -Dscale.resync} change the reconciler's flags;
 * {@code -Dscale.jfr=DIR} records both processes with JFR). The reconciler is started by the image's launcher,
 * {@code deploy/layer-render} (so with production's JVM options), on this JVM's java. BENCHMARKS.md "Reconciler"
 * records the numbers.
 */
@EnabledIfSystemProperty(named = "scale", matches = "true")
class ReconcilerScaleTest {
    static final int N = Integer.getInteger("scale.pipelines", 1000);
    static final int NAMESPACES = Integer.getInteger("scale.namespaces", 5);
    static final String THREADS = System.getProperty("scale.threads", "8");
    static final String XMX = System.getProperty("scale.xmx", "768m");
    static final String RESYNC = System.getProperty("scale.resync", "3m");
    static final String JFR = System.getProperty("scale.jfr", "");
    /** The Pipelines exist before the reconciler starts (an install or a restart); false: created while it runs. */
    static final boolean PRECREATE = !"false".equals(System.getProperty("scale.precreate"));

    @Test
    void manyPipelinesReadyThenResyncWithoutWritesThenOneWritePerDeployment(@TempDir Path dir) throws Exception {
        List<String> namespaces =
                IntStream.range(0, NAMESPACES).mapToObj(i -> "team-" + i).toList();
        int fixed = N / 10; // every tenth Pipeline is fixed: a Deployment only
        try (Harness h = new Harness()) {
            h.gatewaySecret(); // the workers outside namespace layer get their copies (one per namespace)
            Path kc = JarEndToEndTest.kubeconfig(dir, h.api.url());
            int port = JarEndToEndTest.freePort();
            Path log = dir.resolve("scale.log");
            // started as the reconciler's image starts it: its launcher (deploy/layer-render, the JVM options of
            // production: the serial GC), on this JVM's java, with the heap cap the Deployment's limit would give
            String javaOptions = "-Xmx" + XMX;
            if (!JFR.isEmpty()) {
                javaOptions += " -XX:StartFlightRecording=filename=" + JFR + "/reconciler.jfr,settings=profile";
                jcmd(ProcessHandle.current().pid(), "JFR.start", "name=scale", "settings=profile");
            }
            List<String> cmd = new ArrayList<>(List.of(
                    JarEndToEndTest.ROOT.resolve("deploy/layer-render").toString(),
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
                    RESYNC,
                    "--threads",
                    THREADS));
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            com.hevlayer.layerrender.testing.Launcher.environment(
                    pb.environment(),
                    Map.of(
                            "LAYER_RENDER_JAR",
                            JarEndToEndTest.jar().toString(),
                            "LAYER_RENDER_JAVA_OPTS",
                            javaOptions,
                            "PATH",
                            Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH")));
            double createdBefore = PRECREATE ? createAll(h, namespaces) : 0;
            // the test's own watches: states are counted from their caches, not by listing 10,000 objects a second
            SharedIndexInformer<PipelineResource> pipelines =
                    h.client.resources(PipelineResource.class).inAnyNamespace().inform();
            SharedIndexInformer<Deployment> deployments =
                    h.client.apps().deployments().inAnyNamespace().inform();
            h.api.clearRequests();
            long started = System.nanoTime();
            Process p = pb.start();
            JarEndToEndTest.Proc proc = new JarEndToEndTest.Proc(p, port, log);
            try {
                h.await(
                        "ready",
                        Duration.ofMinutes(5),
                        () -> get(proc, "/readyz").startsWith("200"));
                report(
                        "setup",
                        "%d Pipelines, %d namespaces, %s threads, -Xmx%s; %s; load %s",
                        N,
                        NAMESPACES,
                        THREADS,
                        XMX,
                        cpu(p),
                        load());
                long t0;
                double created;
                if (PRECREATE) {
                    created = createdBefore;
                    t0 = started;
                } else {
                    h.api.clearRequests();
                    t0 = System.nanoTime();
                    created = createAll(h, namespaces);
                }
                awaitAll(N + " Pipelines Ready", Duration.ofMinutes(15), () -> readiness(pipelines));
                double ready = (System.nanoTime() - t0) / 1e9;
                long requestsToReady = h.api.requests().size();
                awaitQuiet(h, proc);
                List<MockApiServer.Request> writes = h.api.writes().stream()
                        .filter(r -> !(r.method().equals("POST") && r.path().contains("/pipelines")))
                        .toList();
                report(
                        "create",
                        (PRECREATE
                                        ? "%d Pipelines created (before the reconciler started) in %.1fs, all Ready %.1fs after the"
                                                + " reconciler's start"
                                        : "%d Pipelines created in %.1fs, all Ready after %.1fs")
                                + " (%d requests to Ready, %.0f/s); %d"
                                + " requests in all, %d writes by the reconciler; reconciler peak RSS %d MiB; %s; load %s",
                        N,
                        created,
                        ready,
                        requestsToReady,
                        requestsToReady / ready,
                        h.api.requests().size(),
                        writes.size(),
                        rssKb(p.pid(), "VmHWM:") / 1024,
                        cpu(p),
                        load());
                histogram("create requests", h.api.requests());
                writes.stream()
                        .filter(r -> r.code() >= 300)
                        .limit(10)
                        .forEach(r -> System.out.println(
                                "SCALE failed write: " + r.method() + " " + r.path() + " " + r.code()));
                // an apply per object (autoscaled: Deployment, TriggerAuthentication, ScaledObject; fixed: the
                // Deployment), a status write per Pipeline, and the copy of the gateway Secret in each namespace:
                // made by the namespace's first reconcile with an owner reference for each of its Pipelines not
                // reconciled yet, so with the Pipelines there before the start one write a namespace; created while
                // the reconciler runs, a Pipeline the copy does not name yet adds its own (one write more)
                long copies = writes.stream()
                        .filter(r -> r.path().contains("/secrets/"))
                        .count();
                if (PRECREATE) {
                    assertEquals(NAMESPACES, copies, () -> histogram("writes", writes));
                } else {
                    assertTrue(copies >= NAMESPACES && copies <= N, () -> histogram("writes", writes));
                }
                assertEquals((N - fixed) * 3 + fixed + N + copies, writes.size(), () -> histogram("writes", writes));

                // a full resync: every Pipeline reconciled again, nothing written
                h.api.clearRequests();
                long before = metric(proc, "layer_render_reconciles_total");
                long t1 = System.nanoTime();
                h.await(
                        "a full resync",
                        Duration.ofMinutes(10),
                        () -> metric(proc, "layer_render_reconciles_total") - before >= N);
                report(
                        "resync",
                        "%d reconciles in %.1fs, %d writes, %d requests; %s; load %s",
                        metric(proc, "layer_render_reconciles_total") - before,
                        (System.nanoTime() - t1) / 1e9,
                        h.api.writes().size(),
                        h.api.requests().size(),
                        cpu(p),
                        load());
                assertEquals(
                        List.of(),
                        h.api.writes().stream()
                                .map(r -> r.method() + " " + r.path())
                                .toList());

                // an InfraRules change: every Deployment rolls to the new node selector, one write each
                h.api.clearRequests();
                long t2 = System.nanoTime();
                h.client
                        .resource(Json.MAPPER.convertValue(
                                Harness.yaml(ClusterInputsTest.infraRules("rolled", 8)), InfraRulesResource.class))
                        .create();
                awaitAll("every Deployment rolled", Duration.ofMinutes(15), () -> rolled(deployments));
                double roll = (System.nanoTime() - t2) / 1e9;
                long requestsToRoll = h.api.requests().size();
                awaitQuiet(h, proc);
                List<MockApiServer.Request> rollWrites = h.api.writes();
                report(
                        "infrarules",
                        "%d Deployments rolled in %.1fs with %d writes by the reconciler (%d requests to rolled, %.0f/s;"
                                + " %d in all); reconciler peak RSS %d MiB; %s; load %s",
                        N,
                        roll,
                        rollWrites.size() - 1,
                        requestsToRoll,
                        requestsToRoll / roll,
                        h.api.requests().size(),
                        rssKb(p.pid(), "VmHWM:") / 1024,
                        cpu(p),
                        load());
                assertEquals(N + 1, rollWrites.size(), () -> histogram("writes", rollWrites));
                assertEquals(
                        N,
                        rollWrites.stream()
                                .filter(r -> r.path().contains("/deployments/"))
                                .map(MockApiServer.Request::path)
                                .distinct()
                                .count(),
                        "one apply per Deployment (+ the InfraRules itself)");

                mockThroughput(h, namespaces);
                String out = Files.readString(log);
                assertFalse(out.contains("WARN"), out);
            } finally {
                if (!JFR.isEmpty()) {
                    jcmd(ProcessHandle.current().pid(), "JFR.stop", "name=scale", "filename=" + JFR + "/test-jvm.jfr");
                }
                p.destroy();
                p.waitFor();
            }
        }
    }

    /** Creates the N Pipelines one by one, as a client would; returns the seconds it took. */
    private static double createAll(Harness h, List<String> namespaces) {
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) {
            String spec = i % 10 == 9 ? Harness.AUTOSCALE.replace("mode: autoscale", "mode: fixed") : Harness.AUTOSCALE;
            h.createPipeline(namespaces.get(i % NAMESPACES), "p" + i, spec);
            if (i == PipelineIdCeiling.LIMIT - 1) {
                // every Pipeline has its own pipelineId, and the gateway's metric (the default signal) exports 50:
                // the first 50 are stamped a second before the others, so that which ids are admitted is settled
                // (Pipelines stamped in one second are ordered by namespace and name: one created later in the same
                // second could take an older one's place, a status write of each). The others all carry the warning.
                Harness.sleep(1500);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * What the mock alone serves, with nothing else running: single GETs of a Pipeline, the kind of
     * request a reconcile makes. Says whether the mock or the reconciler limits the run.
     */
    private static void mockThroughput(Harness h, List<String> namespaces) {
        int gets = 2000;
        long t = System.nanoTime();
        for (int i = 0; i < gets; i++) {
            h.pipeline(namespaces.get(i % namespaces.size()), "p" + i % N);
        }
        double s = (System.nanoTime() - t) / 1e9;
        long t2 = System.nanoTime();
        int lists = 5;
        for (int i = 0; i < lists; i++) {
            h.client.resources(PipelineResource.class).inAnyNamespace().list();
        }
        report(
                "mock",
                "%d GETs of one Pipeline in %.1fs (%.0f/s, one client thread); a list of all %d Pipelines %.2fs;"
                        + " load %s",
                gets,
                s,
                gets / s,
                N,
                (System.nanoTime() - t2) / 1e9 / lists,
                load());
    }

    /** Looks at the test's informer caches once a second (no request: a list of every Pipeline is not free for the mock). */
    private static void awaitAll(String what, Duration timeout, Supplier<Map<String, Long>> states) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        Map<String, Long> seen = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                seen = states.get();
            } catch (RuntimeException e) {
                seen = Map.of("error: " + e, 0L);
            }
            if (seen.getOrDefault("done", 0L) == N) {
                return;
            }
            if (System.nanoTime() - lastReport > 15e9) {
                System.out.println("SCALE waiting for " + what + ": " + seen + "; load " + load());
                lastReport = System.nanoTime();
            }
            Harness.sleep(1000);
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + ": " + seen);
    }

    /** Pipelines by Ready: "done" when True, else the reason (or "no status"). */
    private static Map<String, Long> readiness(SharedIndexInformer<PipelineResource> pipelines) {
        return pipelines.getStore().list().stream()
                .collect(Collectors.groupingBy(
                        p -> {
                            JsonNode c = StatusBuilder.readyCondition(p.getStatus());
                            return c == null
                                    ? "no status"
                                    : "True".equals(c.path("status").asText())
                                            ? "done"
                                            : c.path("reason").asText();
                        },
                        TreeMap::new,
                        Collectors.counting()));
    }

    private static Map<String, Long> rolled(SharedIndexInformer<Deployment> deployments) {
        return deployments.getStore().list().stream()
                .map(Deployment::getSpec)
                .collect(Collectors.groupingBy(
                        s -> Map.of("pool", "rolled")
                                        .equals(s.getTemplate().getSpec().getNodeSelector())
                                ? "done"
                                : "not yet",
                        TreeMap::new,
                        Collectors.counting()));
    }

    /**
     * Waits until the mock has received no request for three seconds: the reconciler's writes of a phase are
     * over (reconciles of the periodic resync may go on: they make no request when nothing changed).
     */
    private static void awaitQuiet(Harness h, JarEndToEndTest.Proc proc) {
        long[] last = {-1, 0};
        h.await("no request to the mock for 3 s", Duration.ofMinutes(5), () -> {
            long requests = h.api.requests().size();
            if (requests != last[0]) {
                last[0] = requests;
                last[1] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - last[1] > 3e9;
        });
    }

    private static String histogram(String what, List<MockApiServer.Request> requests) {
        Map<String, Long> by = requests.stream()
                .collect(Collectors.groupingBy(
                        r -> r.method() + " "
                                + r.path()
                                        .replaceAll("\\?.*", "")
                                        .replaceAll("/namespaces/[^/]+/", "/namespaces/*/")
                                        .replaceAll(
                                                "/(deployments|pipelines|secrets|scaledobjects|triggerauthentications)/[^/]+",
                                                "/$1/*")
                                + " " + r.code(),
                        TreeMap::new,
                        Collectors.counting()));
        String text = what + " by kind: " + by;
        System.out.println("SCALE " + text);
        return text;
    }

    private static void report(String what, String format, Object... args) {
        System.out.println("SCALE " + what + ": " + String.format(format, args));
    }

    /** CPU seconds so far: the reconciler's process, and this JVM's (the mock API server and the test's client). */
    private static String cpu(Process p) {
        try {
            String[] f = Files.readString(Path.of("/proc/" + p.pid() + "/stat"))
                    .replaceAll(".*\\) ", "")
                    .split(" ");
            double reconciler = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in ticks
            double mock = ProcessHandle.current()
                            .info()
                            .totalCpuDuration()
                            .orElse(Duration.ZERO)
                            .toMillis()
                    / 1000.0;
            return String.format("CPU so far: reconciler %.0fs, mock+test JVM %.0fs", reconciler, mock);
        } catch (Exception e) {
            return "CPU unknown";
        }
    }

    private static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + "/" + l[1] + " (1/5 min, " + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static long metric(JarEndToEndTest.Proc p, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)").matcher(get(p, "/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long rssKb(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void jcmd(long pid, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(args));
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    private static String get(JarEndToEndTest.Proc p, String path) {
        try {
            return p.get(path);
        } catch (Exception e) {
            return "down";
        }
    }
}
