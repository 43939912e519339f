package com.hevlayer.layerrender.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link ObjectDiff.Result} to the old side's objects, which gives the new side's: the proof that
 * the reported changes are the whole story (the property test holds it to that). Within one object, the
 * removals are applied first (the last first), then the new values, then the additions in order, so that a
 * list element lands where it stands on the new side.
 */
public final class Apply {
    private Apply() {}

    /** The new side's objects: the old ones that stay (changed where reported), then the added ones. */
    public static List<JsonNode> apply(List<JsonNode> oldObjects, ObjectDiff.Result diff) {
        Map<ObjectDiff.Id, JsonNode> objects = new LinkedHashMap<>();
        Map<ObjectDiff.Id, Integer> seen = new LinkedHashMap<>();
        for (JsonNode o : oldObjects) {
            ObjectDiff.Id id = ObjectDiff.Id.of(o);
            int n = seen.merge(id, 1, Integer::sum) - 1;
            objects.put(n == 0 ? id : id.nth(n), o.deepCopy());
        }
        for (ObjectDiff.ObjectChange c : diff.changes()) {
            switch (c.op()) {
                case REMOVED -> objects.remove(c.id());
                case ADDED -> objects.put(c.id(), c.newObject().deepCopy());
                case CHANGED -> objects.put(c.id(), fields(objects.get(c.id()), c.fields()));
            }
        }
        return new ArrayList<>(objects.values());
    }

    /** {@code object} with {@code changes} applied (changed in place where it can be). */
    public static JsonNode fields(JsonNode object, List<ObjectDiff.FieldChange> changes) {
        JsonNode root = object;
        for (int i = changes.size() - 1; i >= 0; i--) {
            ObjectDiff.FieldChange c = changes.get(i);
            if (c.newValue() == null) {
                remove(parent(root, c.path()), last(c.path()));
            }
        }
        for (ObjectDiff.FieldChange c : changes) {
            if (c.oldValue() != null && c.newValue() != null) {
                if (c.path().isEmpty()) {
                    root = c.newValue().deepCopy();
                } else {
                    set(parent(root, c.path()), last(c.path()), c.newValue().deepCopy());
                }
            }
        }
        for (ObjectDiff.FieldChange c : changes) {
            if (c.oldValue() == null) {
                add(parent(root, c.path()), last(c.path()), c.newValue().deepCopy());
            }
        }
        return root;
    }

    private static Segment last(List<Segment> path) {
        return path.get(path.size() - 1);
    }

    private static JsonNode parent(JsonNode root, List<Segment> path) {
        JsonNode n = root;
        for (int i = 0; i < path.size() - 1; i++) {
            n = child(n, path.get(i));
        }
        return n;
    }

    private static JsonNode child(JsonNode n, Segment s) {
        if (s instanceof Segment.Field f) {
            return n.get(f.name());
        }
        if (s instanceof Segment.Index i) {
            return n.get(i.index());
        }
        return n.get(indexOf(n, (Segment.Keyed) s));
    }

    private static int indexOf(JsonNode list, Segment.Keyed k) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode key = list.get(i).get(k.key());
            if (key != null && key.asText().equals(k.value())) {
                return i;
            }
        }
        throw new IllegalArgumentException("no element " + k.key() + "=" + k.value());
    }

    private static void remove(JsonNode parent, Segment s) {
        if (s instanceof Segment.Field f) {
            ((ObjectNode) parent).remove(f.name());
        } else if (s instanceof Segment.Index i) {
            ((ArrayNode) parent).remove(i.index());
        } else {
            ((ArrayNode) parent).remove(indexOf(parent, (Segment.Keyed) s));
        }
    }

    private static void set(JsonNode parent, Segment s, JsonNode value) {
        if (s instanceof Segment.Field f) {
            ((ObjectNode) parent).set(f.name(), value);
        } else if (s instanceof Segment.Index i) {
            ((ArrayNode) parent).set(i.index(), value);
        } else {
            ((ArrayNode) parent).set(indexOf(parent, (Segment.Keyed) s), value);
        }
    }

    private static void add(JsonNode parent, Segment s, JsonNode value) {
        if (s instanceof Segment.Field f) {
            ((ObjectNode) parent).set(f.name(), value);
        } else if (s instanceof Segment.Index i) {
            ((ArrayNode) parent).insert(i.index(), value);
        } else {
            ((ArrayNode) parent).insert(((Segment.Keyed) s).position(), value);
        }
    }
}
