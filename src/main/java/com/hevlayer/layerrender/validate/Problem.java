package com.hevlayer.layerrender.validate;

import com.hevlayer.layerrender.yaml.Position;

/**
 * One thing wrong (or worth a warning) in the input, in the form
 * {@code FILE:LINE:COL: Kind namespace/name: field.path: what is wrong (what would be right)}.
 *
 * @param object the document, e.g. {@code Pipeline layer/product-images}; null when unknown
 * @param field  the dotted field path, e.g. {@code spec.scaling.replicas.max}; null for the document
 */
public record Problem(Severity severity, Position position, String object, String field, String message)
        implements Comparable<Problem> {

    public enum Severity { ERROR, WARNING }

    public static Problem error(Position position, String object, String field, String message) {
        return new Problem(Severity.ERROR, position, object, field, message);
    }

    public static Problem warning(Position position, String object, String field, String message) {
        return new Problem(Severity.WARNING, position, object, field, message);
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
        return b.append(message).toString();
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
