package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One document of an input stream, as a JSON tree, with the position of every node it holds.
 *
 * @param file      the file label shown in messages ({@code -} for stdin)
 * @param index     the 0-based index of the document within its file
 * @param root      the document's content
 * @param positions the position of every node (for a mapping value, the position of its key, which
 *                  is where a user looks), found by JSON pointer (RFC 6901)
 */
public record SourceDoc(String file, int index, JsonNode root, Positions positions) {

    /** The position of the node at {@code pointer}, or of its nearest ancestor that has one. */
    public Position positionOf(String pointer) {
        Position pos = positions.at(pointer);
        return pos != null ? pos : new Position(file, 1, 1);
    }

    /** The node at {@code pointer} as a document of its own, positions kept (for the items of a v1 List). */
    public SourceDoc part(String pointer) {
        return new SourceDoc(file, index, root.at(pointer), positions.sub(pointer));
    }

    /** The items of the list at {@code pointer}, each as {@link #part} (for the items of a KRM ResourceList). */
    public List<SourceDoc> items(String pointer) {
        JsonNode list = root.at(pointer);
        List<SourceDoc> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(part(pointer + "/" + i));
        }
        return out;
    }

    public String apiVersion() {
        JsonNode n = root.get("apiVersion");
        return n != null && n.isTextual() ? n.asText() : null;
    }

    public String kind() {
        JsonNode n = root.get("kind");
        return n != null && n.isTextual() ? n.asText() : null;
    }

    public String name() {
        JsonNode n = root.path("metadata").get("name");
        return n != null && n.isTextual() ? n.asText() : null;
    }

    public String namespace() {
        JsonNode n = root.path("metadata").get("namespace");
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
