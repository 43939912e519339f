package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * One rendered object. {@code object} is built with fabric8's builders. For the Deployment of a
 * Pipeline with a podSpec patch, {@code podSpec} is the patched pod spec and the object's pod
 * template carries no spec of its own: a patched pod spec is JSON by nature (a strategic merge of
 * two JSON documents, checked against the upstream Deployment schema), already in the form
 * fabric8 writes, and turning it into a {@code PodSpec} only to write it out again would cost a
 * fresh process most of its run (see {@link ModelJson}).
 *
 * @param podSpec the patched pod spec, or null when the object is complete as built
 * @param origins where each field's value came from ({@link Provenance}), in output order; null unless asked
 *                (provenance is off by default and costs nothing then)
 */
public record RenderedObject(HasMetadata object, ObjectNode podSpec, List<FieldOrigin> origins) {

    public RenderedObject(HasMetadata object, ObjectNode podSpec) {
        this(object, podSpec, null);
    }

    public static RenderedObject of(HasMetadata object) {
        return new RenderedObject(object, null);
    }

    /** The same object with the origin of each of its fields. */
    public RenderedObject withOrigins(List<FieldOrigin> origins) {
        return new RenderedObject(object, podSpec, List.copyOf(origins));
    }

    /** The JSON tree of the object as it is written, fields in fabric8's order. */
    public ObjectNode toTree() {
        ObjectNode tree = ModelJson.tree(object); // Jackson's tree without Jackson's serializers
        if (tree == null) {
            tree = Json.MAPPER.valueToTree(object);
        }
        if (podSpec != null) {
            JsonNode template = tree.path("spec").path("template");
            if (!(template instanceof ObjectNode t)) {
                throw new IllegalStateException("a pod spec for an object without a pod template: " + object.getKind());
            }
            t.set("spec", podSpec.deepCopy());
        }
        return tree;
    }
}
