package com.hevlayer.layerrender.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Dotted field paths as layer-render prints them ({@code spec.computePools[0].nodeSelector["a/b"]}),
 * written from a JSON pointer, and their normal form for the lists in docs/fidelity.md (indices
 * become {@code []}). Written here rather than borrowed from src/main so that the test's reading of a
 * path does not depend on the code under test.
 */
final class Paths {
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+\\]");

    private Paths() {}

    /** The dotted path of {@code pointer} within {@code root}; list indices as {@code [i]}. */
    static String dotted(JsonNode root, String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        JsonNode node = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String seg = raw.replace("~1", "/").replace("~0", "~");
            if (node != null && node.isArray()) {
                b.append('[').append(seg).append(']');
                node = node.get(Integer.parseInt(seg));
            } else {
                key(b, seg);
                node = node == null ? null : node.get(seg);
            }
        }
        return b.toString();
    }

    static String child(String parent, String key) {
        StringBuilder b = new StringBuilder(parent);
        key(b, key);
        return b.toString();
    }

    static void key(StringBuilder b, String key) {
        if (SIMPLE.matcher(key).matches()) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(key);
        } else {
            b.append("[\"").append(key.replace("\"", "\\\"")).append("\"]");
        }
    }

    /** {@code spec.computePools[3].name} becomes {@code spec.computePools[].name}. */
    static String normal(String path) {
        return path == null ? "" : INDEX.matcher(path).replaceAll("[]");
    }

    /** Whether a listed field covers {@code path}: the same field or one below it. */
    static boolean covers(String listed, String path) {
        return path.equals(listed) || path.startsWith(listed + ".") || path.startsWith(listed + "[");
    }

    static String pointerChild(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }
}
