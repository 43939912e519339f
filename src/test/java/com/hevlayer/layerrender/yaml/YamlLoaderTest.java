package com.hevlayer.layerrender.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlLoaderTest {
    final YamlLoader loader = new YamlLoader(Limits.DEFAULT);

    @Test
    void yaml11BooleansAreReadAsKubernetesReadsThem() throws Exception {
        JsonNode n = loader.load("f", "a: yes\nb: on\nc: 'yes'\nd: 0x1F\ne: 1.5\nf: ~\n")
                .get(0)
                .root();
        assertTrue(n.get("a").booleanValue());
        assertTrue(n.get("b").booleanValue());
        assertEquals("yes", n.get("c").textValue());
        assertEquals(31, n.get("d").intValue());
        assertEquals(1.5, n.get("e").doubleValue());
        assertTrue(n.get("f").isNull());
    }

    /**
     * Found by the property tests: snakeyaml-engine 2.10 fills its whole read buffer and, when the
     * last char read is the first half of a surrogate pair (an emoji, say), reads one more char past
     * the end of that buffer and throws IndexOutOfBoundsException: the CLI answered exit 3 (internal
     * error) to valid input. Every buffer boundary is tried here.
     */
    @Test
    void anEmojiOnAReadBufferBoundaryIsRead() throws Exception {
        String emoji = "\ud83d\ude00";
        for (int pad = 1000; pad < 1100; pad++) {
            String text = "k: \"" + "x".repeat(pad) + emoji + "\"\n";
            JsonNode n = loader.load("f", text).get(0).root();
            assertEquals("x".repeat(pad) + emoji, n.get("k").textValue(), "padding " + pad);
        }
        String many = ("- \"" + emoji.repeat(700) + "\"\n").repeat(3);
        assertEquals(
                emoji.repeat(700), loader.load("f", many).get(0).root().get(2).textValue());
    }

    @Test
    void everyNodeKeepsItsPosition() throws Exception {
        SourceDoc d = loader.load("f.yaml", "---\na: 1\n---\nspec:\n  list:\n    - x\n    - y: 2\n")
                .get(1);
        assertEquals(new Position("f.yaml", 5, 3), d.positionOf("/spec/list"));
        assertEquals(new Position("f.yaml", 7, 7), d.positionOf("/spec/list/1"));
        assertEquals(new Position("f.yaml", 7, 7), d.positionOf("/spec/list/1/y"));
        assertEquals(new Position("f.yaml", 7, 7), d.positionOf("/spec/list/1/y/missing"));
    }

    @Test
    void aliasBombStopsEarly() {
        StringBuilder b = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                b.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            b.append("]\n");
        }
        YamlException e = assertThrows(YamlException.class, () -> loader.load("bomb", b.toString()));
        assertTrue(e.getMessage().contains("alias"), e.getMessage());
    }

    @Test
    void deepNestingDuplicateKeysAndHugeStringsAreRefused() {
        assertThrows(YamlException.class, () -> loader.load("d", "a: " + "[".repeat(10_000) + "]".repeat(10_000)));
        YamlException dup = assertThrows(YamlException.class, () -> loader.load("d", "a: 1\nb: 2\na: 3\n"));
        assertEquals(3, dup.position().line());
        YamlLoader small = new YamlLoader(new Limits(64, 1000, 10, 100, 1000));
        assertThrows(YamlException.class, () -> small.load("s", "a: " + "x".repeat(11)));
        assertThrows(YamlException.class, () -> small.load("s", "a: " + "x, ".repeat(600)));
    }

    @Test
    void mergeKeysWork() throws Exception {
        JsonNode n = loader.load("m", "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n")
                .get(0)
                .root();
        assertEquals(1, n.at("/c/x").intValue());
        assertEquals(3, n.at("/c/y").intValue());
    }

    /**
     * Found by the mutation-score work: a merge key with a list written in place
     * ({@code <<: [*a, *b]}, the usual form) merged nothing, because the list was still empty when
     * it was placed; a non-mapping in that list went unnoticed. Earlier mappings win, then the
     * mapping's own keys.
     */
    @Test
    void aMergeKeyWithAListOfAliasesMergesThemInOrder() throws Exception {
        JsonNode n = loader.load("m", "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n")
                .get(0)
                .root();
        assertEquals(1, n.at("/c/x").intValue());
        assertEquals(1, n.at("/c/y").intValue());
        assertEquals(3, n.at("/c/z").intValue());
        YamlException e =
                assertThrows(YamlException.class, () -> loader.load("m", "a: &a {x: 1}\nc:\n  <<: [*a, 5]\n"));
        assertEquals("a merge key (<<) takes a mapping or a list of mappings", e.getMessage());
        assertEquals(new Position("m", 3, 3), e.position());
    }

    @Test
    void writtenStringsReadBackAsStrings() throws Exception {
        List<String> tricky = List.of(
                "on",
                "yes",
                "y",
                "0",
                "1.0",
                "",
                "null",
                "~",
                "0x10",
                "2026-11-25",
                "12:30",
                "-",
                "a: b",
                "#x",
                "1e3",
                ".inf");
        var obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < tricky.size(); i++) {
            obj.put("k" + i, tricky.get(i));
        }
        JsonNode back = loader.load("w", YamlWriter.write(List.of(obj))).get(0).root();
        assertEquals(obj, back);
    }

    /**
     * Found by the property tests: snakeyaml-engine's emitter wrote a string with a colon at the end
     * of one of its lines ({@code "x:\ny"}) as a multi-line plain scalar, which no YAML reader can
     * read back ("mapping values are not allowed here"): render printed YAML that kubectl refuses.
     */
    @Test
    void multiLineStringsAreWrittenSoTheyReadBack() throws Exception {
        List<String> tricky = List.of(
                "x:\ny",
                "a:\n\nb",
                "a:\r\nb",
                "k: v\nz",
                "- a\n- b",
                "a\n# b",
                "a\n---\nb",
                "tail:\n",
                "a\u2028b:\u2029c",
                "line\u0085x:\u0085y");
        var obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < tricky.size(); i++) {
            obj.put("k" + i, tricky.get(i));
            obj.put(tricky.get(i), i);
        }
        JsonNode back = loader.load("w", YamlWriter.write(List.of(obj))).get(0).root();
        assertEquals(obj, back);
    }
}
