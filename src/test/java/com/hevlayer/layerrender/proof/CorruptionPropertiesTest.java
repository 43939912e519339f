package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.cli.InProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negative properties, through the CLI in-process: a valid generated input with one random
 * corruption always gives exit 1, nothing on stdout, and on stderr a message that names the file,
 * the line (of the corrupted field) and the field, and no stack trace.
 */
class CorruptionPropertiesTest {
    @TempDir
    static Path dir;

    /** A corrupted input: its text and what the error must name. */
    record Corrupted(String kind, String text, String field, String lineMustContain, Scenario base) {
        @Override
        public String toString() {
            return "corruption: " + kind + " (expect field " + field + ", line containing " + lineMustContain + ")\n"
                    + "env: " + base.env() + "\nflags: " + base.flags() + "\n" + text;
        }
    }

    static Corrupted corrupt(Random r) {
        Gen g = new Gen(r);
        Gen.WithPipeline base = g.scenarioWithPipeline();
        Scenario s = base.scenario();
        ObjectNode p = base.pipeline();
        ObjectNode spec = (ObjectNode) p.get("spec");
        ObjectNode worker = (ObjectNode) spec.get("worker");
        ObjectNode scaling = (ObjectNode) spec.get("scaling");
        switch (r.nextInt(8)) {
            case 0: { // drop a required field
                String[][] required = {
                    {"/spec", "target", "spec.target", "spec:"},
                    {"/spec/target", "namespace", "spec.target.namespace", "target:"},
                    {"/spec/worker", "image", "spec.worker.image", "worker:"},
                    {"/spec/scaling/replicas", "max", "spec.scaling.replicas.max", "replicas:"},
                    {"/spec", "worker", "spec.worker", "spec:"},
                    {"/spec", "scaling", "spec.scaling", "spec:"}
                };
                String[] f = required[r.nextInt(required.length)];
                ((ObjectNode) p.at(f[0])).remove(f[1]);
                return new Corrupted("drop " + f[2], s.text(), f[2], f[3], s);
            }
            case 1: { // change a type
                String[][] fields = {
                    {"/spec/worker", "image", "spec.worker.image", "image:"},
                    {"/spec/scaling/replicas", "max", "spec.scaling.replicas.max", "max:"},
                    {"/spec/worker", "batchSize", "spec.worker.batchSize", "batchSize:"},
                    {"/spec", "paused", "spec.paused", "paused:"},
                    {"/spec", "schedule", "spec.schedule", "schedule:"},
                    {"/spec/scaling", "mode", "spec.scaling.mode", "mode:"},
                    {"/spec/target", "namespace", "spec.target.namespace", "namespace:"}
                };
                String[] f = fields[r.nextInt(fields.length)];
                List<JsonNode> wrong =
                        List.of(Gen.F.arrayNode().add(1), Gen.F.objectNode().put("a", 1));
                JsonNode w = f[1].equals("max") || f[1].equals("batchSize")
                        ? g.pick(List.of(Gen.F.textNode("many"), Gen.F.booleanNode(true), wrong.get(0)))
                        : f[1].equals("paused")
                                ? g.pick(List.of(Gen.F.textNode("maybe"), Gen.F.numberNode(2), wrong.get(1)))
                                // sourceRef takes any JSON value; schedule, typed in the CRD, does not
                                : f[1].equals("schedule")
                                        ? g.pick(
                                                List.of(Gen.F.textNode("0 2 * * *"), wrong.get(0), Gen.F.numberNode(3)))
                                        : g.pick(List.of(
                                                Gen.F.numberNode(5),
                                                Gen.F.booleanNode(false),
                                                wrong.get(0),
                                                wrong.get(1)));
                ((ObjectNode) p.at(f[0])).set(f[1], w);
                return new Corrupted("type of " + f[2], s.text(), f[2], f[3], s);
            }
            case 2: { // misspell a key
                String[][] keys = {
                    {"/spec/worker", "image", "imgae", "spec.worker.imgae"},
                    {"/spec", "target", "tagret", "spec.tagret"},
                    {"/spec/scaling", "replicas", "replica", "spec.scaling.replica"},
                    {"/spec", "worker", "wroker", "spec.wroker"},
                    {"/spec/scaling/replicas", "max", "maxx", "spec.scaling.replicas.maxx"}
                };
                String[] k = keys[r.nextInt(keys.length)];
                ObjectNode parent = (ObjectNode) p.at(k[0]);
                ObjectNode renamed = Gen.F.objectNode();
                parent.fields()
                        .forEachRemaining(e -> renamed.set(e.getKey().equals(k[1]) ? k[2] : e.getKey(), e.getValue()));
                parent.removeAll();
                parent.setAll(renamed);
                return new Corrupted("misspell " + k[1], s.text(), k[3], k[2] + ":", s);
            }
            case 3: { // exceed a ceiling
                int ceiling = Oracle.settings(s).ceiling();
                ObjectNode pool = Oracle.chosenPool(p, Oracle.pools(s.docs()));
                int poolMax = pool.get("maxReplicasPerWorkload").asInt();
                long over = Math.min(ceiling, poolMax) + 1L + r.nextInt(50);
                if (over > Integer.MAX_VALUE) {
                    over = Integer.MAX_VALUE + 1L; // "too large" for an int32 is the error then
                }
                ((ObjectNode) scaling.get("replicas")).put("max", over);
                return new Corrupted("exceed ceiling", s.text(), "spec.scaling.replicas.max", "max:", s);
            }
            case 4: { // break YAML syntax
                String text = s.text();
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                int at = 1 + r.nextInt(lines.size() - 2);
                String breakage = g.pick(List.of(
                        "  key: [unclosed",
                        "  key: {a: 1",
                        "  key: \"open",
                        "\tkey: tab",
                        "  - item: x\n bad: 1",
                        "key: a: b: c",
                        "  ? [a]: 1",
                        "  k: *undefined",
                        "  x: &a [1\n  y: *a"));
                lines.add(at, breakage);
                return new Corrupted("syntax", String.join("\n", lines), null, null, s);
            }
            case 5: { // an alias bomb in sourceRef
                StringBuilder b = new StringBuilder("{a0: &a0 [x, x, x, x, x, x, x, x, x, x]");
                for (int i = 1; i < 12; i++) {
                    b.append(", a").append(i).append(": &a").append(i).append(" [");
                    for (int j = 0; j < 10; j++) {
                        b.append(j > 0 ? ", " : "").append("*a").append(i - 1);
                    }
                    b.append(']');
                }
                b.append('}');
                spec.put("sourceRef", "@@BOMB@@");
                return new Corrupted(
                        "alias bomb",
                        unquoted(s.text(), "@@BOMB@@").replace("@@BOMB@@", b.toString()),
                        "spec.sourceRef",
                        "sourceRef:",
                        s);
            }
            case 6: { // deep nesting
                int depth = 70 + r.nextInt(2000);
                spec.put("sourceRef", "@@DEEP@@");
                String deep = r.nextBoolean()
                        ? "[".repeat(depth) + "]".repeat(depth)
                        : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
                return new Corrupted(
                        "deep nesting",
                        unquoted(s.text(), "@@DEEP@@").replace("@@DEEP@@", deep),
                        "spec.sourceRef",
                        "sourceRef:",
                        s);
            }
            default: { // an enum value that is not one
                scaling.put("mode", g.pick(List.of("auto", "Fixed", "manual", "")));
                return new Corrupted("bad enum", s.text(), "spec.scaling.mode", "mode:", s);
            }
        }
    }

    /** The placeholder as plain YAML: the writer quotes it ('@' cannot start a plain scalar), the raw text must not be. */
    private static String unquoted(String text, String placeholder) {
        return text.replace("'" + placeholder + "'", placeholder).replace("\"" + placeholder + "\"", placeholder);
    }

    static final Pattern LOCATED = Pattern.compile("^(\\S+?):(\\d+):(\\d+): (.*)$", Pattern.MULTILINE);

    static void check(Corrupted c) throws Exception {
        Path file = dir.resolve("in.yaml");
        Files.writeString(file, c.text(), StandardCharsets.UTF_8);
        List<String> args = c.base().args("render");
        args.set(1, file.toString());
        InProcess.Result run = InProcess.run(new byte[0], c.base().env(), args.toArray(String[]::new));
        String stderr = run.err();
        assertEquals(1, run.code(), "exit code; stderr:\n" + stderr);
        assertEquals("", run.out(), "stdout");
        assertFalse(
                stderr.contains("\tat ") || stderr.contains("Exception") || stderr.contains("internal error"),
                "stack trace or internal error:\n" + stderr);
        Matcher m = LOCATED.matcher(stderr);
        List<String> lines = List.of(c.text().split("\n", -1));
        boolean named = false;
        while (m.find()) {
            assertEquals(file.toString(), m.group(1), "file");
            int line = Integer.parseInt(m.group(2));
            assertTrue(line >= 1 && line <= lines.size(), "line " + line + " of " + lines.size());
            if (m.group(4).startsWith("warning: ")) {
                continue;
            }
            if (c.field() == null) {
                named = true;
            } else if (m.group(4).contains(c.field() + ":")
                    || m.group(4).contains(c.field() + "[")
                    || m.group(4).contains(c.field() + ".")) {
                assertTrue(
                        lines.get(line - 1).contains(c.lineMustContain()),
                        "line " + line + " is \"" + lines.get(line - 1) + "\", not the line of " + c.field() + ":\n"
                                + stderr);
                named = true;
            }
        }
        assertTrue(
                named,
                "no message names " + (c.field() == null ? "file and line" : "the field " + c.field()) + ":\n"
                        + stderr);
    }

    @Test
    void everyCorruptionIsReportedWithFileLineAndField() {
        int n = Property.forAll(
                "corruptions", CorruptionPropertiesTest::corrupt, c -> List.of(), CorruptionPropertiesTest::check);
        assertTrue(n >= 1);
    }
}
