package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.model.ScalingMode;
import com.hevlayer.layerrender.model.Schedule;
import com.hevlayer.layerrender.render.Json;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Schema-valid documents to model records; defaults applied here (they equal the schemas' defaults, see the tests). */
final class Decode {
    private Decode() {}

    static Pipeline pipeline(JsonNode root, String name, String namespace) {
        JsonNode spec = root.path("spec");
        JsonNode worker = spec.path("worker");
        JsonNode scaling = spec.path("scaling");
        JsonNode replicas = scaling.path("replicas");
        String pipelineId =
                spec.hasNonNull("pipelineId") ? spec.get("pipelineId").asText() : name;
        return Pipeline.builder(name)
                .namespace(namespace)
                .pipelineId(pipelineId)
                .targetNamespace(spec.path("target").path("namespace").asText())
                .sourceRef(spec.hasNonNull("sourceRef") ? spec.get("sourceRef") : null)
                .image(worker.path("image").asText())
                .computeClass(
                        worker.hasNonNull("computeClass")
                                ? worker.get("computeClass").asText()
                                : null)
                .batchSize(worker.path("batchSize").asInt(Pipeline.DEFAULT_BATCH_SIZE))
                .timeoutSeconds(worker.path("timeoutSeconds").asInt(Pipeline.DEFAULT_TIMEOUT_SECONDS))
                .podSpec(worker.get("podSpec") instanceof ObjectNode ? (ObjectNode) worker.get("podSpec") : null)
                .pool(scaling.hasNonNull("pool") ? scaling.get("pool").asText() : null)
                .mode(mode(scaling.path("mode").asText("autoscale")))
                .replicas(
                        replicas.path("min").asInt(Pipeline.DEFAULT_MIN_REPLICAS),
                        replicas.path("max").asInt())
                .warmWindowSeconds(
                        scaling.hasNonNull("warmWindowSeconds")
                                ? scaling.get("warmWindowSeconds").asInt()
                                : null)
                .paused(spec.path("paused").asBoolean(false))
                .pushPort(
                        "push".equals(worker.path("dispatch").asText())
                                        && worker.path("port").canConvertToInt()
                                ? worker.get("port").asInt()
                                : null)
                .schedule(schedule(spec.get("schedule")))
                .build();
    }

    /** spec.schedule with the CRD's defaults; null when absent or null (a schedule not an object was reported by the schema check). */
    private static Schedule schedule(JsonNode s) {
        if (s == null || !s.isObject()) {
            return null;
        }
        return new Schedule(
                s.hasNonNull("cron") ? s.get("cron").asText() : Schedule.DEFAULT_CRON,
                s.path("leaseSeconds").asInt(Schedule.DEFAULT_LEASE_SECONDS));
    }

    /** Lenient: invalid modes were reported by the schema check; this only keeps decoding from failing. */
    private static ScalingMode mode(String s) {
        for (ScalingMode m : ScalingMode.values()) {
            if (m.value.equals(s)) {
                return m;
            }
        }
        return ScalingMode.AUTOSCALE;
    }

    static Pool pool(JsonNode p) {
        Map<String, String> selector = new LinkedHashMap<>();
        p.path("nodeSelector")
                .fields()
                .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
        List<Toleration> tolerations = new ArrayList<>();
        for (JsonNode t : p.path("tolerations")) {
            tolerations.add(Json.MAPPER.convertValue(t, Toleration.class));
        }
        return new Pool(
                p.path("name").asText(),
                p.path("kind").asText(),
                p.hasNonNull("gpuType") ? p.get("gpuType").asText() : null,
                selector,
                tolerations,
                quantities(p.path("resources").path("requests")),
                quantities(p.path("resources").path("limits")),
                p.path("maxReplicasPerWorkload").asInt());
    }

    private static Map<String, Quantity> quantities(JsonNode n) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                m.put(e.getKey(), new Quantity(e.getValue().asText()));
            }
        });
        return m;
    }
}
