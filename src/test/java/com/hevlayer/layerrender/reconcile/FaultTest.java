package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API errors are retried with backoff and nothing is lost; the process carries on. Two layers retry:
 * the fabric8 client (429 and 5xx, a few times, quickly) and java-operator-sdk (any failed reconcile,
 * exponential backoff, no limit). The reconciler's client here has client-level retries off so that
 * the faults reach the reconciler.
 */
class FaultTest {
    Harness h;
    TcpProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        h.close();
    }

    private void startWithoutClientRetries(String url) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace("default")
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        h.metrics = new ReconcilerMetrics();
        h.app = new ReconcilerApp(client, Harness.options(), h.metrics, h.clock, h.logger);
        h.app.start();
    }

    private long count(String method, String pathPart) {
        return h.api.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().contains(pathPart))
                .count();
    }

    @Test
    void serverErrorsConflictsAndThrottlingAreRetriedUntilTheyPass() {
        h = new Harness();
        startWithoutClientRetries(h.api.url());
        h.api.fail(MockApiServer.method("PATCH", "/deployments/web-worker"), 500, 3);
        h.api.fail(MockApiServer.method("PATCH", "/scaledobjects/web-worker"), 429, 2);
        h.api.fail(MockApiServer.method("PATCH", "/pipelines/web/status"), 409, 2);
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");
        assertTrue(count("PATCH", "/deployments/web-worker") >= 4);
        assertTrue(count("PATCH", "/scaledobjects/web-worker") >= 3);
        assertTrue(count("PATCH", "/pipelines/web/status") >= 3);
        assertTrue(h.metrics.errors() >= 3, "failed reconciles counted: " + h.metrics.errors());
        assertTrue(h.app.healthy());
    }

    @Test
    void aLongOutageIsReportedInTheStatusAndRecoveredFrom() {
        h = new Harness();
        startWithoutClientRetries(h.api.url());
        // the outage lasts until the test ends it (not a number of failures that a slow poll could miss
        // the ApplyFailed status between)
        h.api.fail(MockApiServer.method("PATCH", "/deployments/web-worker"), 500, Integer.MAX_VALUE);
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "False", "ApplyFailed");
        assertTrue(
                h.ready("layer", "web").path("message").asText().startsWith("could not apply the rendered objects:"));
        // ApplyFailed is written by the third failed attempt, which is counted once it has thrown
        h.await("three failed reconciles counted", () -> h.metrics.errors() >= 3);
        long failedPatches = count("PATCH", "/deployments/web-worker");
        h.await(
                "retries go on during the outage",
                () -> count("PATCH", "/deployments/web-worker") >= failedPatches + 2);
        assertTrue(h.app.healthy());
        h.api.clearFaults();
        h.awaitReady("layer", "web", "True", "Reconciled"); // retries never stop
        assertTrue(h.app.healthy());
    }

    @Test
    void droppedWatchesReconnectAndChangesMadeMeanwhileArePickedUp() throws Exception {
        h = new Harness();
        proxy = new TcpProxy(h.api.port());
        startWithoutClientRetries(proxy.url());
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");

        for (int round = 0; round < 3; round++) {
            int cut = proxy.dropAll();
            assertTrue(cut > 0);
            String image = "ghcr.io/hev/worker:" + (10 + round);
            h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("ghcr.io/hev/worker:1", image));
            h.await(
                    "change after dropped watch " + round,
                    Duration.ofSeconds(30),
                    () -> image.equals(h.deployment("layer", "web")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage()));
        }
        h.createPipeline("layer", "late", Harness.AUTOSCALE);
        h.awaitReady("layer", "late", "True", "Reconciled");
        // every informer healthy again; one that saw no event since the cut may still be reconnecting
        // when another has already delivered (flaked once under a loaded machine as an immediate check)
        h.await("ready after the reconnects", Duration.ofSeconds(30), () -> h.app.ready());
    }
}
