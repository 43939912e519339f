package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.settings.SettingsLayer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Ready reason of the Planner, each from the inputs that lead to it. */
class PlannerReasonTest {
    private static final String STORE = """
            apiVersion: hevlayer.com/v1alpha1
            kind: VectorStore
            metadata: {name: primary, namespace: layer}
            spec:
              kind: turbopuffer
              endpoint: {url: "https://gcp-us-central1.turbopuffer.com", region: gcp-us-central1}
              credential:
                secretRef: {name: %s, key: api-key}
            """;

    private static Planner.Plan plan(String spec) {
        return plan(spec, null, List.of());
    }

    private static Planner.Plan plan(String spec, JsonNode infraRules, List<JsonNode> stores) {
        JsonNode pipeline = Harness.yaml(Harness.pipelineYaml("layer", "web", spec));
        return new Planner(List.of()).plan(pipeline, infraRules, stores);
    }

    private static void assertReason(String reason, Planner.Plan plan) {
        assertFalse(plan.ok(), plan.message());
        assertEquals(reason, plan.reason(), plan.message());
    }

    @Test
    void reconciled() {
        Planner.Plan plan = plan(Harness.AUTOSCALE);
        assertTrue(plan.ok(), plan.message());
        assertEquals(Planner.Reasons.RECONCILED, plan.reason());
    }

    @Test
    void unknownPool() {
        assertReason(
                Planner.Reasons.UNKNOWN_POOL,
                plan(Harness.AUTOSCALE.replace("mode: autoscale", "pool: cpu-larg, mode: autoscale")));
    }

    @Test
    void noMatchingPool() {
        JsonNode cpuOnly = Harness.yaml("""
                apiVersion: hevlayer.com/v1alpha1
                kind: InfraRules
                metadata: {name: default}
                spec:
                  computePools:
                    - {name: cpu, kind: cpu, maxReplicasPerWorkload: 8}
                """);
        String gpu = Harness.AUTOSCALE.replace("batchSize: 16}", "batchSize: 16, computeClass: gpu}");
        assertReason(Planner.Reasons.NO_MATCHING_POOL, plan(gpu, cpuOnly, List.of()));
        assertTrue(plan(gpu).ok(), "the built-in pools have a gpu pool");
    }

    @Test
    void noComputePoolsAtAllIsNoMatchingPool() {
        JsonNode none = Harness.yaml("""
                apiVersion: hevlayer.com/v1alpha1
                kind: InfraRules
                metadata: {name: default}
                spec:
                  computePools: []
                """);
        assertReason(Planner.Reasons.NO_MATCHING_POOL, plan(Harness.AUTOSCALE, none, List.of()));
    }

    @Test
    void aPodThatBreaksThePodSecurityLevelIsInvalidPodSpecWithOrWithoutAPatch() {
        Planner restricted = new Planner(List.of(SettingsLayer.empty("test").withPodSecurityLevel("restricted")));
        JsonNode plain = Harness.yaml(Harness.pipelineYaml("layer", "web", Harness.AUTOSCALE));
        assertReason(Planner.Reasons.INVALID_POD_SPEC, restricted.plan(plain, null, List.of()));
        JsonNode hostNetwork = Harness.yaml(Harness.pipelineYaml(
                "layer",
                "web",
                Harness.AUTOSCALE.replace("batchSize: 16}", "batchSize: 16, podSpec: {hostNetwork: true}}")));
        assertReason(Planner.Reasons.INVALID_POD_SPEC, new Planner(List.of()).plan(hostNetwork, null, List.of()));
    }

    @Test
    void replicasExceedPoolCeiling() {
        // the built-in pool cpu-large takes at most 8 replicas per workload
        assertReason(
                Planner.Reasons.REPLICAS_EXCEED_POOL_CEILING,
                plan(Harness.AUTOSCALE
                        .replace("mode: autoscale", "pool: cpu-large, mode: autoscale")
                        .replace("max: 4", "max: 9")));
    }

    @Test
    void replicasExceedCeiling() {
        Planner planner = new Planner(List.of(SettingsLayer.empty("test").withMaxReplicasCeiling(3)));
        JsonNode pipeline = Harness.yaml(Harness.pipelineYaml("layer", "web", Harness.AUTOSCALE));
        assertReason(Planner.Reasons.REPLICAS_EXCEED_CEILING, planner.plan(pipeline, null, List.of()));
    }

    @Test
    void invalidPodSpec() {
        assertReason(
                Planner.Reasons.INVALID_POD_SPEC,
                plan(Harness.AUTOSCALE.replace("batchSize: 16}", "batchSize: 16, podSpec: {hostNetwork: true}}")));
    }

    @Test
    void invalidInfraRules() {
        JsonNode rules = Harness.yaml("""
                apiVersion: hevlayer.com/v1alpha1
                kind: InfraRules
                metadata: {name: default}
                spec:
                  computePools:
                    - {name: cpu, kind: cpu, maxReplicasPerWorkload: 8}
                    - {name: cpu, kind: cpu, maxReplicasPerWorkload: 8}
                """);
        assertReason(Planner.Reasons.INVALID_INFRA_RULES, plan(Harness.AUTOSCALE, rules, List.of()));
        // any error about the InfraRules, a metadata error too, is the InfraRules' reason
        JsonNode badLabel = Harness.yaml("""
                apiVersion: hevlayer.com/v1alpha1
                kind: InfraRules
                metadata: {name: default, labels: {"bad key!": x}}
                spec:
                  computePools:
                    - {name: cpu, kind: cpu, maxReplicasPerWorkload: 8}
                """);
        assertReason(Planner.Reasons.INVALID_INFRA_RULES, plan(Harness.AUTOSCALE, badLabel, List.of()));
    }

    @Test
    void invalidVectorStore() {
        JsonNode store = Harness.yaml(STORE.formatted("Not_A_Secret_Name"));
        assertReason(Planner.Reasons.INVALID_VECTOR_STORE, plan(Harness.AUTOSCALE, null, List.of(store)));
        // a schema error in the store is the store's reason too
        JsonNode unknownField = Harness.yaml(STORE.formatted("tpuf-prod") + "  colour: blue\n");
        assertReason(Planner.Reasons.INVALID_VECTOR_STORE, plan(Harness.AUTOSCALE, null, List.of(unknownField)));
        // the same store with a valid Secret name reconciles: the reason above is the store's
        assertTrue(plan(Harness.AUTOSCALE, null, List.of(Harness.yaml(STORE.formatted("tpuf-prod"))))
                .ok());
    }

    @Test
    void invalidSpec() {
        assertReason(Planner.Reasons.INVALID_SPEC, plan(Harness.AUTOSCALE.replace("min: 1", "min: 5")));
    }
}
