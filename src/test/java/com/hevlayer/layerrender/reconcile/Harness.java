package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlLoader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** A mock API server with the CRDs, a client, and a reconciler running in this JVM. */
final class Harness implements AutoCloseable {
    final MockApiServer api;
    final KubernetesClient client;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final Log logger;
    ReconcilerApp app;
    ReconcilerMetrics metrics;

    Harness() {
        api = new MockApiServer();
        client = api.client();
        api.withCrds(client);
        logger = new Log(new PrintStream(log, true, StandardCharsets.UTF_8), false, Clock.systemUTC());
    }

    static ReconcilerApp.Options options() {
        return ReconcilerApp.Options.defaults(Set.of(), List.of(SettingsLayer.empty("environment")))
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    Harness start() {
        return start(options());
    }

    Harness start(ReconcilerApp.Options options) {
        metrics = new ReconcilerMetrics();
        app = new ReconcilerApp(reconcilerClient(), options, metrics, clock, logger);
        app.start();
        return this;
    }

    /** The reconciler's own client, told apart from the test's by its User-Agent. */
    KubernetesClient reconcilerClient() {
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                        .withMasterUrl(api.url())
                        .withNamespace("default")
                        .withUserAgent(USER_AGENT)
                        .build())
                .build();
    }

    static final String USER_AGENT = "layer-render-reconciler";

    void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Override
    public void close() {
        stop();
        client.close();
        api.close();
    }

    static JsonNode yaml(String text) {
        try {
            return new YamlLoader(Limits.DEFAULT).load("test", text).get(0).root();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String pipelineYaml(String ns, String name, String spec) {
        return "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n" + spec.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }

    static final String AUTOSCALE = """
            target: {namespace: products}
            worker: {image: "ghcr.io/hev/worker:1", batchSize: 16}
            scaling: {mode: autoscale, replicas: {min: 1, max: 4}}
            """;

    /** The gateway Secret {@code layer/layer}, which the reconciler copies into other worker namespaces. */
    void gatewaySecret() {
        client.secrets()
                .inNamespace("layer")
                .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName("layer")
                        .endMetadata()
                        .addToData("turbopuffer-api-key", "c2VjcmV0")
                        .build())
                .create();
    }

    PipelineResource createPipeline(String ns, String name, String spec) {
        PipelineResource p = Json.MAPPER.convertValue(yaml(pipelineYaml(ns, name, spec)), PipelineResource.class);
        return client.resource(p).create();
    }

    PipelineResource pipeline(String ns, String name) {
        return client.resources(PipelineResource.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    PipelineResource updateSpec(String ns, String name, String spec) {
        JsonNode s = yaml(pipelineYaml(ns, name, spec)).get("spec");
        for (int attempt = 0; ; attempt++) {
            try { // an edit carries the resourceVersion: it conflicts with a status write in between, like kubectl edit
                return client.resources(PipelineResource.class)
                        .inNamespace(ns)
                        .withName(name)
                        .edit(p -> {
                            p.setSpec(s);
                            return p;
                        });
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    Deployment deployment(String ns, String name) {
        return client.apps()
                .deployments()
                .inNamespace(ns)
                .withName(name + "-worker")
                .get();
    }

    GenericKubernetesResource keda(String kind, String ns, String name) {
        return client.genericKubernetesResources(ChildKind.of(kind).context)
                .inNamespace(ns)
                .withName(name + "-worker")
                .get();
    }

    JsonNode status(String ns, String name) {
        PipelineResource p = pipeline(ns, name);
        return p == null ? null : p.getStatus();
    }

    JsonNode ready(String ns, String name) {
        return StatusBuilder.readyCondition(status(ns, name));
    }

    /** Waits until {@code ready} reports reason (and status matches) and generation observed. */
    void awaitReady(String ns, String name, String statusValue, String reason) {
        await("Pipeline " + ns + "/" + name + " Ready=" + statusValue + " " + reason, () -> {
            PipelineResource p = pipeline(ns, name);
            JsonNode c = p == null ? null : StatusBuilder.readyCondition(p.getStatus());
            return c != null
                    && statusValue.equals(c.path("status").asText())
                    && reason.equals(c.path("reason").asText())
                    && p.getStatus().path("observedGeneration").asLong()
                            == p.getMetadata().getGeneration();
        });
    }

    /**
     * Waits for a condition, polling; the bounds are generous (a loaded 2-core machine runs the whole
     * suite at once) and only end a test that would otherwise hang: no test asserts on how soon.
     */
    void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(90), condition);
    }

    void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            sleep(50);
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + "\nlog:\n"
                + log.toString(StandardCharsets.UTF_8));
    }

    /** A counter or gauge of {@code m}'s Prometheus text (0 when absent). */
    static long metric(ReconcilerMetrics m, String name) {
        return m.scrape()
                .lines()
                .filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    /** Reconciles that have finished (successfully or not): started minus this is the number in flight. */
    long finishedReconciles() {
        return metric(metrics, "layer_render_reconcile_duration_seconds_count");
    }

    /**
     * Waits until no reconcile is in flight, so that the counters hold what the last one did (its
     * status write is visible to a client before the reconciler's thread counts it).
     */
    void awaitIdle() {
        await("no reconcile in flight", () -> metrics.reconciles() <= finishedReconciles());
    }

    /**
     * Waits until the reconciler has converged, by counts, not by a quiet period: {@code rounds}
     * reconciles in a row finished without a write by the reconciler, and none is in flight. A
     * reconciler that keeps writing never gets there, and the wait fails.
     */
    void awaitConverged(int rounds) {
        long[] mark = {metrics.writes(), finishedReconciles()};
        await(rounds + " reconciles in a row without a write, none in flight", () -> {
            long writes = metrics.writes();
            long finished = finishedReconciles();
            if (writes != mark[0]) {
                mark[0] = writes;
                mark[1] = finished;
                return false;
            }
            return finished - mark[1] >= rounds && metrics.reconciles() <= finished && metrics.writes() == writes;
        });
    }

    /**
     * Makes the Lease {@code namespace/layer-render}, held by {@code holder}, expired, as a minute
     * without renewals would: the tests use long leases (so that a busy machine never makes a leader
     * miss its renewals) and move the Lease's time instead of waiting for it. fabric8's elector takes
     * over a Lease whose {@code renewTime + leaseDurationSeconds} is past. Does nothing when the Lease is
     * expired already or held by another, so it can be called in a wait loop (a renewal that was under
     * way when the holder stopped is undone again).
     */
    void expireLease(String namespace, String holder) {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(ZoneOffset.UTC);
        var lease = client.leases().inNamespace(namespace).withName("layer-render");
        var l = lease.get();
        if (l != null
                && holder.equals(l.getSpec().getHolderIdentity())
                && l.getSpec().getRenewTime() != null
                && l.getSpec().getRenewTime().isAfter(now.minusMinutes(30))) {
            lease.edit(e -> {
                e.getSpec().setRenewTime(now.minusHours(1));
                return e;
            });
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clock the tests move by hand (to see lastTransitionTime move only on transitions). */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
