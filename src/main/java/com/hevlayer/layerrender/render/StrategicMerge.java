package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.yaml.Pointer;
import java.util.Iterator;
import java.util.Map;

/**
 * The Kubernetes strategic merge patch, as far as a pod spec patch needs it (SPEC §3.4).
 *
 * <p>Maps merge key by key; a {@code null} value removes a key. Lists named in {@link #MERGE_KEYS}
 * merge item by item on their merge key (an item the original lacks is appended, an item with
 * {@code $patch: delete} removes its match); every other list, and every scalar, replaces.
 * {@code $patch: replace} on a map replaces it whole. Pure; the inputs are not modified.
 */
public final class StrategicMerge {
    /** The lists that merge, with their Kubernetes merge key. */
    public static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "imagePullSecrets", "name",
            "volumeMounts", "mountPath",
            "ports", "containerPort");

    private StrategicMerge() {}

    /** A patch that cannot be applied: where (JSON pointer inside the patch) and why. */
    public static final class PatchException extends Exception {
        public final String pointer;

        PatchException(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }
    }

    /** {@code original} with {@code patch} applied. */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch) throws PatchException {
        JsonNode result = mergeObject(original.deepCopy(), patch, "");
        return (ObjectNode) result;
    }

    private static JsonNode mergeObject(ObjectNode target, ObjectNode patch, String pointer) throws PatchException {
        JsonNode directive = patch.get("$patch");
        if (directive != null) {
            String d = directive.asText();
            if (d.equals("replace")) {
                return strip(patch, pointer);
            }
            if (d.equals("delete")) {
                return null;
            }
            throw new PatchException(
                    pointer + "/$patch", "unknown directive $patch: " + directive + " (use replace or delete)");
        }
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode pv = e.getValue();
            String childPointer = Pointer.child(pointer, key);
            if (key.startsWith("$")) {
                throw new PatchException(
                        childPointer,
                        "unsupported patch directive " + key
                                + " (layer-render supports $patch: replace and $patch: delete)");
            }
            JsonNode tv = target.get(key);
            if (pv.isNull()) {
                target.remove(key);
            } else if (pv.isObject() && tv != null && tv.isObject()) {
                JsonNode merged = mergeObject((ObjectNode) tv, (ObjectNode) pv, childPointer);
                if (merged == null) {
                    target.remove(key);
                } else {
                    target.set(key, merged);
                }
            } else if (pv.isArray() && tv != null && tv.isArray() && MERGE_KEYS.containsKey(key)) {
                target.set(key, mergeList((ArrayNode) tv, (ArrayNode) pv, MERGE_KEYS.get(key), childPointer));
            } else {
                JsonNode stripped = strip(pv, childPointer);
                if (stripped == null) {
                    target.remove(key);
                } else {
                    target.set(key, stripped);
                }
            }
        }
        return target;
    }

    private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String mergeKey, String pointer)
            throws PatchException {
        ArrayNode result = target.deepCopy();
        for (int i = 0; i < patch.size(); i++) {
            JsonNode item = patch.get(i);
            String itemPointer = pointer + "/" + i;
            if (!item.isObject() || !item.has(mergeKey)) {
                throw new PatchException(
                        itemPointer,
                        "each item needs its merge key \"" + mergeKey + "\" (this list merges item by item on "
                                + mergeKey + ")");
            }
            JsonNode keyValue = item.get(mergeKey);
            int match = -1;
            for (int j = 0; j < result.size(); j++) {
                if (keyValue.equals(result.get(j).get(mergeKey))) {
                    match = j;
                    break;
                }
            }
            boolean delete = "delete".equals(item.path("$patch").asText(null));
            if (delete) {
                if (match >= 0) {
                    result.remove(match);
                }
            } else if (match >= 0) {
                JsonNode merged = mergeObject((ObjectNode) result.get(match), (ObjectNode) item, itemPointer);
                if (merged == null) {
                    result.remove(match);
                } else {
                    result.set(match, merged);
                }
            } else {
                JsonNode stripped = strip(item, itemPointer);
                if (stripped != null) {
                    result.add(stripped);
                }
            }
        }
        return result;
    }

    /**
     * Where in {@code patch} a node of the merged result came from: the pointer inside the patch
     * of the deepest node on {@code resultPointer}'s path that the patch wrote (list items found
     * by their merge key). Used to point a user at their own text.
     */
    public static String locate(JsonNode result, JsonNode patch, String resultPointer) {
        if (resultPointer.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        JsonNode r = result;
        JsonNode p = patch;
        String parentKey = null;
        for (String raw : resultPointer.substring(1).split("/", -1)) {
            String seg = Pointer.unescape(raw);
            if (r != null && r.isArray()) {
                int idx;
                try {
                    idx = Integer.parseInt(seg);
                } catch (NumberFormatException e) {
                    return out.toString();
                }
                JsonNode item = r.get(idx);
                String mergeKey = parentKey == null ? null : MERGE_KEYS.get(parentKey);
                int j = -1;
                if (p != null && p.isArray() && item != null) {
                    if (mergeKey != null && item.has(mergeKey)) {
                        for (int k = 0; k < p.size(); k++) {
                            if (item.get(mergeKey).equals(p.get(k).get(mergeKey))) {
                                j = k;
                            }
                        }
                    } else if (idx < p.size()) {
                        j = idx;
                    }
                }
                if (j < 0) {
                    return out.toString();
                }
                out.append('/').append(j);
                r = item;
                p = p.get(j);
            } else {
                if (p == null || !p.isObject() || !p.has(seg)) {
                    return out.toString();
                }
                out.append('/').append(raw);
                r = r == null ? null : r.get(seg);
                p = p.get(seg);
                parentKey = seg;
            }
        }
        return out.toString();
    }

    /** A patch value with its directives resolved, for places where there is nothing to merge with. */
    private static JsonNode strip(JsonNode v, String pointer) throws PatchException {
        if (v.isObject()) {
            ObjectNode copy = ((ObjectNode) v).deepCopy();
            JsonNode d = copy.remove("$patch");
            if (d != null && d.asText().equals("delete")) {
                return null;
            }
            if (d != null && !d.asText().equals("replace")) {
                throw new PatchException(
                        pointer + "/$patch", "unknown directive $patch: " + d + " (use replace or delete)");
            }
            Iterator<Map.Entry<String, JsonNode>> it = copy.fields();
            ObjectNode out = copy.objectNode();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    continue;
                }
                JsonNode s = strip(e.getValue(), pointer + "/" + e.getKey());
                if (s != null) {
                    out.set(e.getKey(), s);
                }
            }
            return out;
        }
        if (v.isArray()) {
            ArrayNode out = ((ArrayNode) v).arrayNode();
            for (int i = 0; i < v.size(); i++) {
                JsonNode s = strip(v.get(i), pointer + "/" + i);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        return v;
    }
}
