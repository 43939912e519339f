package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.settings.SettingsLayer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reconciler renders a schedule as the CLI does: a cron trigger in the time zone of its environment
 * (SCHEDULE_TIME_ZONE), and when a queue-depth Pipeline gains a schedule its TriggerAuthentication goes;
 * a cron without a window is refused in the Pipeline's status.
 */
class ScheduleReconcilerTest {
    static final String QUEUE = """
            target: {namespace: products}
            worker: {image: "ghcr.io/hev/worker:1"}
            scaling: {mode: autoscale, replicas: {min: 0, max: 2}}
            """;
    static final String NIGHTLY = QUEUE + "schedule: {cron: '0 2 * * *', leaseSeconds: 3300}\n";

    @Test
    void aPipelineGainsASchedule() {
        SettingsLayer env = SettingsLayer.empty("environment").withScheduleTimeZone("Europe/Berlin");
        ReconcilerApp.Options options = ReconcilerApp.Options.defaults(Set.of(), List.of(env))
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
        try (Harness h = new Harness().start(options)) {
            h.createPipeline("layer", "web", QUEUE);
            h.awaitReady("layer", "web", "True", Planner.Reasons.RECONCILED);
            assertNotNull(h.keda("TriggerAuthentication", "layer", "web"));
            h.updateSpec("layer", "web", NIGHTLY);
            h.awaitReady("layer", "web", "True", Planner.Reasons.RECONCILED);
            h.await("the TriggerAuthentication deleted", () -> h.keda("TriggerAuthentication", "layer", "web") == null);
            JsonNode trigger = Json.MAPPER
                    .valueToTree(h.keda("ScaledObject", "layer", "web").getAdditionalProperties())
                    .at("/spec/triggers/0");
            assertEquals("cron", trigger.path("type").asText(), trigger.toString());
            assertEquals("Europe/Berlin", trigger.at("/metadata/timezone").asText());
            assertEquals("0 2 * * *", trigger.at("/metadata/start").asText());
            assertEquals("55 2 * * *", trigger.at("/metadata/end").asText());
            assertEquals("1", trigger.at("/metadata/desiredReplicas").asText());
        }
    }

    @Test
    void aCronWithoutAWindowIsRefusedInStatus() {
        try (Harness h = new Harness().start()) {
            h.createPipeline("layer", "web", QUEUE + "schedule: {cron: '*/15 * * * *'}\n");
            h.awaitReady("layer", "web", "False", Planner.Reasons.INVALID_SPEC);
            assertTrue(
                    h.ready("layer", "web").path("message").asText().contains("spec.schedule.cron"),
                    h.ready("layer", "web").toString());
        }
    }
}
