package com.hevlayer.layerrender.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.diff.ObjectDiff.FieldChange;
import com.hevlayer.layerrender.diff.ObjectDiff.ObjectChange;
import com.hevlayer.layerrender.diff.ObjectDiff.Op;
import java.util.List;

/**
 * A {@link ObjectDiff.Result} as a reviewer reads it: text for a terminal, Markdown for a pull-request
 * comment (a summary table, then each changed object's fields in a collapsible section), or JSON data.
 * Values are written as JSON (strings quoted, every character outside ASCII escaped, so no control or
 * bidirectional character reaches a terminal or a comment).
 */
public final class DiffReport {
    /** GitHub refuses a comment longer than 65,536 characters: the Markdown stops adding details before that. */
    public static final int MARKDOWN_LIMIT = 60_000;

    /** A value in a Markdown table is cut after this many characters (the JSON output has it whole). */
    static final int MARKDOWN_VALUE = 300;

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private DiffReport() {}

    /** A value as compact JSON; {@code (none)} for a field that is not there. */
    public static String value(JsonNode v) {
        if (v == null) {
            return "(none)";
        }
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree always writes
        }
    }

    /** The one-line summary: counts, then the objects whose pods restart and those deleted. */
    public static String summary(ObjectDiff.Result r) {
        if (r.isEmpty()) {
            return "no change: both sides render the same " + r.unchanged() + " object(s)";
        }
        StringBuilder b = new StringBuilder()
                .append(r.count(Op.ADDED))
                .append(" added, ")
                .append(r.count(Op.REMOVED))
                .append(" removed, ")
                .append(r.count(Op.CHANGED))
                .append(" changed, ")
                .append(r.unchanged())
                .append(" unchanged");
        List<String> restarts = restarts(r);
        if (!restarts.isEmpty()) {
            b.append("; restarts pods: ").append(String.join(", ", few(restarts)));
        }
        List<String> deletes = deletes(r);
        if (!deletes.isEmpty()) {
            b.append("; deletes: ").append(String.join(", ", few(deletes)));
        }
        return b.toString();
    }

    /** A summary names this many objects of a kind at most (the JSON has them all; the details below name each). */
    static final int FEW = 10;

    /** The first {@link #FEW} names, and how many more there are. */
    static List<String> few(List<String> names) {
        if (names.size() <= FEW) {
            return names;
        }
        List<String> out = new java.util.ArrayList<>(names.subList(0, FEW));
        out.add("and " + (names.size() - FEW) + " more");
        return out;
    }

    private static List<String> restarts(ObjectDiff.Result r) {
        return r.changes().stream()
                .filter(ObjectChange::restartsPods)
                .map(c -> c.id().display())
                .toList();
    }

    private static List<String> deletes(ObjectDiff.Result r) {
        return r.changes().stream()
                .filter(ObjectChange::deletes)
                .map(c -> c.id().display())
                .toList();
    }

    /** What the object change does, in a few words: "2 fields changed; restarts pods". */
    static String what(ObjectChange c) {
        String what = switch (c.op()) {
            case ADDED -> "added";
            case REMOVED -> "removed: deletes the object";
            case CHANGED ->
                c.fields().size() + (c.fields().size() == 1 ? " field" : " fields") + " changed"
                        + (c.restartsPods() ? "; restarts pods (the pod template changed)" : "");
        };
        return c.note() == null ? what : what + "; " + c.note();
    }

    private static char mark(Op op) {
        return switch (op) {
            case ADDED -> '+';
            case REMOVED -> '-';
            case CHANGED -> '~';
        };
    }

    /**
     * For a terminal: {@code --- OLD} and {@code +++ NEW}, a line per object ({@code +} added, {@code -}
     * removed, {@code ~} changed) with each changed field below it, then the summary.
     */
    public static String text(ObjectDiff.Result r, String oldLabel, String newLabel) {
        StringBuilder b = new StringBuilder();
        b.append("--- ").append(oldLabel).append('\n');
        b.append("+++ ").append(newLabel).append('\n');
        for (ObjectChange c : r.changes()) {
            b.append(mark(c.op()))
                    .append(' ')
                    .append(c.id().display())
                    .append(": ")
                    .append(what(c))
                    .append('\n');
            for (FieldChange f : c.fields()) {
                b.append("    ")
                        .append(f.pathText())
                        .append(": ")
                        .append(value(f.oldValue()))
                        .append(" -> ")
                        .append(value(f.newValue()))
                        .append('\n');
            }
        }
        b.append(summary(r)).append('\n');
        return b.toString();
    }

    /** The same as data: the labels, the summary's counts and lists, and each change (an added object whole). */
    public static ObjectNode json(ObjectDiff.Result r, String oldLabel, String newLabel) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("old", oldLabel);
        root.put("new", newLabel);
        ObjectNode s = root.putObject("summary");
        s.put("added", r.count(Op.ADDED));
        s.put("removed", r.count(Op.REMOVED));
        s.put("changed", r.count(Op.CHANGED));
        s.put("unchanged", r.unchanged());
        restarts(r).forEach(s.putArray("restartsPods")::add);
        deletes(r).forEach(s.putArray("deletes")::add);
        ArrayNode changes = root.putArray("changes");
        for (ObjectChange c : r.changes()) {
            ObjectNode o = changes.addObject();
            o.put("change", c.op().name().toLowerCase(java.util.Locale.ROOT));
            JsonNode object = c.newObject() != null ? c.newObject() : c.oldObject();
            o.set("apiVersion", object.path("apiVersion").deepCopy());
            o.put("kind", c.id().kind());
            if (c.id().namespace() != null) {
                o.put("namespace", c.id().namespace());
            }
            if (c.id().name() != null) {
                o.put("name", c.id().name());
            }
            if (c.op() == Op.CHANGED) {
                o.put("restartsPods", c.restartsPods());
            }
            if (c.deletes()) {
                o.put("deletes", true);
            }
            if (c.note() != null) {
                o.put("note", c.note());
            }
            if (c.op() == Op.ADDED) {
                o.set("object", c.newObject());
            }
            if (c.op() == Op.CHANGED) {
                ArrayNode fields = o.putArray("fields");
                for (FieldChange fc : c.fields()) {
                    ObjectNode x = fields.addObject();
                    x.put("path", fc.pathText());
                    x.put("change", fc.oldValue() == null ? "added" : fc.newValue() == null ? "removed" : "changed");
                    if (fc.oldValue() != null) {
                        x.set("old", fc.oldValue());
                    }
                    if (fc.newValue() != null) {
                        x.set("new", fc.newValue());
                    }
                }
            }
        }
        return root;
    }

    /**
     * For a pull-request comment: a heading, the summary, a table of the objects, then a collapsible
     * {@code <details>} section per changed object with a table of its fields. Every text from the
     * inputs is escaped for HTML and Markdown; past {@link #MARKDOWN_LIMIT} characters the details stop
     * with a line saying how many objects were left out.
     */
    public static String markdown(ObjectDiff.Result r, String oldLabel, String newLabel) {
        StringBuilder b = new StringBuilder();
        b.append("### layer-render diff: <code>")
                .append(md(oldLabel))
                .append("</code> → <code>")
                .append(md(newLabel))
                .append("</code>\n\n");
        if (r.isEmpty()) {
            b.append("No change: both sides render the same ")
                    .append(r.unchanged())
                    .append(" object(s).\n");
            return b.toString();
        }
        b.append("**")
                .append(r.count(Op.ADDED))
                .append(" added, ")
                .append(r.count(Op.REMOVED))
                .append(" removed, ")
                .append(r.count(Op.CHANGED))
                .append(" changed**, ")
                .append(r.unchanged())
                .append(" unchanged.\n");
        List<String> restarts = restarts(r);
        if (!restarts.isEmpty()) {
            b.append("\n**Restarts pods** (the pod template changes): ")
                    .append(codes(few(restarts)))
                    .append("\n");
        }
        List<String> deletes = deletes(r);
        if (!deletes.isEmpty()) {
            b.append("\n**Deletes** from the cluster: ")
                    .append(codes(few(deletes)))
                    .append("\n");
        }
        b.append("\n| | object | change |\n|---|---|---|\n");
        for (ObjectChange c : r.changes()) {
            b.append("| ")
                    .append(c.op() == Op.REMOVED ? "&#8722;" : String.valueOf(mark(c.op())))
                    .append(" | <code>")
                    .append(md(c.id().display()))
                    .append("</code> | ")
                    .append(c.restartsPods() || c.deletes() ? "**" + md(what(c)) + "**" : md(what(c)))
                    .append(" |\n");
        }
        int left = 0;
        for (ObjectChange c : r.changes()) {
            if (c.op() != Op.CHANGED) {
                continue;
            }
            if (b.length() > MARKDOWN_LIMIT) {
                left++;
                continue;
            }
            b.append("\n<details><summary><code>")
                    .append(md(c.id().display()))
                    .append("</code>: ")
                    .append(c.fields().size())
                    .append(c.fields().size() == 1 ? " field" : " fields")
                    .append("</summary>\n\n| field | old | new |\n|---|---|---|\n");
            for (FieldChange f : c.fields()) {
                b.append("| <code>")
                        .append(md(f.pathText()))
                        .append("</code> | ")
                        .append(cell(f.oldValue()))
                        .append(" | ")
                        .append(cell(f.newValue()))
                        .append(" |\n");
            }
            b.append("\n</details>\n");
        }
        if (left > 0) {
            b.append("\nThe fields of ")
                    .append(left)
                    .append(" more changed object(s) are left out (a pull-request comment holds 65,536 characters);"
                            + " run <code>layer-render diff</code> to see them all.\n");
        }
        return b.toString();
    }

    private static String codes(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(n.matches("and \\d+ more") ? n : "<code>" + md(n) + "</code>");
        }
        return b.toString();
    }

    private static String cell(JsonNode v) {
        if (v == null) {
            return "(none)";
        }
        String s = value(v);
        if (s.length() > MARKDOWN_VALUE) {
            s = s.substring(0, MARKDOWN_VALUE) + "…";
        }
        return "<code>" + md(s) + "</code>";
    }

    /**
     * Text safe in Markdown and HTML, in a table cell too: every character that means something to either
     * (and a line break, which would end the table row; {@code :} and {@code @}, which would make a link or
     * mention someone; a format character such as a bidirectional control, which would reorder the text) as a
     * character reference.
     */
    static String md(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("&<>\"'|\\`*_[]~:@".indexOf(c) >= 0
                    || c < 0x20
                    || c == 0x7f
                    || Character.getType(c) == Character.FORMAT) {
                b.append("&#").append((int) c).append(';');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
