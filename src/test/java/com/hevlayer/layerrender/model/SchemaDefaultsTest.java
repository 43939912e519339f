package com.hevlayer.layerrender.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.schema.Schemas;
import org.junit.jupiter.api.Test;

/** The renderer's defaults are the schema's defaults (which the CRD and docs/reference.md show). */
class SchemaDefaultsTest {
    @Test
    void pipelineDefaultsMatchTheSchema() {
        JsonNode spec =
                Schemas.raw(Kind.PIPELINE).path("properties").path("spec").path("properties");
        JsonNode worker = spec.path("worker").path("properties");
        assertEquals(
                Pipeline.DEFAULT_COMPUTE_CLASS,
                worker.path("computeClass").path("default").asText());
        assertEquals(
                Pipeline.DEFAULT_BATCH_SIZE,
                worker.path("batchSize").path("default").asInt());
        assertEquals(
                Pipeline.DEFAULT_TIMEOUT_SECONDS,
                worker.path("timeoutSeconds").path("default").asInt());
        JsonNode scaling = spec.path("scaling").path("properties");
        assertEquals(
                ScalingMode.AUTOSCALE.value,
                scaling.path("mode").path("default").asText());
        assertEquals(
                Pipeline.DEFAULT_MIN_REPLICAS,
                scaling.path("replicas")
                        .path("properties")
                        .path("min")
                        .path("default")
                        .asInt());
        assertEquals(false, spec.path("paused").path("default").asBoolean(true));
    }
}
