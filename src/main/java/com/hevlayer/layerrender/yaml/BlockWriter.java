package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A YAML block-style writer for the documents layer-render renders: a non-empty mapping whose keys and scalars
 * are printable ASCII, keys shorter than {@link #MAX_SIMPLE_KEY}. For those it writes the bytes snakeyaml-engine's
 * emitter writes with {@link YamlWriter}'s settings (indent 2, sequences in a mapping not indented, empty
 * collections as {@code {}} and {@code []}, no line folding) and chooses each scalar's style by the same rules:
 * double-quoted when {@link YamlWriter#doubleQuoted}, else plain when the emitter's analysis allows a block plain
 * scalar, else single-quoted. It refuses (returns false, having written only to the buffer it was given)
 * any other document, which {@link YamlWriter} then hands to the emitter. It is an emitter of its own, not text
 * put together: every scalar is written in a style that reads back as that scalar.
 */
final class BlockWriter {
    /** The emitter writes a longer (or empty) key as an explicit {@code ? key}; this writer leaves those to it. */
    static final int MAX_SIMPLE_KEY = 128;

    private BlockWriter() {}

    /** Writes {@code doc} as one document of a stream ({@code ---} first); false when it is not one of its documents. */
    static boolean document(JsonNode doc, StringBuilder out) {
        if (!doc.isObject() || doc.isEmpty()) {
            return false;
        }
        int start = out.length();
        out.append("---\n");
        if (!mapping(doc, 0, false, out)) {
            out.setLength(start);
            return false;
        }
        return true;
    }

    /** A non-empty mapping at {@code indent}; its first key on the current line when {@code inline} (after "- "). */
    private static boolean mapping(JsonNode m, int indent, boolean inline, StringBuilder out) {
        Iterator<Map.Entry<String, JsonNode>> it = m.fields();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!(first && inline)) {
                spaces(indent, out);
            }
            first = false;
            String key = e.getKey();
            if (key.isEmpty() || key.length() >= MAX_SIMPLE_KEY || !scalar(key, quoted(key), out)) {
                return false;
            }
            out.append(':');
            JsonNode v = e.getValue();
            if (v.isObject() && !v.isEmpty()) {
                out.append('\n');
                if (!mapping(v, indent + 2, false, out)) {
                    return false;
                }
            } else if (v.isArray() && !v.isEmpty()) {
                out.append('\n');
                if (!sequence(v, indent, false, out)) { // a sequence in a mapping is not indented
                    return false;
                }
            } else {
                out.append(' ');
                if (!value(v, out)) {
                    return false;
                }
                out.append('\n');
            }
        }
        return true;
    }

    /** A non-empty sequence whose dashes stand at {@code indent}; the first on the current line when {@code inline}. */
    private static boolean sequence(JsonNode s, int indent, boolean inline, StringBuilder out) {
        boolean first = true;
        for (JsonNode item : s) {
            if (!(first && inline)) {
                spaces(indent, out);
            }
            first = false;
            out.append("- ");
            if (item.isObject() && !item.isEmpty()) {
                if (!mapping(item, indent + 2, true, out)) {
                    return false;
                }
            } else if (item.isArray() && !item.isEmpty()) {
                if (!sequence(item, indent + 2, true, out)) {
                    return false;
                }
            } else {
                if (!value(item, out)) {
                    return false;
                }
                out.append('\n');
            }
        }
        return true;
    }

    /** A scalar or an empty collection, after "key: " or "- ". */
    private static boolean value(JsonNode n, StringBuilder out) {
        if (n.isObject()) {
            out.append("{}");
            return true;
        }
        if (n.isArray()) {
            out.append("[]");
            return true;
        }
        if (n.isTextual()) {
            String s = n.textValue();
            return scalar(s, quoted(s), out);
        }
        return scalar(n.isNull() || n.isMissingNode() ? "null" : n.asText(), false, out);
    }

    /**
     * {@link YamlWriter#doubleQuoted} for the strings this writer takes: a line break is never printable ASCII, so
     * a string with one is refused by {@link #scalar} whatever its style, and only what a YAML 1.1 reader would
     * misread is left to ask.
     */
    private static boolean quoted(String s) {
        return Yaml11Scalars.needsQuotes(s);
    }

    /**
     * One scalar of printable ASCII: double-quoted when asked; else plain when the emitter would allow it in a block,
     * else single-quoted (which the emitter allows for every printable ASCII string). False for any other char.
     * One pass over the chars says both; a string with nothing to escape is then appended whole.
     */
    private static boolean scalar(String s, boolean quoted, StringBuilder out) {
        int n = s.length();
        boolean doubleEscapes = false; // a '"' or '\\', escaped in double quotes
        boolean singleEscapes = false; // a '\'', doubled in single quotes
        boolean notPlain =
                false; // past its first char: ": " or "#" after a space (the plain rule's middle: see plainStart)
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
            if (c == '"' || c == '\\') {
                doubleEscapes = true;
            } else if (c == '\'') {
                singleEscapes = true;
            } else if ((c == ' ' && prev == ':' && i >= 2) || (c == '#' && prev == ' ')) {
                notPlain = true;
            }
            prev = c;
        }
        notPlain |= n >= 2 && prev == ':'; // a ':' that ends it
        if (quoted) {
            out.append('"');
            if (!doubleEscapes) {
                out.append(s);
            } else {
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    if (c == '"' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
            out.append('"');
        } else if (!notPlain && plainStart(s)) { // the plain rule: its middle checked above
            out.append(s);
        } else {
            out.append('\'');
            if (!singleEscapes) {
                out.append(s);
            } else {
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    if (c == '\'') {
                        out.append('\'');
                    }
                    out.append(c);
                }
            }
            out.append('\'');
        }
        return true;
    }

    /**
     * Whether the emitter's analysis allows {@code s} (non-empty, printable ASCII) as a plain scalar in block
     * context, on its ends: no leading or trailing space, no document marker at its start, no indicator at its
     * start ({@code # , [ ] { } & * ! | > ' " % @ `}, or {@code ? : -} followed by a space or the end). The
     * rest of the rule, past its first char no {@code :} followed by a space or the end and no {@code #} after a
     * space, is checked in {@link #scalar}'s one pass over the chars.
     */
    private static boolean plainStart(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) == ' ' || s.charAt(n - 1) == ' ' || s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        char c0 = s.charAt(0);
        boolean spaceAfter0 = n == 1 || s.charAt(1) == ' ';
        return !("#,[]{}&*!|>'\"%@`".indexOf(c0) >= 0 || ((c0 == '?' || c0 == ':' || c0 == '-') && spaceAfter0));
    }

    private static void spaces(int n, StringBuilder out) {
        for (int i = 0; i < n; i++) {
            out.append(' ');
        }
    }
}
