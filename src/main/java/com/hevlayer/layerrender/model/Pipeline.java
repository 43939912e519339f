package com.hevlayer.layerrender.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A decoded Pipeline with its defaults applied, except where it matters whether a field was
 * written (computeClass, pool).
 *
 * @param namespace         metadata.namespace, or the --namespace default; null when neither
 * @param sourceRef         the open sourceRef (any JSON value), or null
 * @param explicitComputeClass worker.computeClass as written, or null
 * @param pool              scaling.pool, or null
 * @param warmWindowSeconds scaling.warmWindowSeconds, or null
 * @param podSpec           worker.podSpec, or null
 */
public record Pipeline(String name, String namespace, String pipelineId, String targetNamespace, JsonNode sourceRef,
                       String image, String explicitComputeClass, int batchSize, int timeoutSeconds, ObjectNode podSpec,
                       String pool, ScalingMode mode, int minReplicas, int maxReplicas, Integer warmWindowSeconds,
                       boolean paused) {

    public static final String DEFAULT_COMPUTE_CLASS = "cpu";
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_MIN_REPLICAS = 0;
    public static final int DEFAULT_COOLDOWN_SECONDS = 300;

    public String computeClass() {
        return explicitComputeClass != null ? explicitComputeClass : DEFAULT_COMPUTE_CLASS;
    }

    /** {@code Pipeline ns/name}, as messages name it. */
    public String label() {
        return "Pipeline " + (namespace == null ? "" : namespace + "/") + name;
    }
}
