package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One document of an input stream, as a JSON tree, with the position of every node it holds.
 *
 * @param file      the file label shown in messages ({@code -} for stdin)
 * @param index     the 0-based index of the document within its file
 * @param root      the document's content
 * @param positions JSON pointer (RFC 6901) to the position of the node (for a mapping value, the
 *                  position of its key, which is where a user looks)
 */
public record SourceDoc(String file, int index, JsonNode root, Map<String, Position> positions) {

    /** The position of the node at {@code pointer}, or of its nearest ancestor that has one. */
    public Position positionOf(String pointer) {
        String p = pointer;
        while (true) {
            Position pos = positions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return new Position(file, 1, 1);
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    /** The node at {@code pointer} as a document of its own, positions kept (for the items of a v1 List). */
    public SourceDoc part(String pointer) {
        Map<String, Position> sub = new java.util.HashMap<>();
        for (Map.Entry<String, Position> e : positions.entrySet()) {
            String k = e.getKey();
            if (k.equals(pointer)) {
                sub.put("", e.getValue());
            } else if (k.startsWith(pointer + "/")) {
                sub.put(k.substring(pointer.length()), e.getValue());
            }
        }
        return new SourceDoc(file, index, root.at(pointer), sub);
    }

    /**
     * The items of the list at {@code pointer}, each as {@link #part}, in one pass over the positions (a list of
     * thousands of items would otherwise cost items × positions).
     */
    public List<SourceDoc> items(String pointer) {
        JsonNode list = root.at(pointer);
        List<Map<String, Position>> subs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            subs.add(new HashMap<>());
        }
        String prefix = pointer + "/";
        for (Map.Entry<String, Position> e : positions.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(prefix)) {
                continue;
            }
            int end = k.indexOf('/', prefix.length());
            String digits = end < 0 ? k.substring(prefix.length()) : k.substring(prefix.length(), end);
            int i;
            try {
                i = Integer.parseInt(digits);
            } catch (NumberFormatException ex) {
                continue;
            }
            if (i >= 0 && i < subs.size()) {
                subs.get(i).put(end < 0 ? "" : k.substring(end), e.getValue());
            }
        }
        List<SourceDoc> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new SourceDoc(file, index, list.get(i), subs.get(i)));
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
