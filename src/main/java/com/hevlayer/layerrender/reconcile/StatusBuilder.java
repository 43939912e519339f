package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The Pipeline status the reconciler writes: {@code observedGeneration}, a {@code Ready} condition
 * with the standard fields of {@code metav1.Condition}, and {@code managedObjects}. Pure; the time
 * is passed in.
 */
public final class StatusBuilder {
    public static final String READY = "Ready";

    private StatusBuilder() {}

    /**
     * @param previous   the current status (may be null)
     * @param generation the Pipeline's metadata.generation
     * @param ready      the Ready condition's status
     * @param reason     its reason
     * @param message    its message
     * @param managed    the objects the Pipeline owns now; null keeps the previous list (the last good objects stay)
     * @param now        the time a transition is stamped with
     */
    public static ObjectNode build(
            JsonNode previous,
            long generation,
            boolean ready,
            String reason,
            String message,
            List<ObjectNode> managed,
            Instant now) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("observedGeneration", generation);
        JsonNode before = readyCondition(previous);
        String statusValue = ready ? "True" : "False";
        String transition = before != null
                        && statusValue.equals(before.path("status").asText())
                        && before.hasNonNull("lastTransitionTime")
                ? before.get("lastTransitionTime").asText()
                : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        ArrayNode conditions = status.putArray("conditions");
        conditions
                .addObject()
                .put("type", READY)
                .put("status", statusValue)
                .put("lastTransitionTime", transition)
                .put("reason", reason)
                .put("message", message);
        if (managed != null) {
            ArrayNode list = status.putArray("managedObjects");
            for (ObjectNode o : managed) {
                list.addObject()
                        .put("apiVersion", o.path("apiVersion").asText())
                        .put("kind", o.path("kind").asText())
                        .put("name", o.path("metadata").path("name").asText());
            }
        } else if (previous != null && previous.has("managedObjects")) {
            status.set("managedObjects", previous.get("managedObjects").deepCopy());
        } else {
            status.putArray("managedObjects");
        }
        return status;
    }

    public static JsonNode readyCondition(JsonNode status) {
        if (status == null) {
            return null;
        }
        for (JsonNode c : status.path("conditions")) {
            if (READY.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }
}
