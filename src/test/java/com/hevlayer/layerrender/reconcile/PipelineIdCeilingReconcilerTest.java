package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Against the mock API server: the reconciler counts the pipelineIds of every Pipeline in its informer cache,
 * in every namespace, and the Pipeline beyond the gateway's 50th distinct id says so in its Ready message (it
 * still reconciles: a warning).
 */
class PipelineIdCeilingReconcilerTest {
    static String spec(int i) {
        return "pipelineId: feed-" + i + "\n" + Harness.AUTOSCALE;
    }

    @Test
    void theFiftyFirstDistinctIdIsWarnedInItsStatus() {
        try (Harness h = new Harness().start()) {
            h.gatewaySecret(); // the workers outside namespace layer get their copies: Ready=True
            for (int i = 1; i <= 50; i++) {
                h.createPipeline("ns" + (i % 4), "p" + i, spec(i));
            }
            h.awaitReady("ns2", "p50", "True", Planner.Reasons.RECONCILED);
            String fiftieth = h.status("ns2", "p50").toString();
            assertFalse(fiftieth.contains("distinct pipelineIds of the cluster"), fiftieth);

            // created last and, should the API server stamp it in the same second as others, last by namespace too
            h.createPipeline("zz", "p51", spec(51));
            h.await(
                    "the ceiling warning in p51's status",
                    Duration.ofSeconds(30),
                    () -> String.valueOf(h.status("zz", "p51"))
                            .contains("is beyond the first 50 distinct pipelineIds of the cluster"));
            String status = String.valueOf(h.status("zz", "p51"));
            assertTrue(status.contains("\"reason\":\"Reconciled\""), status);
            assertTrue(status.contains("pipelineId \\\"feed-51\\\""), status);
        }
    }
}
