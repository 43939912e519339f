package com.hevlayer.layerrender.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.hevlayer.layerrender.yaml.Position;
import org.junit.jupiter.api.Test;

/** A message line cannot be split, recoloured or reordered by what the input holds. */
class ProblemEscapeTest {

    @Test
    void plainLinesAreReturnedAsTheyAre() {
        String line = "a.yaml:1:2: Pipeline layer/x: spec.worker.image: must be a string — ünïcode 日本 😀";
        assertSame(line, Problem.escaped(line));
    }

    @Test
    void controlSeparatorAndBidiCharactersAreEscaped() {
        assertEquals("a\\nb\\rc\\td", Problem.escaped("a\nb\rc\td"));
        assertEquals("\\u001b[31mred\\u001b[0m", Problem.escaped("\u001b[31mred\u001b[0m"));
        assertEquals("x\\u0000y\\u007fz\\u0085", Problem.escaped("x\u0000y\u007fz\u0085"));
        assertEquals("\\u2028\\u2029", Problem.escaped("\u2028\u2029"));
        assertEquals(
                "evil\\u202egnp.exe \\u2066\\u2069 \\u200e\\u200f \\u061c",
                Problem.escaped("evil\u202egnp.exe \u2066\u2069 \u200e\u200f \u061c"));
    }

    @Test
    void theWholeFormattedLineIsEscapedFileNameIncluded() {
        Problem p = Problem.error(
                Code.SCHEMA,
                new Position("dir/a\nb.yaml", 3, 4),
                new ObjectRef(null, "Pipeline", "layer", "x"),
                "spec.x",
                "bad \u001b value");
        assertEquals("dir/a\\nb.yaml:3:4: Pipeline layer/x: spec.x: bad \\u001b value", p.format());
    }
}
