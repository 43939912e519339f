package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a plain (unquoted) scalar is read: the way Kubernetes reads it. kubectl and the API
 * machinery read YAML with go-yaml's YAML 1.1 rules, so {@code yes}, {@code on}, {@code y} are
 * booleans there; layer-render reads them the same way, and quotes such strings when it writes.
 */
public final class Yaml11Scalars {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> TRUE =
            Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
    private static final Set<String> FALSE =
            Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
    private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
    /** The longest of the words above ({@code false}): a longer string is none of them, unlooked-up. */
    private static final int MAX_WORD = 5;

    private static final Pattern DEC = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
    private static final Pattern HEX = Pattern.compile("[-+]?0x[0-9a-fA-F_]+");
    private static final Pattern OCT = Pattern.compile("[-+]?0o?[0-7_]+");
    private static final Pattern BIN = Pattern.compile("[-+]?0b[01_]+");
    private static final Pattern FLOAT =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INF = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");
    private static final Pattern SEXAGESIMAL = Pattern.compile("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \\t].*)?");

    private Yaml11Scalars() {}

    /**
     * The longest number read, in characters: parsing a decimal number costs time quadratic in its
     * digits (java.math; measured in docs/hostile-input-parsing.md), so a longer number is refused.
     */
    public static final int MAX_NUMBER_CHARS = 100;

    /** True when {@code v}, a plain scalar, would be read as a number (checked without parsing it). */
    public static boolean looksNumeric(String v) {
        if (v.isEmpty()) {
            return false;
        }
        char c = v.charAt(0);
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
            return false;
        }
        return DEC.matcher(v).matches()
                || HEX.matcher(v).matches()
                || BIN.matcher(v).matches()
                || OCT.matcher(v).matches()
                || (FLOAT.matcher(v).matches() && !v.equals(".") && !v.equals("-.") && !v.equals("+."));
    }

    /** The value of a plain scalar. */
    public static JsonNode resolvePlain(String v) {
        if (v.length() <= MAX_WORD) {
            if (NULL.contains(v)) {
                return F.nullNode();
            }
            if (TRUE.contains(v)) {
                return F.booleanNode(true);
            }
            if (FALSE.contains(v)) {
                return F.booleanNode(false);
            }
        }
        char c = v.charAt(0);
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
            return F.textNode(v);
        }
        if (DEC.matcher(v).matches()) {
            return YamlNumbers.integer(integer(v.replace("_", ""), 10), v);
        }
        if (HEX.matcher(v).matches()) {
            return YamlNumbers.integer(integer(v.replace("_", "").replaceFirst("0x", ""), 16), v);
        }
        if (BIN.matcher(v).matches()) {
            return YamlNumbers.integer(integer(v.replace("_", "").replaceFirst("0b", ""), 2), v);
        }
        if (OCT.matcher(v).matches()) {
            return YamlNumbers.integer(integer(v.replace("_", "").replaceFirst("0o?", ""), 8), v);
        }
        if (FLOAT.matcher(v).matches() && !v.equals(".") && !v.equals("-.") && !v.equals("+.")) {
            return YamlNumbers.fraction(v);
        }
        if (INF.matcher(v).matches()) {
            return YamlNumbers.special(v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, v);
        }
        if (NAN.matcher(v).matches()) {
            return YamlNumbers.special(Double.NaN, v);
        }
        return F.textNode(v);
    }

    /** True when a string written plain would be read back as something other than that string. */
    public static boolean needsQuotes(String v) {
        if (v.isEmpty()) {
            return true;
        }
        char c = v.charAt(0);
        boolean numeric = c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9');
        if (!numeric) {
            // only the null/bool words can read as non-strings without a numeric start
            return v.length() <= MAX_WORD
                    && (NULL.contains(v) || TRUE.contains(v) || FALSE.contains(v) || v.equals("=") || v.equals("<<"));
        }
        if (!resolvePlain(v).isTextual()) {
            return true;
        }
        // forms other YAML 1.1 readers treat specially
        return SEXAGESIMAL.matcher(v).matches() || TIMESTAMP.matcher(v).matches();
    }

    private static JsonNode integer(String digits, int radix) {
        boolean negative = digits.startsWith("-");
        String d = digits.startsWith("-") || digits.startsWith("+") ? digits.substring(1) : digits;
        BigInteger b = new BigInteger(d.isEmpty() ? "0" : d, radix);
        if (negative) {
            b = b.negate();
        }
        if (b.bitLength() < 32) {
            return F.numberNode(b.intValue());
        }
        if (b.bitLength() < 64) {
            return F.numberNode(b.longValue());
        }
        return F.numberNode(b);
    }
}
