package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.ScalingMode;
import org.junit.jupiter.api.Test;

/** SPEC §3.2, row by row. */
class ScaleTest {
    static Pipeline pipeline(ScalingMode mode, int min, int max, boolean paused) {
        return Pipeline.builder("p")
                .namespace("ns")
                .targetNamespace("t")
                .image("img")
                .mode(mode)
                .replicas(min, max)
                .paused(paused)
                .build();
    }

    @Test
    void pausedScalesToZeroInEveryMode() {
        for (ScalingMode m : ScalingMode.values()) {
            assertEquals(new Scale(0, false), Scale.of(pipeline(m, 2, 5, true)), m.value);
        }
    }

    @Test
    void disabledIsZeroWithoutKeda() {
        assertEquals(new Scale(0, false), Scale.of(pipeline(ScalingMode.DISABLED, 2, 5, false)));
    }

    @Test
    void fixedPinsToMin() {
        assertEquals(new Scale(2, false), Scale.of(pipeline(ScalingMode.FIXED, 2, 5, false)));
    }

    @Test
    void autoscaleOmitsReplicasAndEmitsKeda() {
        assertEquals(new Scale(null, true), Scale.of(pipeline(ScalingMode.AUTOSCALE, 2, 5, false)));
    }
}
