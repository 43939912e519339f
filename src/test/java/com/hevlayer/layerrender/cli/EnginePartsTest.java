package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up warm-up: it keeps exercising every rendering path, and never changes a result. */
class EnginePartsTest {

    /** A sample that no longer renders (a schema change, say) would leave the warm-up warming nothing. */
    @Test
    void theWarmUpSampleRendersCleanlyThroughEveryPath() {
        assertTrue(
                EngineParts.cold().warmUp(),
                "the embedded warm-up Pipeline no longer renders to a Deployment,"
                        + " TriggerAuthentication and ScaledObject without problems: update EngineParts.SAMPLE or PATCHED");
    }

    private static String render(EngineParts parts, String... args) {
        InProcess.Result run = InProcess.run(parts, new byte[0], Map.of(), args);
        return run.code() + "\n" + run.out() + run.err();
    }

    /** The main thread renders while the warm-up thread makes the same schemas and serializers. */
    @Test
    void aRenderRacingTheWarmUpGivesTheColdResult() {
        String cold = render(EngineParts.cold(), "render", "samples");
        assertTrue(cold.startsWith("0\n---\napiVersion: apps/v1"), cold);
        for (int i = 0; i < 20; i++) {
            assertEquals(cold, render(EngineParts.warmedUp(), "render", "samples"), "run " + i);
        }
        String invalid = render(EngineParts.cold(), "render", "golden/podspec-violation-types/input.yaml");
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    invalid, render(EngineParts.warmedUp(), "render", "golden/podspec-violation-types/input.yaml"));
        }
    }
}
