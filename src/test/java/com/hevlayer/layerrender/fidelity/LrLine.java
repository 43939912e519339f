package com.hevlayer.layerrender.fidelity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One problem line of layer-render's stderr, {@code FILE:LINE:COL: [warning: ]Kind ns/name: field.path: message},
 * taken apart. Lines that are not problems (the {@code N errors; nothing rendered} summary) are skipped.
 *
 * @param kind  the object's kind ({@code Pipeline}), or "" when the line names no object
 * @param field the dotted field path as printed, or "" when the line names none
 */
record LrLine(String raw, boolean error, String kind, String field, String message) {
    static final String MARKER = "(layer-render rule";

    private static final Pattern POSITION = Pattern.compile("^(.+?):(\\d+):(\\d+): (warning: )?(.*)$");
    private static final Pattern OBJECT = Pattern.compile("^(\\S+) (\\S+): (.*)$");
    private static final Pattern FIELD = Pattern.compile("^([^\\s:]\\S*?): (.*)$");

    static List<LrLine> parse(String stderr) {
        List<LrLine> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            Matcher m = POSITION.matcher(line);
            if (!m.matches()) {
                continue;
            }
            boolean error = m.group(4) == null;
            String rest = m.group(5);
            String kind = "";
            String field = "";
            Matcher o = OBJECT.matcher(rest);
            if (o.matches()
                    && (VendorCrds.KINDS.contains(o.group(1)) || o.group(1).equals("document"))) {
                kind = o.group(1);
                rest = o.group(3);
                Matcher f = FIELD.matcher(rest);
                if (f.matches()) {
                    field = f.group(1);
                    rest = f.group(2);
                }
            }
            out.add(new LrLine(line, error, kind, field, rest));
        }
        return out;
    }

    static List<LrLine> errors(String stderr) {
        return parse(stderr).stream().filter(LrLine::error).toList();
    }

    boolean marked() {
        return message.contains(MARKER);
    }

    String normalField() {
        return Paths.normal(field);
    }

    /** The message with numbers and quoted values blanked, for grouping similar lines. */
    String shape() {
        String s = message.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("-?\\d+", "N");
        return s.length() > 90 ? s.substring(0, 90) + "…" : s;
    }
}
