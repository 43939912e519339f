package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.cli.InProcess;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invalid specs, conditions, drift repair, no-op resyncs and deletion. */
class StatusAndDriftTest {
    Harness h;

    @BeforeEach
    void start() {
        h = new Harness().start(Harness.options().withResync(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** What `layer-render validate -` prints on stderr for the same Pipeline, without the file:line:col prefix. */
    static List<String> cliProblems(String yaml) {
        InProcess.Result run = InProcess.run(yaml, Map.of(), "validate", "-");
        assertEquals(1, run.code());
        return Arrays.stream(run.err().split("\n"))
                .filter(l -> !l.contains("nothing rendered"))
                .map(l -> l.replaceFirst("^\\S*:\\d+:\\d+: ", ""))
                .collect(Collectors.toList());
    }

    static List<String> withoutPosition(String message) {
        return Arrays.stream(message.split("\n"))
                .map(l -> l.replaceFirst("^\\S*:\\d+:\\d+: ", ""))
                .collect(Collectors.toList());
    }

    @Test
    void invalidSpecsReportTheReasonAndTheCliMessageAndKeepTheLastGoodObjects() {
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");
        String rv = h.deployment("layer", "web").getMetadata().getResourceVersion();
        JsonNode managed = h.status("layer", "web").get("managedObjects");

        Map<String, String> cases = Map.of(
                "UnknownPool", Harness.AUTOSCALE.replace("mode: autoscale", "pool: huge, mode: autoscale"),
                "ReplicasExceedPoolCeiling", Harness.AUTOSCALE.replace("max: 4", "max: 50"),
                "InvalidPodSpec",
                        Harness.AUTOSCALE.replace(
                                "batchSize: 16}",
                                "batchSize: 16, podSpec: {containers: [{name: worker, image: other}]}}"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            h.updateSpec("layer", "web", c.getValue());
            h.awaitReady("layer", "web", "False", c.getKey());
            JsonNode ready = h.ready("layer", "web");
            String message = ready.path("message").asText();
            assertTrue(message.startsWith("cluster:Pipeline/layer/web:1:1: Pipeline layer/web: spec."), message);
            assertEquals(
                    cliProblems(Harness.pipelineYaml("layer", "web", c.getValue())),
                    withoutPosition(message),
                    c.getKey());
            assertEquals(
                    rv,
                    h.deployment("layer", "web").getMetadata().getResourceVersion(),
                    "last good Deployment untouched");
            assertNotNull(h.keda("ScaledObject", "layer", "web"), "last good ScaledObject kept");
            assertEquals(managed, h.status("layer", "web").get("managedObjects"));
        }
    }

    @Test
    void lastTransitionTimeMovesOnlyOnTransitions() {
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");
        String t0 = h.ready("layer", "web").path("lastTransitionTime").asText();
        assertEquals("2026-01-01T00:00:00Z", t0);

        h.clock.advance(Duration.ofMinutes(1));
        h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("batchSize: 16", "batchSize: 17"));
        h.await(
                "generation 2 observed",
                () -> h.status("layer", "web").path("observedGeneration").asLong() == 2);
        assertEquals(t0, h.ready("layer", "web").path("lastTransitionTime").asText(), "True -> True is no transition");

        h.clock.advance(Duration.ofMinutes(1));
        h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("max: 4", "max: 50"));
        h.awaitReady("layer", "web", "False", "ReplicasExceedPoolCeiling");
        assertEquals(
                "2026-01-01T00:02:00Z",
                h.ready("layer", "web").path("lastTransitionTime").asText());

        h.clock.advance(Duration.ofMinutes(1));
        h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("mode: autoscale", "pool: nope, mode: autoscale"));
        h.awaitReady("layer", "web", "False", "UnknownPool");
        assertEquals(
                "2026-01-01T00:02:00Z",
                h.ready("layer", "web").path("lastTransitionTime").asText(),
                "False -> False with another reason is no transition");

        h.clock.advance(Duration.ofMinutes(1));
        h.updateSpec("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");
        assertEquals(
                "2026-01-01T00:04:00Z",
                h.ready("layer", "web").path("lastTransitionTime").asText());
    }

    @Test
    void driftIsRepaired() {
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");

        // an edit by hand (another field manager, a merge patch) is put back
        h.client
                .apps()
                .deployments()
                .inNamespace("layer")
                .withName("web-worker")
                .edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
                    d.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("somewhere", "else"));
                    return d;
                });
        h.await(
                "image restored",
                () -> "ghcr.io/hev/worker:1"
                                .equals(h.deployment("layer", "web")
                                        .getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage())
                        && h.deployment("layer", "web")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getNodeSelector()
                                .containsKey("layer.hev.dev/compute"));

        // deleted children come back
        h.client
                .apps()
                .deployments()
                .inNamespace("layer")
                .withName("web-worker")
                .delete();
        h.client
                .genericKubernetesResources(ChildKind.SCALED_OBJECT.context)
                .inNamespace("layer")
                .withName("web-worker")
                .delete();
        h.await(
                "children recreated",
                () -> h.deployment("layer", "web") != null && h.keda("ScaledObject", "layer", "web") != null);
    }

    @Test
    void aResyncWithNothingChangedMakesNoWrite() {
        h.createPipeline("layer", "a", Harness.AUTOSCALE);
        h.createPipeline("layer", "b", Harness.AUTOSCALE.replace("mode: autoscale", "mode: fixed"));
        h.createPipeline("other", "c", Harness.AUTOSCALE.replace("mode: autoscale", "pool: nope, mode: autoscale"));
        h.awaitReady("layer", "a", "True", "Reconciled");
        h.awaitReady("layer", "b", "True", "Reconciled");
        h.awaitReady("other", "c", "False", "UnknownPool");
        h.awaitConverged(6); // the writes of the first reconciles are done (a reconciler that keeps writing fails here)

        h.api.clearRequests();
        long before = h.finishedReconciles();
        long writesBefore = h.metrics.writes();
        // --resync 1s: each Pipeline is reconciled again; wait for two rounds of three, however long they take
        h.await("six resync reconciles", () -> h.finishedReconciles() - before >= 6);
        assertEquals(List.of(), h.api.writes(), "no write during resyncs");
        assertEquals(writesBefore, h.metrics.writes());

        // a fresh process (empty caches, every Pipeline reconciled from scratch) writes nothing either
        h.stop();
        h.api.clearRequests();
        h.start(Harness.options());
        // each Pipeline's first reconcile, finished, none in flight (then, with --resync 10m, nothing is due)
        h.await(
                "restarted reconciler reconciled all three",
                () -> h.finishedReconciles() >= 3 && h.metrics.reconciles() <= h.finishedReconciles());
        assertEquals(List.of(), h.api.writes(), "no write after a restart");
        assertEquals(0, h.metrics.writes());
    }

    @Test
    void deletingThePipelineDeletesItsChildrenThroughOwnerReferences() {
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");
        h.client
                .resources(PipelineResource.class)
                .inNamespace("layer")
                .withName("web")
                .delete();
        h.await(
                "children gone",
                () -> h.deployment("layer", "web") == null
                        && h.keda("ScaledObject", "layer", "web") == null
                        && h.keda("TriggerAuthentication", "layer", "web") == null);
        // a later Pipeline reconciled: the reconciler has handled the Pipeline watch's events past the
        // deletion (they arrive in order), and with --resync 1s it has had resyncs meanwhile
        h.createPipeline("layer", "later", Harness.AUTOSCALE);
        h.awaitReady("layer", "later", "True", "Reconciled");
        assertEquals(null, h.deployment("layer", "web"), "nothing came back");
        assertEquals(null, h.keda("ScaledObject", "layer", "web"));
        assertTrue(
                h.api.writes().stream()
                        .noneMatch(r -> r.method().equals("DELETE") && r.path().contains("-worker")),
                "the reconciler deleted nothing itself: the garbage collector did");
    }
}
