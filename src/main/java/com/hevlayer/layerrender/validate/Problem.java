package com.hevlayer.layerrender.validate;

import com.hevlayer.layerrender.yaml.Position;

/**
 * One thing wrong (or worth a warning) in the input, in the form
 * {@code FILE:LINE:COL: Kind namespace/name: field.path: what is wrong (what would be right)}.
 * Front ends decide from {@link #code} and {@link #ref}, never from the wording: the reconciler's
 * Ready reason, a KRM result's fields, the CLI's exit status.
 *
 * @param code   what kind of problem this is; stable across releases
 * @param object the document, e.g. {@code Pipeline layer/product-images}; null when unknown
 * @param field  the dotted field path, e.g. {@code spec.scaling.replicas.max}; null for the document
 * @param ref    the object the problem is about; null when the input names none
 */
public record Problem(
        Severity severity, Code code, Position position, String object, String field, String message, ObjectRef ref)
        implements Comparable<Problem> {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(Code code, Position position, ObjectRef ref, String field, String message) {
        return new Problem(Severity.ERROR, code, position, ref == null ? null : ref.label(), field, message, ref);
    }

    public static Problem warning(Code code, Position position, ObjectRef ref, String field, String message) {
        return new Problem(Severity.WARNING, code, position, ref == null ? null : ref.label(), field, message, ref);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The line a user reads. */
    public String format() {
        return format(position.toString());
    }

    /** The line a user reads, with {@code where} in place of the position (a front end's own name for the place). */
    public String format(String where) {
        StringBuilder b = new StringBuilder();
        b.append(where).append(": ");
        if (severity == Severity.WARNING) {
            b.append("warning: ");
        }
        if (object != null) {
            b.append(object).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            b.append(field).append(": ");
        }
        return escaped(b.append(message).toString());
    }

    /**
     * The line with every character that could break or disguise it written as an escape: control
     * characters (a newline would start a forged {@code FILE:LINE:COL} line, ANSI escapes would recolour
     * or erase the terminal), line and paragraph separators, and the bidirectional controls that make
     * text display in another order than it is read. File names, field names and quoted values all come
     * from the input, so the whole line is escaped.
     */
    public static String escaped(String line) {
        StringBuilder out = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            String esc = escape(c);
            if (esc == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(line.length() + 16).append(line, 0, i);
            }
            out.append(esc);
        }
        return out == null ? line : out.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
                boolean separator = c == 0x2028 || c == 0x2029;
                boolean bidi = c == 0x061c
                        || c == 0x200e
                        || c == 0x200f
                        || c >= 0x202a && c <= 0x202e
                        || c >= 0x2066 && c <= 0x2069;
                return control || separator || bidi ? String.format("\\u%04x", (int) c) : null;
        }
    }

    @Override
    public int compareTo(Problem o) {
        int c = position.file().compareTo(o.position.file());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(position.line(), o.position.line());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(position.column(), o.position.column());
        return c != 0 ? c : format().compareTo(o.format());
    }
}
