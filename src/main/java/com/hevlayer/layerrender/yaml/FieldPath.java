package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** Turns JSON pointers into the dotted field paths users read: {@code spec.containers[1].image}. */
public final class FieldPath {
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9._/-]+");

    private FieldPath() {}

    /** The dotted path of {@code pointer} inside {@code root} (array indices in brackets). */
    public static String of(JsonNode root, String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        JsonNode node = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String seg = Pointer.unescape(raw);
            if (node != null && node.isArray()) {
                b.append('[').append(seg).append(']');
                node = node.path(parseIndex(seg));
            } else {
                appendKey(b, seg);
                node = node == null ? null : node.get(seg);
            }
        }
        return b.toString();
    }

    /** Appends {@code key} to a dotted path, quoting keys such as {@code layer.hev.dev/compute}. */
    public static void appendKey(StringBuilder b, String key) {
        if (SIMPLE.matcher(key).matches()) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(key);
        } else {
            // only the quotes: a message's control characters are escaped where it is printed (Problem)
            b.append("[\"").append(key.replace("\"", "\\\"")).append("\"]");
        }
    }

    /**
     * Appends a list item named by its merge key, {@code [name=worker]} (kustomize's field-path form), the value
     * quoted unless it is a plain word: the one notation of errors, {@code explain} and {@code diff}.
     */
    public static void appendKeyed(StringBuilder b, String key, String value) {
        b.append('[')
                .append(key)
                .append('=')
                .append(PLAIN_VALUE.matcher(value).matches() ? value : quoted(value))
                .append(']');
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    public static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    public static String child(String parent, String key) {
        StringBuilder b = new StringBuilder(parent);
        appendKey(b, key);
        return b.toString();
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
