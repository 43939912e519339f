package com.hevlayer.layerrender.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The positions of a document's nodes, as a tree shaped like the document: a mapping's children
 * are found by their key (the key's own String, shared with the JSON tree, never copied) and a
 * list's by their index. No pointer string is ever stored per node, so a long key over a long list
 * costs one reference per item, not a copy of the key per item (issue 12: a long key over a list ran
 * out of memory when every item's position was stored under its full JSON pointer; measured in
 * docs/hostile-input-parsing.md).
 */
public final class Positions {
    /** No positions at all: every lookup answers line 1, column 1 of the document's file. */
    public static final Positions NONE = new Positions(null);

    private final Position position;
    private Map<String, Positions> fields;
    private List<Positions> items;

    Positions(Position position) {
        this.position = position;
    }

    /** The position of this node, or null when none was recorded. */
    public Position position() {
        return position;
    }

    /** Records {@code child} under a mapping key (the node it belongs to is a mapping). */
    Positions putField(String key, Position p) {
        Positions child = new Positions(p);
        if (fields == null) {
            fields = new HashMap<>(4);
        }
        fields.put(key, child);
        return child;
    }

    /** Records {@code child} as the next list item (the node it belongs to is a list). */
    Positions addItem(Position p) {
        Positions child = new Positions(p);
        if (items == null) {
            items = new ArrayList<>();
        }
        items.add(child);
        return child;
    }

    private Positions child(String token) {
        Positions c = fields == null ? null : fields.get(Pointer.unescape(token));
        if (c == null && items != null) {
            try {
                int i = Integer.parseInt(token);
                c = i >= 0 && i < items.size() ? items.get(i) : null;
            } catch (NumberFormatException e) {
                c = null;
            }
        }
        return c;
    }

    /** The position of the node at {@code pointer} (RFC 6901), or of its nearest ancestor that has one; null if none. */
    public Position at(String pointer) {
        Positions node = this;
        Position best = position;
        int i = 0;
        while (i < pointer.length() && node != null) {
            int next = pointer.indexOf('/', i + 1);
            if (next < 0) {
                next = pointer.length();
            }
            node = node.child(pointer.substring(i + 1, next));
            if (node != null && node.position != null) {
                best = node.position;
            }
            i = next;
        }
        return best;
    }

    /** The subtree at {@code pointer}, or {@link #NONE}. */
    public Positions sub(String pointer) {
        Positions node = this;
        int i = 0;
        while (i < pointer.length() && node != null) {
            int next = pointer.indexOf('/', i + 1);
            if (next < 0) {
                next = pointer.length();
            }
            node = node.child(pointer.substring(i + 1, next));
            i = next;
        }
        return node == null ? NONE : node;
    }

    /** A copy whose positions name {@code file} instead. */
    public Positions relabel(String file) {
        Positions out = new Positions(position == null ? null : new Position(file, position.line(), position.column()));
        if (fields != null) {
            out.fields = new HashMap<>();
            fields.forEach((k, v) -> out.fields.put(k, v.relabel(file)));
        }
        if (items != null) {
            out.items = new ArrayList<>();
            items.forEach(v -> out.items.add(v.relabel(file)));
        }
        return out;
    }

    /**
     * Positions made of known ones: {@code root} for the document, and for each pointer (of mapping keys) of
     * {@code at} its position; {@link #at} answers those exactly and {@code root} for every other pointer.
     */
    public static Positions of(Position root, Map<String, Position> at) {
        Positions out = new Positions(root);
        for (Map.Entry<String, Position> e : at.entrySet()) {
            String pointer = e.getKey();
            Positions to = out;
            int i = 0;
            while (i < pointer.length()) {
                int next = pointer.indexOf('/', i + 1);
                if (next < 0) {
                    next = pointer.length();
                }
                String key = Pointer.unescape(pointer.substring(i + 1, next));
                Positions kept = to.fields == null ? null : to.fields.get(key);
                to = kept != null ? kept : to.putField(key, next == pointer.length() ? e.getValue() : null);
                i = next;
            }
        }
        return out;
    }
}
