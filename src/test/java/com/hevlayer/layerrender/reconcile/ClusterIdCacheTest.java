package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.render.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's kept count of the cluster's pipelineIds answers exactly what a fresh count of the same cache
 * answers, for every Pipeline, while Pipelines are created (also in the same second as older ones), deleted and
 * given other pipelineIds.
 */
class ClusterIdCacheTest {
    private static PipelineResource pipeline(int i, String id, int second) {
        JsonNode yaml = Harness.yaml(Harness.pipelineYaml(
                "ns" + (i % 7), "p" + i, (id == null ? "" : "pipelineId: " + id + "\n") + Harness.AUTOSCALE));
        PipelineResource p = Json.MAPPER.convertValue(yaml, PipelineResource.class);
        p.getMetadata().setUid("uid-" + i);
        p.getMetadata().setCreationTimestamp(String.format("2026-12-01T10:%02d:%02dZ", second / 60, second % 60));
        return p;
    }

    private static List<Boolean> warned(Planner.ClusterIds ids, List<PipelineResource> cluster) {
        return cluster.stream()
                .map(p -> ids.warning(PipelineReconciler.tree(p)).isPresent())
                .toList();
    }

    @Test
    void keptCountMatchesAFreshCountThroughCreatesDeletesAndEdits() {
        Random random = new Random(17);
        ClusterIdCache cache = new ClusterIdCache();
        List<PipelineResource> cluster = new ArrayList<>();
        int second = 0;
        int warnings = 0;
        for (int step = 0; step < 600; step++) {
            int op = random.nextInt(10);
            if (op < 6 || cluster.isEmpty()) { // create, sometimes in the same second as the last ones
                second += random.nextInt(3) == 0 ? 1 : 0;
                int id = random.nextInt(90);
                cluster.add(pipeline(step, random.nextInt(5) == 0 ? null : "id-" + id, second));
            } else if (op < 8) { // delete any, often an old one
                cluster.remove(random.nextInt(Math.min(cluster.size(), random.nextBoolean() ? 60 : cluster.size())));
            } else { // another pipelineId for any
                int at = random.nextInt(cluster.size());
                PipelineResource old = cluster.get(at);
                PipelineResource edited = pipeline(step, "id-" + random.nextInt(90), 0);
                edited.setMetadata(old.getMetadata());
                cluster.set(at, edited);
            }
            List<JsonNode> trees =
                    cluster.stream().map(PipelineReconciler::tree).toList();
            List<Boolean> fresh = warned(Planner.ClusterIds.of(trees), cluster);
            List<Boolean> kept = warned(
                    cache.get(
                            cluster::stream,
                            t -> cluster.stream()
                                    .filter(p -> ClusterIdCache.created(p).contains(t))
                                    .toList()),
                    cluster);
            assertEquals(fresh, kept, "step " + step + ", " + cluster.size() + " Pipelines");
            warnings += (int) fresh.stream().filter(b -> b).count();
        }
        // the walk went beyond the limit and back, or the test proves nothing
        org.junit.jupiter.api.Assertions.assertTrue(warnings > 0, "no Pipeline was ever beyond the limit");
    }
}
