package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Numbers that remember how they were written (issue 12: {@code sourceRef} is handed to the worker
 * verbatim, but {@code 1e400} became the string "Infinity" and long decimals lost digits when every
 * fraction was read as a Java double).
 *
 * <ul>
 *   <li>A fraction or exponent written in JSON's number syntax is a {@link Written} decimal: its
 *       value is the exact BigDecimal, and it prints as written ({@code 1e400},
 *       {@code 0.1000000000000000000001}, {@code 1.50}).</li>
 *   <li>A number in a form only YAML 1.1 has ({@code 0x1F}, {@code 0o17}, {@code 010},
 *       {@code 0b101}, {@code 1_000}, {@code +5}, {@code .5}, {@code 1.}, {@code .inf},
 *       {@code .nan}) keeps its usual value everywhere (Kubernetes reads them so) and is marked
 *       {@link Yaml11Form}: there is no JSON text for it that is "as written", so a
 *       {@code sourceRef} holding one is refused with a hint (engine/Rules).</li>
 *   <li>Integers in JSON syntax already print as written (int, long or BigInteger, every digit).</li>
 * </ul>
 */
public final class YamlNumbers {
    /** JSON's number syntax (RFC 8259 §6). */
    static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private YamlNumbers() {}

    /** A number written in a form JSON does not have (or too large to keep exactly). */
    public interface Yaml11Form {
        /** The number as the YAML file wrote it. */
        String written();

        /** Why it cannot be handed on as written. */
        default String why() {
            return "a YAML 1.1 number with no JSON form";
        }
    }

    /** Exponents beyond this are not kept exactly: BigDecimal arithmetic on 1e999999999 would not end. */
    static final int MAX_EXPONENT = 1000;

    /** A decimal written in JSON syntax: the exact value, printed as written. */
    public static final class Written extends DecimalNode {
        private static final long serialVersionUID = 1L;
        private final String written;

        Written(String written) {
            super(new BigDecimal(written));
            this.written = written;
        }

        /** The number as the file wrote it: valid JSON number text. */
        public String written() {
            return written;
        }

        @Override
        public String asText() {
            return written;
        }
    }

    static final class Int11 extends IntNode implements Yaml11Form {
        private static final long serialVersionUID = 1L;
        private final String written;

        Int11(int v, String written) {
            super(v);
            this.written = written;
        }

        @Override
        public String written() {
            return written;
        }
    }

    static final class Long11 extends LongNode implements Yaml11Form {
        private static final long serialVersionUID = 1L;
        private final String written;

        Long11(long v, String written) {
            super(v);
            this.written = written;
        }

        @Override
        public String written() {
            return written;
        }
    }

    static final class Big11 extends BigIntegerNode implements Yaml11Form {
        private static final long serialVersionUID = 1L;
        private final String written;

        Big11(BigInteger v, String written) {
            super(v);
            this.written = written;
        }

        @Override
        public String written() {
            return written;
        }
    }

    static final class Double11 extends DoubleNode implements Yaml11Form {
        private static final long serialVersionUID = 1L;
        private final String written;
        private final String why;

        Double11(double v, String written, String why) {
            super(v);
            this.written = written;
            this.why = why;
        }

        @Override
        public String written() {
            return written;
        }

        @Override
        public String why() {
            return why;
        }
    }

    /** {@code value} (an integer node) marked with how it was written, unless that was JSON syntax. */
    static JsonNode integer(JsonNode value, String written) {
        if (JSON_NUMBER.matcher(written).matches()) {
            return value;
        }
        if (value.isInt()) {
            return new Int11(value.intValue(), written);
        }
        if (value.isLong()) {
            return new Long11(value.longValue(), written);
        }
        return new Big11(value.bigIntegerValue(), written);
    }

    /** A fraction: exact and printed as written in JSON syntax, else a double marked as a YAML 1.1 form. */
    static JsonNode fraction(String written) {
        double d = Double.parseDouble(written.replace("_", ""));
        if (!JSON_NUMBER.matcher(written).matches()) {
            return new Double11(d, written, "a YAML 1.1 number with no JSON form");
        }
        int e = Math.max(written.indexOf('e'), written.indexOf('E'));
        if (e >= 0
                && (written.length() - e > 6
                        || Math.abs(Integer.parseInt(written.substring(e + 1).replace("+", ""))) > MAX_EXPONENT)) {
            return new Double11(
                    d,
                    written,
                    "a number whose exponent is beyond +-" + MAX_EXPONENT
                            + " (a safety limit: layer-render keeps numbers exactly up to there)");
        }
        return new Written(written);
    }

    static JsonNode special(double v, String written) {
        return new Double11(v, written, "a YAML 1.1 number with no JSON form");
    }
}
