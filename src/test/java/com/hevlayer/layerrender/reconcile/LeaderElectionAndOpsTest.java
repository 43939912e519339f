package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two replicas share a Lease and only the leader writes; /healthz, /readyz and /metrics on one port. */
class LeaderElectionAndOpsTest {

    /*
     * A long lease (60 s; renewals every second, given up after 45 s without one): while the leader
     * runs, the standby has no legitimate way to take over, however busy the machine. (With a 2 s lease
     * and a 1.5 s renew deadline, a loaded machine delayed the leader's renewals past the deadline, the
     * standby took over as designed, and "the standby never writes" failed.) For the takeover the test
     * expires the Lease itself instead of waiting the minute: that time is the test's.
     */
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(45);
    static final Duration RETRY_PERIOD = Duration.ofSeconds(1);

    private static ReconcilerApp replica(Harness h, String identity, ReconcilerMetrics metrics) {
        ReconcilerApp.Options o =
                Harness.options().withLease("layer-system", identity, LEASE, RENEW_DEADLINE, RETRY_PERIOD, false);
        return new ReconcilerApp(h.api.client(), o, metrics, h.clock, h.logger);
    }

    private static String holder(Harness h) {
        Lease l = h.client
                .leases()
                .inNamespace("layer-system")
                .withName("layer-render")
                .get();
        return l == null ? null : l.getSpec().getHolderIdentity();
    }

    @Test
    void onlyTheLeaderWritesAndAStandbyTakesOver() {
        try (Harness h = new Harness()) {
            ReconcilerMetrics m1 = new ReconcilerMetrics();
            ReconcilerMetrics m2 = new ReconcilerMetrics();
            ReconcilerApp one = replica(h, "one", m1);
            ReconcilerApp two = replica(h, "two", m2);
            one.start();
            h.await("one leads", () -> "one".equals(holder(h)));
            h.createPipeline("layer", "a", Harness.AUTOSCALE);
            h.awaitReady("layer", "a", "True", "Reconciled");
            // the leader's applies and status write, counted once its reconcile returns
            h.await("the leader's 4 writes counted", () -> m1.writes() >= 4);
            // the standby starts after the objects exist, so its informers' first list delivers all four
            // (a watch opened later would depend on the mock server replaying what happened between list
            // and watch, which it does not): it sees all there was to act on, and does not act
            two.start();
            h.await("the standby is healthy and ready (its caches are synced)", () -> two.healthy() && two.ready());
            h.await("the standby received the events", () -> Harness.metric(m2, "layer_render_events_total") >= 4);
            assertEquals(0, m2.writes(), "the standby never writes");
            assertEquals(0, m2.reconciles(), "the standby does not even reconcile");
            assertEquals("one", holder(h), "the leader kept the lease");
            assertTrue(m1.scrape().contains("layer_render_leader 1"));
            assertTrue(m2.scrape().contains("layer_render_leader 0"));

            one.close(); // the leader goes away (in production: the pod dies or exits on a lost lease)
            long oneWrites = m1.writes();
            // a minute without renewals, in no time; then the standby's next try (every second) takes the Lease
            h.await("two leads", () -> {
                h.expireLease("layer-system", "one");
                return "two".equals(holder(h)) && m2.scrape().contains("layer_render_leader 1");
            });
            h.createPipeline("layer", "b", Harness.AUTOSCALE);
            h.awaitReady("layer", "b", "True", "Reconciled");
            h.await("the new leader's 4 writes counted", () -> m2.writes() >= 4);
            assertEquals(oneWrites, m1.writes(), "the old leader wrote nothing after it stopped");
            two.close();
        }
    }

    @Test
    void healthReadinessAndPrometheusMetricsOnOnePort() throws Exception {
        try (Harness h = new Harness().start();
                OpsServer ops = new OpsServer("127.0.0.1", 0, h.app::healthy, h.app::ready, h.metrics::scrape)) {
            h.createPipeline("layer", "a", Harness.AUTOSCALE);
            h.awaitReady("layer", "a", "True", "Reconciled");
            h.awaitIdle();
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + ops.port();
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(200, ready.statusCode());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String body = metrics.body();
            for (String line : new String[] {
                "# TYPE layer_render_reconciles_total counter",
                "# TYPE layer_render_reconcile_errors_total counter",
                "# TYPE layer_render_reconcile_duration_seconds histogram",
                "layer_render_reconcile_duration_seconds_count ",
                "layer_render_writes_total{verb=\"apply\",kind=\"Deployment\"} 1",
                "layer_render_writes_total{verb=\"status\",kind=\"Pipeline\"} 1"
            }) {
                assertTrue(body.contains(line), line + " in\n" + body);
            }
            h.stop();
            HttpResponse<String> notReady = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, notReady.statusCode());
        }
    }
}
