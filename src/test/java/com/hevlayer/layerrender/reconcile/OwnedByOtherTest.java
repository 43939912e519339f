package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.render.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An object of a child's name that something else owns is left alone and reported, never overwritten. */
class OwnedByOtherTest {
    Harness h;

    @BeforeEach
    void start() {
        h = new Harness().start(Harness.options().withResync(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aHandMadeDeploymentIsLeftAloneUntilItIsGone() {
        Deployment mine = h.client
                .apps()
                .deployments()
                .inNamespace("layer")
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("web-worker")
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels("app", "mine")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "mine")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("example.com/mine:1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "False", Planner.Reasons.OWNED_BY_OTHER);
        String message = h.ready("layer", "web").path("message").asText();
        assertTrue(
                message.startsWith("Deployment layer/web-worker already exists and is not this Pipeline's: it has no"
                        + " controller owner reference"),
                message);
        assertTrue(message.contains("delete or rename it"), message);
        Deployment after = h.deployment("layer", "web");
        assertEquals(
                mine.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion(), "not written");
        assertEquals(
                "example.com/mine:1",
                after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertNull(h.keda("ScaledObject", "layer", "web"), "no ScaledObject scales a Deployment that is not ours");
        assertNull(h.keda("TriggerAuthentication", "layer", "web"));

        // once it is gone, the Pipeline's own objects are created
        h.client
                .apps()
                .deployments()
                .inNamespace("layer")
                .withName("web-worker")
                .delete();
        h.awaitReady("layer", "web", "True", Planner.Reasons.RECONCILED);
        assertEquals(
                "ghcr.io/hev/worker:1",
                h.deployment("layer", "web")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage());
    }

    /** Every kind the reconciler applies, each taken by another controller (with our label, so in the cache). */
    @Test
    void everyChildKindOwnedByAnotherControllerIsReportedAndNotOverwritten() {
        Set<String> rendered = new Planner(List.of())
                        .plan(Harness.yaml(Harness.pipelineYaml("layer", "probe", Harness.AUTOSCALE)), null, List.of())
                        .objects()
                        .stream()
                        .map(o -> o.path("kind").asText())
                        .collect(Collectors.toSet());
        int i = 0;
        for (ChildKind child : ChildKind.values()) {
            if (!rendered.contains(child.kind)) {
                continue;
            }
            String pipeline = "p" + i++;
            String name = Labels.objectName(pipeline);
            GenericKubernetesResource other = new GenericKubernetesResource();
            other.setApiVersion(
                    child.context.getGroup().isEmpty()
                            ? child.context.getVersion()
                            : child.context.getGroup() + "/" + child.context.getVersion());
            other.setKind(child.kind);
            other.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                    .withName(name)
                    .withNamespace("layer")
                    .withLabels(Map.of("app.kubernetes.io/managed-by", "layer-render"))
                    .addNewOwnerReference()
                    .withApiVersion("argoproj.io/v1alpha1")
                    .withKind("Rollout")
                    .withName("theirs")
                    .withUid("uid-of-theirs")
                    .withController(true)
                    .endOwnerReference()
                    .build());
            other.setAdditionalProperty("spec", Map.of("marker", "theirs"));
            String rv = h.client
                    .genericKubernetesResources(child.context)
                    .inNamespace("layer")
                    .resource(other)
                    .create()
                    .getMetadata()
                    .getResourceVersion();

            h.createPipeline("layer", pipeline, Harness.AUTOSCALE);
            h.awaitReady("layer", pipeline, "False", Planner.Reasons.OWNED_BY_OTHER);
            String message = h.ready("layer", pipeline).path("message").asText();
            assertEquals(
                    child.kind + " layer/" + name + " already exists and is not this Pipeline's: its controller is"
                            + " Rollout theirs (uid uid-of-theirs); layer-render leaves it alone (delete or rename"
                            + " it, and this Pipeline's own is created)",
                    message);
            GenericKubernetesResource after = h.client
                    .genericKubernetesResources(child.context)
                    .inNamespace("layer")
                    .withName(name)
                    .get();
            assertEquals(rv, after.getMetadata().getResourceVersion(), child.kind + " not written");
            assertEquals(Map.of("marker", "theirs"), after.get("spec"));
            assertFalse(
                    h.api.writes().stream()
                            .anyMatch(w -> Harness.USER_AGENT.equals(w.userAgent())
                                    && w.path().contains("/" + name)
                                    && !w.path().contains("/pipelines/")),
                    "the reconciler wrote none of " + pipeline + "'s objects");
        }
        assertTrue(i >= 3, "Deployment, ScaledObject and TriggerAuthentication at least");
    }
}
