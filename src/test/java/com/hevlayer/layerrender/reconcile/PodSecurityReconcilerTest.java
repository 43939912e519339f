package com.hevlayer.layerrender.reconcile;

import com.hevlayer.layerrender.settings.SettingsLayer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reconciler checks worker pods against the Pod Security Standards level of its environment (baseline by default). */
class PodSecurityReconcilerTest {
    static final String HOST_NETWORK = """
            target: {namespace: products}
            worker: {image: "ghcr.io/hev/worker:1", podSpec: {hostNetwork: true}}
            scaling: {mode: autoscale, replicas: {min: 0, max: 2}}
            """;

    @Test
    void baselineByDefaultRefusesHostNetwork() {
        try (Harness h = new Harness().start()) {
            h.createPipeline("layer", "web", HOST_NETWORK);
            h.awaitReady("layer", "web", "False", Planner.Reasons.INVALID_POD_SPEC);
        }
    }

    @Test
    void privilegedFromTheEnvironmentAllowsIt() {
        SettingsLayer env = SettingsLayer.empty("environment").withPodSecurityLevel("privileged");
        ReconcilerApp.Options options = ReconcilerApp.Options.defaults(Set.of(), List.of(env))
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
        try (Harness h = new Harness().start(options)) {
            h.createPipeline("layer", "web", HOST_NETWORK);
            h.awaitReady("layer", "web", "True", Planner.Reasons.RECONCILED);
        }
    }
}
