package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 (hostile repositories), as a user meets it: bad bytes are invalid input (exit 1) with a
 * position, numbers in sourceRef reach HEVLAYER_SOURCE_REF as written, and no object larger than
 * the API server stores is printed.
 */
class HostileInputCliTest {
    static final String HEAD =
            "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: web, namespace: layer}\n"
                    + "spec:\n  target: {namespace: t}\n  worker: {image: img}\n  scaling: {mode: fixed, replicas: {min: 1, max: 1}}\n";

    static InProcess.Result run(byte[] stdin, String... args) {
        InProcess.Result r = InProcess.run(stdin, Map.of(), args);
        assertFalse(r.err().contains("\tat "), "stack trace:\n" + r.err());
        return r;
    }

    static String sourceRef(String out) throws Exception {
        JsonNode list = new ObjectMapper().readTree(out);
        for (JsonNode e : list.at("/items/0/spec/template/spec/containers/0/env")) {
            if (e.get("name").asText().equals("HEVLAYER_SOURCE_REF")) {
                return e.get("value").asText();
            }
        }
        throw new AssertionError("no HEVLAYER_SOURCE_REF in " + out);
    }

    /** Finding: a non-UTF-8 file exited 2 (usage) without a position. */
    @Test
    void aFileThatIsNotUtf8IsInvalidInputWithItsPosition(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        byte[] head = HEAD.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 8];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy("x: \u00e9".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, head.length, 4);
        System.arraycopy("\n\n\n\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, head.length + 4, 4);
        Files.write(f, bytes);
        InProcess.Result r = run(new byte[0], "render", f.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(
                r.err()
                        .startsWith(
                                f + ":8:4: not valid UTF-8 text (byte 0xE9 at byte offset " + (head.length + 3) + ")"),
                r.err());
        InProcess.Result stdin = run(bytes, "validate", "-");
        assertEquals(1, stdin.code(), stdin.err());
        assertTrue(stdin.err().startsWith("-:8:4: not valid UTF-8"), stdin.err());
    }

    /** Finding: a UTF-16 file exited 2. With its byte order mark it reads, as kubectl reads it; without, exit 1 with a hint. */
    @Test
    void utf16IsReadAfterItsByteOrderMarkAndRefusedWithoutOne() {
        byte[] le = HEAD.getBytes(StandardCharsets.UTF_16LE);
        byte[] marked = new byte[le.length + 2];
        marked[0] = (byte) 0xFF;
        marked[1] = (byte) 0xFE;
        System.arraycopy(le, 0, marked, 2, le.length);
        InProcess.Result ok = run(marked, "render", "-");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("name: web-worker"), ok.out());
        InProcess.Result bare = run(le, "render", "-");
        assertEquals(1, bare.code(), bare.err());
        assertTrue(
                bare.err()
                        .startsWith("-:1:2: invalid YAML: the control character U+0000 (NUL) is not allowed in YAML"
                                + " (the file looks like UTF-16 without a byte order mark: save it as UTF-8)"),
                bare.err());
    }

    /** Finding: NUL and control characters were reported at 1:1. */
    @Test
    void aControlCharacterIsReportedAtItsPosition() {
        InProcess.Result r =
                run((HEAD + "  sourceRef: {a: \"x\u0001\"}\n").getBytes(StandardCharsets.UTF_8), "render", "-");
        assertEquals(1, r.code(), r.err());
        assertTrue(
                r.err().startsWith("-:8:20: invalid YAML: the control character U+0001 is not allowed in YAML"),
                r.err());
    }

    /** Finding: 1e400 became "Infinity" and long decimals lost digits in HEVLAYER_SOURCE_REF. */
    @Test
    void sourceRefNumbersReachTheWorkerAsWritten() throws Exception {
        String numbers = "{\"big\":1e400,\"long\":0.1000000000000000000001,\"int\":123456789012345678901234567890,"
                + "\"list\":[1.50,-0.0,1E-7,2.5e+3,-7,0,9223372036854775808],\"nested\":{\"z\":1,\"A\":0.30000000000000004}}";
        InProcess.Result yaml = run(
                (HEAD + "  sourceRef: " + numbers + "\n").getBytes(StandardCharsets.UTF_8),
                "render",
                "-o",
                "json",
                "-");
        assertEquals(0, yaml.code(), yaml.err());
        String sorted =
                "{\"big\":1e400,\"int\":123456789012345678901234567890,\"list\":[1.50,-0.0,1E-7,2.5e+3,-7,0,9223372036854775808],"
                        + "\"long\":0.1000000000000000000001,\"nested\":{\"A\":0.30000000000000004,\"z\":1}}";
        assertEquals(
                sorted, sourceRef(yaml.out()), "keys sorted as the API server sorts them, every number as written");
        String json =
                "{\"apiVersion\":\"hevlayer.com/v1alpha1\",\"kind\":\"Pipeline\",\"metadata\":{\"name\":\"web\",\"namespace\":\"layer\"},"
                        + "\"spec\":{\"target\":{\"namespace\":\"t\"},\"worker\":{\"image\":\"img\"},"
                        + "\"scaling\":{\"mode\":\"fixed\",\"replicas\":{\"min\":1,\"max\":1}},\"sourceRef\":" + numbers
                        + "}}";
        InProcess.Result fromJson = run(json.getBytes(StandardCharsets.UTF_8), "render", "-o", "json", "-");
        assertEquals(0, fromJson.code(), fromJson.err());
        assertEquals(sorted, sourceRef(fromJson.out()), "a JSON input the same");
        InProcess.Result asYaml =
                run((HEAD + "  sourceRef: " + numbers + "\n").getBytes(StandardCharsets.UTF_8), "render", "-");
        assertTrue(asYaml.out().contains("value: '" + sorted + "'"), asYaml.out());
    }

    /** YAML 1.1-only numbers have no JSON form: refused in sourceRef with a hint, read as before elsewhere. */
    @Test
    void yaml11NumbersInSourceRefAreRefusedWithAHint() {
        String in = HEAD
                + "  sourceRef:\n    hex: 0x1F\n    under: 1_000\n    inf: .inf\n    plus: +5\n    oct: 010\n    half: .5\n"
                + "    huge: 1e5000\n    quoted: \"0x1F\"\n";
        InProcess.Result r = run(in.getBytes(StandardCharsets.UTF_8), "render", "-");
        assertEquals(1, r.code(), r.err());
        assertTrue(
                r.err()
                        .contains(
                                "-:9:5: Pipeline layer/web: spec.sourceRef.hex: 0x1F is a YAML 1.1 number with no JSON form;"
                                        + " HEVLAYER_SOURCE_REF hands sourceRef to the worker as JSON, verbatim (layer-render rule: a number changed on the way"
                                        + " would not be verbatim; write it as 31, or quote it (\"0x1F\") to pass it as a string)"),
                r.err());
        for (String field : new String[] {"under: 1_000", "inf: .inf", "plus: +5", "oct: 010", "half: .5"}) {
            String[] kv = field.split(": ");
            assertTrue(
                    r.err()
                            .contains("spec.sourceRef." + kv[0] + ": " + kv[1]
                                    + " is a YAML 1.1 number with no JSON form"),
                    field + "\n" + r.err());
        }
        assertTrue(
                r.err().contains("spec.sourceRef.huge: 1e5000 is a number whose exponent is beyond +-1000"), r.err());
        assertTrue(r.err().endsWith("7 errors; nothing rendered\n"), r.err());
        InProcess.Result elsewhere =
                run(HEAD.replace("max: 1}", "max: 0x1}").getBytes(StandardCharsets.UTF_8), "render", "-");
        assertEquals(0, elsewhere.code(), "Kubernetes reads 0x1 as 1: " + elsewhere.err());
    }

    /** A number with thousands of digits would take seconds to parse (quadratic in java.math): refused. */
    @Test
    void aNumberWithManyDigitsIsRefused() {
        InProcess.Result r = run(
                (HEAD + "  sourceRef: {n: " + "9".repeat(1_000_000) + "}\n").getBytes(StandardCharsets.UTF_8),
                "render",
                "-");
        assertEquals(1, r.code(), r.err());
        assertTrue(
                r.err()
                        .startsWith(
                                "-:8:18: Pipeline layer/web: spec.sourceRef.n: a number of 1000000 characters is longer than the limit of 100"),
                r.err());
    }

    /** Finding: aliases made a 100 MB env variable. No object larger than the API server accepts is printed, whatever its source. */
    @Test
    void anObjectLargerThanTheApiServerAcceptsIsNotPrinted() {
        String part = "x".repeat(600_000);
        String in = HEAD + "  sourceRef: {a: \"" + part + "\", b: \"" + part + "\", c: \"" + part + "\"}\n";
        InProcess.Result r = run(in.getBytes(StandardCharsets.UTF_8), "render", "-");
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("-:1:1: Pipeline layer/web: renders a Deployment of 18"), r.err());
        assertTrue(
                r.err()
                        .contains(
                                "bytes of JSON, more than the API server accepts (1572864 bytes, 1.5 MiB, its request size limit);"
                                        + " make spec.sourceRef or spec.worker.podSpec smaller"),
                r.err());
        String fits = HEAD + "  sourceRef: {a: \"" + "x".repeat(500_000) + "\", b: \"" + "x".repeat(500_000) + "\"}\n";
        assertEquals(
                0, run(fits.getBytes(StandardCharsets.UTF_8), "render", "-").code(), "1 MB of sourceRef still renders");
    }
}
