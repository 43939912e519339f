package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
            if (!properties.has("metadata") || properties.path("metadata").size() == 1) {
                properties.set("metadata", objectMeta());
            }
        }
        walk(copy);
        return copy;
    }

    /**
     * The fields of a Kubernetes ObjectMeta (meta/v1), so that a misspelt {@code metadata.lables} is an
     * unknown field, as {@code kubectl apply --validate=strict} says; labels and annotations map
     * strings to strings.
     */
    private static ObjectNode objectMeta() {
        ObjectNode meta = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode p = meta.putObject("properties");
        for (String f : new String[] {
            "name",
            "generateName",
            "namespace",
            "selfLink",
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "deletionTimestamp"
        }) {
            p.putObject(f).put("type", "string");
        }
        p.putObject("generation").put("type", "integer");
        p.putObject("deletionGracePeriodSeconds").put("type", "integer");
        for (String f : new String[] {"labels", "annotations"}) {
            p.putObject(f)
                    .put("type", "object")
                    .putObject("additionalProperties")
                    .put("type", "string");
        }
        p.putObject("finalizers").put("type", "array").putObject("items").put("type", "string");
        for (String f : new String[] {"ownerReferences", "managedFields"}) {
            p.putObject(f)
                    .put("type", "array")
                    .putObject("items")
                    .put("type", "object")
                    .put("x-kubernetes-preserve-unknown-fields", true);
        }
        return meta;
    }

    /** Walks the structural positions only; anyOf/allOf/oneOf/not are left alone. */
    private static void walk(ObjectNode schema) {
        JsonNode properties = schema.get("properties");
        if (properties instanceof ObjectNode) {
            boolean preserveUnknown =
                    schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
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
