package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.render.Json;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Create, update, mode transitions, status: the reconciler against the mock API server. */
class ReconcilerTest {
    Harness h;

    @BeforeEach
    void start() {
        h = new Harness().start();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void createAppliesTheRenderedObjectsWithServerSideApplyOwnerReferencesAndStatus() {
        PipelineResource p = h.createPipeline("layer", "images", Harness.AUTOSCALE);
        h.awaitReady("layer", "images", "True", "Reconciled");

        Deployment d = h.deployment("layer", "images");
        assertNotNull(d);
        assertNotNull(h.keda("ScaledObject", "layer", "images"));
        assertNotNull(h.keda("TriggerAuthentication", "layer", "images"));
        assertNull(d.getSpec().getReplicas(), "autoscale: KEDA's HPA owns replicas");

        for (var child : List.of(
                d, h.keda("ScaledObject", "layer", "images"), h.keda("TriggerAuthentication", "layer", "images"))) {
            OwnerReference o = child.getMetadata().getOwnerReferences().get(0);
            assertEquals(p.getMetadata().getUid(), o.getUid());
            assertEquals("Pipeline", o.getKind());
            assertEquals("hevlayer.com/v1alpha1", o.getApiVersion());
            assertEquals(Boolean.TRUE, o.getController());
            assertEquals(Boolean.TRUE, o.getBlockOwnerDeletion());
            assertEquals(
                    "layer-render",
                    child.getMetadata().getManagedFields().get(0).getManager());
            assertEquals("Apply", child.getMetadata().getManagedFields().get(0).getOperation());
        }

        // every child write was a server-side apply by field manager layer-render, forced
        List<MockApiServer.Request> childWrites = h.api.writes().stream()
                .filter(r -> r.path().contains("-worker"))
                .toList();
        assertEquals(3, childWrites.size(), childWrites.toString());
        for (MockApiServer.Request r : childWrites) {
            assertEquals("PATCH", r.method());
            assertEquals("application/apply-patch+yaml", r.contentType());
            assertTrue(
                    r.path().contains("fieldManager=layer-render") && r.path().contains("force=true"), r.path());
        }

        // the objects are what `layer-render render` prints for the same Pipeline (plus ownership and the hash)
        JsonNode rendered = new Planner(List.of())
                .plan(PipelineReconciler.tree(p), null, List.of())
                .objects()
                .get(0);
        JsonNode live = Json.MAPPER.valueToTree(d);
        assertEquals(rendered.get("spec"), live.get("spec"));
        assertEquals(
                rendered.path("metadata").get("labels"), live.path("metadata").get("labels"));

        JsonNode status = h.status("layer", "images");
        assertEquals(1, status.path("observedGeneration").asLong());
        JsonNode ready = h.ready("layer", "images");
        assertEquals("True", ready.path("status").asText());
        assertFalse(ready.has("observedGeneration"), "the vendor's CRD declares observedGeneration on the status only");
        assertEquals("2026-01-01T00:00:00Z", ready.path("lastTransitionTime").asText());
        assertEquals(
                "applied Deployment/images-worker, TriggerAuthentication/images-worker, ScaledObject/images-worker",
                ready.path("message").asText());
        assertEquals(Harness.yaml("""
                - {apiVersion: apps/v1, kind: Deployment, name: images-worker}
                - {apiVersion: keda.sh/v1alpha1, kind: TriggerAuthentication, name: images-worker}
                - {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: images-worker}
                """), status.get("managedObjects"));
    }

    @Test
    void aPushWorkerGetsAnOwnedServiceThatGoesWhenItBecomesAPullWorker() {
        String push = Harness.AUTOSCALE.replace("batchSize: 16}", "batchSize: 16, dispatch: push, port: 8080}");
        PipelineResource p = h.createPipeline("layer", "fn", push);
        h.awaitReady("layer", "fn", "True", "Reconciled");

        GenericKubernetesResource service = h.keda("Service", "layer", "fn");
        assertNotNull(service, "a push worker's Service is applied");
        OwnerReference o = service.getMetadata().getOwnerReferences().get(0);
        assertEquals(p.getMetadata().getUid(), o.getUid());
        assertEquals(Boolean.TRUE, o.getController());
        JsonNode spec = Json.MAPPER.valueToTree(service).path("spec");
        assertEquals(8080, spec.path("ports").get(0).path("port").asInt());
        assertEquals("fn", spec.path("selector").path("hevlayer.com/pipeline").asText());
        assertEquals(
                8080,
                h.deployment("layer", "fn")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getReadinessProbe()
                        .getTcpSocket()
                        .getPort()
                        .getIntVal());
        assertEquals(Harness.yaml("""
                - {apiVersion: apps/v1, kind: Deployment, name: fn-worker}
                - {apiVersion: v1, kind: Service, name: fn-worker}
                - {apiVersion: keda.sh/v1alpha1, kind: TriggerAuthentication, name: fn-worker}
                - {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: fn-worker}
                """), h.status("layer", "fn").get("managedObjects"));

        // push -> pull: the Service is deleted, the probe leaves the Deployment
        h.updateSpec("layer", "fn", Harness.AUTOSCALE);
        h.awaitReady("layer", "fn", "True", "Reconciled");
        h.await("Service deleted", () -> h.keda("Service", "layer", "fn") == null);
        assertNull(h.deployment("layer", "fn")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getReadinessProbe());
    }

    @Test
    void modeTransitionsDeleteAndRecreateKedaObjectsAndDropReplicasFromTheApply() {
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");

        // autoscale -> fixed: KEDA objects go, replicas = min
        h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("mode: autoscale", "mode: fixed"));
        h.awaitReady("layer", "web", "True", "Reconciled");
        h.await(
                "KEDA objects deleted",
                () -> h.keda("ScaledObject", "layer", "web") == null
                        && h.keda("TriggerAuthentication", "layer", "web") == null);
        assertEquals(1, h.deployment("layer", "web").getSpec().getReplicas());
        assertEquals(1, h.status("layer", "web").path("managedObjects").size());

        // fixed -> autoscale: recreated, and the apply no longer carries replicas, so SSA removes it
        h.api.clearRequests();
        h.updateSpec("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");
        h.await(
                "KEDA objects recreated",
                () -> h.keda("ScaledObject", "layer", "web") != null
                        && h.keda("TriggerAuthentication", "layer", "web") != null);
        MockApiServer.Request apply = h.api.writes().stream()
                .filter(r -> r.path().contains("/deployments/web-worker"))
                .findFirst()
                .orElseThrow();
        JsonNode body = Harness.yaml(apply.body());
        assertTrue(body.path("spec").isObject());
        assertFalse(body.path("spec").has("replicas"), apply.body());
        assertNull(h.deployment("layer", "web").getSpec().getReplicas(), "the field we stopped applying is gone");

        // paused and disabled: zero replicas, no KEDA objects
        for (String change : List.of(
                "scaling: {mode: autoscale, replicas: {min: 1, max: 4}}\npaused: true",
                "scaling: {mode: disabled, replicas: {min: 1, max: 4}}")) {
            h.updateSpec(
                    "layer",
                    "web",
                    Harness.AUTOSCALE.replace("scaling: {mode: autoscale, replicas: {min: 1, max: 4}}", change));
            h.awaitReady("layer", "web", "True", "Reconciled");
            h.await(
                    "scaled to zero without KEDA (" + change + ")",
                    () -> Integer.valueOf(0)
                                    .equals(h.deployment("layer", "web")
                                            .getSpec()
                                            .getReplicas())
                            && h.keda("ScaledObject", "layer", "web") == null
                            && h.keda("TriggerAuthentication", "layer", "web") == null);
        }
    }

    @Test
    void specChangesAreAppliedAndObservedGenerationFollows() {
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", "Reconciled");
        h.updateSpec(
                "layer",
                "web",
                Harness.AUTOSCALE
                        .replace("ghcr.io/hev/worker:1", "ghcr.io/hev/worker:2")
                        .replace("batchSize: 16", "batchSize: 8"));
        h.await(
                "new image",
                () -> "ghcr.io/hev/worker:2"
                        .equals(h.deployment("layer", "web")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()));
        h.await(
                "new threshold",
                () -> "8"
                        .equals(h.keda("ScaledObject", "layer", "web")
                                .get("spec", "triggers", 0, "metadata", "threshold")));
        h.awaitReady("layer", "web", "True", "Reconciled");
        assertEquals(2, h.status("layer", "web").path("observedGeneration").asLong());
    }

    /**
     * The mock stores Pipelines as an API server does (CRD defaults, pruning), so the reconciler reads
     * stored forms: a gpu-pool Pipeline that never said computeClass comes back with computeClass: cpu
     * and must still be reconciled; a field the CRD does not declare is pruned, and nulls are dropped.
     */
    @Test
    void storedFormsWithCrdDefaultsAreReconciled() {
        h.createPipeline("layer", "embed", """
                target: {namespace: products}
                worker: {image: "ghcr.io/hev/embed:1", timeoutSeconds: null}
                scaling: {pool: gpu, replicas: {max: 1}, warmWindowSeconds: null}
                """);
        h.awaitReady("layer", "embed", "True", "Reconciled");
        JsonNode spec = Json.MAPPER.valueToTree(h.pipeline("layer", "embed").getSpec());
        assertEquals("cpu", spec.at("/worker/computeClass").asText(), "the CRD default, stored by the API server");
        assertEquals("pull", spec.at("/worker/dispatch").asText());
        assertEquals(30, spec.at("/worker/timeoutSeconds").asInt(), "null dropped, then defaulted");
        assertTrue(spec.at("/scaling/warmWindowSeconds").isNull(), "nullable: kept as null");
        assertEquals("autoscale", spec.at("/scaling/mode").asText());
        assertEquals(0, spec.at("/scaling/replicas/min").asInt());
        assertEquals(
                "gpu",
                h.deployment("layer", "embed")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getNodeSelector()
                        .get("layer.hev.dev/compute"));
    }
}
