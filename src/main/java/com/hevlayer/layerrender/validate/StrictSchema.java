package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Derives strict checking from a CRD-style schema: every object schema that declares
 * {@code properties} (and neither {@code additionalProperties} nor
 * {@code x-kubernetes-preserve-unknown-fields: true}) gets {@code additionalProperties: false},
 * which is what {@code kubectl apply --validate=strict} does with a CRD. The CRD itself cannot say
 * so: structural schemas forbid {@code additionalProperties} beside {@code properties}.
 */
public final class StrictSchema {
    private StrictSchema() {}

    /**
     * A strict copy of {@code schema}; the argument is not modified. The root also accepts what every
     * Kubernetes object carries and a CRD schema leaves to the API server: {@code apiVersion},
     * {@code kind} (strings) and {@code metadata} (a mapping).
     */
    public static ObjectNode of(JsonNode schema) {
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        if (copy.get("properties") instanceof ObjectNode) {
            ObjectNode properties = (ObjectNode) copy.get("properties");
            for (String field : new String[] {"apiVersion", "kind"}) {
                if (!properties.has(field)) {
                    properties.putObject(field).put("type", "string");
                }
            }
            if (!properties.has("metadata")) {
                properties.putObject("metadata").put("type", "object");
            }
        }
        walk(copy);
        return copy;
    }

    /** Walks the structural positions only; anyOf/allOf/oneOf/not are left alone. */
    private static void walk(ObjectNode schema) {
        JsonNode properties = schema.get("properties");
        if (properties instanceof ObjectNode) {
            boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (!schema.has("additionalProperties") && !preserveUnknown) {
                schema.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> field : properties.properties()) {
                if (field.getValue() instanceof ObjectNode) {
                    walk((ObjectNode) field.getValue());
                }
            }
        }
        for (String child : new String[] {"items", "additionalProperties"}) {
            if (schema.get(child) instanceof ObjectNode) {
                walk((ObjectNode) schema.get(child));
            }
        }
    }
}
