package com.hevlayer.layerrender.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A decoded Pipeline with its defaults applied, except where it matters whether a field was
 * written (computeClass, pool). Immutable; build one with {@link #builder}, which names every field
 * and starts from the defaults.
 *
 * @param namespace         metadata.namespace, or the --namespace default; null when neither
 * @param sourceRef         the open sourceRef (any JSON value), or null
 * @param explicitComputeClass worker.computeClass as written, or null
 * @param pool              scaling.pool, or null
 * @param warmWindowSeconds scaling.warmWindowSeconds, or null
 * @param podSpec           worker.podSpec, or null
 * @param pushPort          worker.port of a push worker (worker.dispatch: push), or null for a pull worker
 * @param schedule          spec.schedule with its defaults, or null when absent or null
 */
public record Pipeline(
        String name,
        String namespace,
        String pipelineId,
        String targetNamespace,
        JsonNode sourceRef,
        String image,
        String explicitComputeClass,
        int batchSize,
        int timeoutSeconds,
        ObjectNode podSpec,
        String pool,
        ScalingMode mode,
        int minReplicas,
        int maxReplicas,
        Integer warmWindowSeconds,
        boolean paused,
        Integer pushPort,
        Schedule schedule) {

    public static final String DEFAULT_COMPUTE_CLASS = "cpu";
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_MIN_REPLICAS = 0;
    public static final int DEFAULT_COOLDOWN_SECONDS = 300;

    public String computeClass() {
        return explicitComputeClass != null ? explicitComputeClass : DEFAULT_COMPUTE_CLASS;
    }

    /** A builder for the Pipeline {@code name}: pipelineId defaults to the name, the rest to the CRD's defaults. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Names each field of a {@link Pipeline} as it is set; {@link #build} makes the immutable record. */
    public static final class Builder {
        private final String name;
        private String namespace;
        private String pipelineId;
        private String targetNamespace = "";
        private JsonNode sourceRef;
        private String image = "";
        private String explicitComputeClass;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        private ObjectNode podSpec;
        private String pool;
        private ScalingMode mode = ScalingMode.AUTOSCALE;
        private int minReplicas = DEFAULT_MIN_REPLICAS;
        private int maxReplicas;
        private Integer warmWindowSeconds;
        private Integer pushPort;
        private boolean paused;
        private Schedule schedule;

        private Builder(String name) {
            this.name = name;
            this.pipelineId = name;
        }

        public Builder namespace(String v) {
            namespace = v;
            return this;
        }

        public Builder pipelineId(String v) {
            pipelineId = v;
            return this;
        }

        public Builder targetNamespace(String v) {
            targetNamespace = v;
            return this;
        }

        public Builder sourceRef(JsonNode v) {
            sourceRef = v;
            return this;
        }

        public Builder image(String v) {
            image = v;
            return this;
        }

        /** worker.computeClass as written; null when the Pipeline does not say. */
        public Builder computeClass(String v) {
            explicitComputeClass = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder timeoutSeconds(int v) {
            timeoutSeconds = v;
            return this;
        }

        public Builder podSpec(ObjectNode v) {
            podSpec = v;
            return this;
        }

        public Builder pool(String v) {
            pool = v;
            return this;
        }

        public Builder mode(ScalingMode v) {
            mode = v;
            return this;
        }

        public Builder replicas(int min, int max) {
            minReplicas = min;
            maxReplicas = max;
            return this;
        }

        public Builder warmWindowSeconds(Integer v) {
            warmWindowSeconds = v;
            return this;
        }

        public Builder paused(boolean v) {
            paused = v;
            return this;
        }

        /** A push worker on {@code port} (worker.dispatch: push); null, the default, is a pull worker. */
        public Builder pushPort(Integer port) {
            pushPort = port;
            return this;
        }

        /** spec.schedule; null when the Pipeline has none. */
        public Builder schedule(Schedule v) {
            schedule = v;
            return this;
        }

        public Pipeline build() {
            return new Pipeline(
                    name,
                    namespace,
                    pipelineId,
                    targetNamespace,
                    sourceRef,
                    image,
                    explicitComputeClass,
                    batchSize,
                    timeoutSeconds,
                    podSpec,
                    pool,
                    mode,
                    minReplicas,
                    maxReplicas,
                    warmWindowSeconds,
                    paused,
                    pushPort,
                    schedule);
        }
    }
}
