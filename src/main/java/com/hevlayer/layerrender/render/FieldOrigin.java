package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One leaf of a rendered object and where its value came from.
 *
 * @param path     the dotted field path, list items by their merge key where they have one
 *                 ({@code spec.template.spec.containers[name=worker].image}), else by index
 * @param segments the path's steps: a mapping key, or a list item as {@code [name]} or {@code [index]}
 * @param indices  for each step, the list index of an item (as text), or null for a mapping key
 * @param value    the leaf's value (a scalar, or an empty mapping or list)
 * @param origin   where it came from; null only if a rule is missing (a test walks every golden input for it)
 */
public record FieldOrigin(String path, List<String> segments, List<String> indices, JsonNode value, Origin origin) {
    public FieldOrigin {
        segments = List.copyOf(segments);
        indices = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(indices));
    }
}
