package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up warm-up: it keeps exercising every rendering path, and never changes a result. */
class EnginePartsTest {

    /** A schema that no longer compiles would leave the warm-up making nothing, and every cold render slower. */
    @Test
    void theWarmUpCompilesThePipelineSchema() {
        assertTrue(
                EngineParts.cold().warmUp(),
                "the Pipeline schema does not compile: the warm-up (EngineParts.warmUp) makes nothing");
    }

    private static String render(EngineParts parts, String... args) {
        InProcess.Result run = InProcess.run(parts, new byte[0], Map.of(), args);
        return run.code() + "\n" + run.out() + run.err();
    }

    /** The main thread renders while the warm-up thread makes the same schema. */
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
