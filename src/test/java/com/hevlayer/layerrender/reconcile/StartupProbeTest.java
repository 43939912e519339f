package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** /healthz is the process being alive: true before the caches sync (a liveness probe must not kill a starting replica). */
class StartupProbeTest {
    @Test
    void aliveBeforeStartedReadyOnlyOnceSyncedNotAliveOnceClosing() {
        try (Harness h = new Harness()) {
            ReconcilerApp app = new ReconcilerApp(
                    h.reconcilerClient(), Harness.options(), new ReconcilerMetrics(), h.clock, h.logger);
            assertTrue(app.healthy(), "alive while starting");
            assertFalse(app.ready(), "not ready before the caches sync");
            app.start();
            h.await("ready once synced", app::ready);
            assertTrue(app.healthy());
            app.close();
            assertFalse(app.healthy(), "stopping");
        }
    }
}
