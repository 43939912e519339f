package com.hevlayer.layerrender.diff;

import com.hevlayer.layerrender.yaml.FieldPath;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One step of a field path: a map key ({@code .image}), a list index ({@code [0]}) or a list element
 * named by its key ({@code [name=worker]}).
 */
public sealed interface Segment {
    /** A map key. */
    record Field(String name) implements Segment {}

    /** A list element by position (a list whose elements have no unique {@code name}). */
    record Index(int index) implements Segment {}

    /**
     * A list element by the value of its {@code key} field ({@code name}); {@code position} is its index
     * in the new list (in the old one when it was removed): what {@link Apply} needs to put an added
     * element where it was, not part of the path as printed.
     */
    record Keyed(String key, String value, int position) implements Segment {}

    Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /**
     * The path as a kubectl user reads it: {@code spec.template.spec.containers[name=worker].image};
     * a key that is not a plain word is bracketed and quoted ({@code metadata.labels["app.kubernetes.io/name"]}),
     * as is a list key's value that is not a plain word ({@link FieldPath#appendKeyed}, as {@code explain}
     * writes it too; a key is quoted fully escaped, control characters included, as the diff prints it raw); an empty path is {@code (the whole object)}.
     */
    static String format(List<Segment> path) {
        if (path.isEmpty()) {
            return "(the whole object)";
        }
        StringBuilder b = new StringBuilder();
        for (Segment s : path) {
            if (s instanceof Field f) {
                if (PLAIN.matcher(f.name()).matches()) {
                    if (!b.isEmpty()) {
                        b.append('.');
                    }
                    b.append(f.name());
                } else {
                    b.append('[').append(FieldPath.quoted(f.name())).append(']');
                }
            } else if (s instanceof Index i) {
                b.append('[').append(i.index()).append(']');
            } else if (s instanceof Keyed k) {
                FieldPath.appendKeyed(b, k.key(), k.value());
            }
        }
        return b.toString();
    }
}
