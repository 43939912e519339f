package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.AuthMode;
import com.hevlayer.layerrender.settings.SettingsLayer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciler sees every Pipeline of the cluster: the Pipelines whose pipelineId is beyond the gateway's
 * first 50 distinct ones (oldest first) get the ceiling warning in their status; the others do not, and
 * nobody does when KEDA reads the gateway's pipeline status API.
 */
class PipelineIdCeilingPlannerTest {
    private static final String WARNING = "is beyond the first 50 distinct pipelineIds of the cluster";

    /** Pipeline {@code p<i>} in namespace ns<i % 3>, pipelineId {@code id-<i>}, created at minute i. */
    private static JsonNode pipeline(int i, String pipelineId) {
        ObjectNode p = (ObjectNode) Harness.yaml(
                Harness.pipelineYaml("ns" + (i % 3), "p" + i, "pipelineId: " + pipelineId + "\n" + Harness.AUTOSCALE));
        ((ObjectNode) p.get("metadata"))
                .put("uid", "uid-" + i)
                .put("creationTimestamp", String.format("2026-12-01T10:%02d:00Z", i));
        return p;
    }

    private static List<JsonNode> cluster(int n) {
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(pipeline(i, "id-" + i));
        }
        return all;
    }

    private static long warnings(Planner.Plan plan) {
        assertTrue(plan.ok(), plan.message());
        return plan.problems().stream().filter(l -> l.contains(WARNING)).count();
    }

    @Test
    void theNewestBeyondTheFiftiethAreWarnedTheOthersAreNot() {
        List<JsonNode> all = cluster(52);
        Planner planner = new Planner(List.of());
        for (int i = 0; i < 50; i++) {
            assertEquals(0, warnings(planner.plan(all.get(i), null, List.of(), all)), "p" + i);
        }
        for (int i = 50; i < 52; i++) {
            Planner.Plan plan = planner.plan(all.get(i), null, List.of(), all);
            assertEquals(1, warnings(plan), "p" + i);
            String line = plan.problems().stream()
                    .filter(l -> l.contains(WARNING))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    line.contains("Pipeline ns" + (i % 3) + "/p" + i + ": spec.pipelineId: pipelineId \"id-" + i),
                    line);
            assertTrue(line.contains("PIPELINE_LABEL_CAP = 50"), line);
            // no count of the cluster's ids in it: a cluster that grows rewrites no status (a resync writes nothing)
            assertTrue(line.contains("the query of this Pipeline most likely reads 0"), line);
            assertTrue(!line.contains("in all") && !line.contains("52"), line);
        }
    }

    @Test
    void fiftyDistinctIdsAmongManyPipelinesAreFine() {
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            all.add(pipeline(i % 60, "id-" + (i % 50))); // 120 Pipelines share 50 queues
        }
        Planner planner = new Planner(List.of());
        assertEquals(0, warnings(planner.plan(all.get(119), null, List.of(), all)));
    }

    @Test
    void anOlderPipelineDeletedMovesTheWarning() {
        List<JsonNode> all = cluster(51);
        Planner planner = new Planner(List.of());
        assertEquals(1, warnings(planner.plan(all.get(50), null, List.of(), all)));
        all.remove(3);
        assertEquals(0, warnings(planner.plan(all.get(49), null, List.of(), all)));
    }

    @Test
    void noWarningWhenKedaReadsThePipelineStatusApi() {
        List<JsonNode> all = cluster(51);
        SettingsLayer statusSignal = SettingsLayer.empty("env")
                .withAuthMode(AuthMode.DERIVE_FROM_STORE)
                .withScalingSignal("pipeline-status");
        Planner.Plan plan = new Planner(List.of(statusSignal)).plan(all.get(50), null, List.of(), all);
        assertEquals(0, warnings(plan));
        assertTrue(
                plan.objects().stream().anyMatch(o -> o.toString().contains("\"type\":\"metrics-api\"")),
                "the status signal is rendered");
    }
}
