package com.hevlayer.layerrender.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link YamlWriter#write} writes most documents with {@link BlockWriter} instead of snakeyaml-engine's
 * emitter: the two must give the same bytes for every document, whichever writes it.
 */
class YamlWriterFastPathTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Pieces of strings that decide a scalar's style: indicators, spaces, quotes, YAML 1.1 words, non-ASCII. */
    private static final String[] PIECES = {
        "a",
        "Z",
        "0",
        "1.5",
        "-",
        "- ",
        "--",
        "---",
        "...",
        ".",
        ":",
        ": ",
        "::",
        "?",
        "? ",
        "#",
        " #",
        "# ",
        ",",
        "[",
        "]",
        "{",
        "}",
        "&",
        "*",
        "!",
        "|",
        ">",
        "'",
        "\"",
        "%",
        "@",
        "`",
        " ",
        "  ",
        "\\",
        "/",
        "=",
        "<<",
        "yes",
        "on",
        "null",
        "~",
        "true",
        "0x1F",
        "1_000",
        "12:30",
        "2001-12-14",
        ".inf",
        "\t",
        "\n",
        "é",
        "\u2028",
        "\u0085",
        "\ufeff",
        "😀",
        "\u0001",
        "http://a.b:8080/c?d=e",
        "{\"k\":\"v\"}",
        "sum(x{a=\"b\"}) or vector(0)"
    };

    private static String string(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        if (r.nextInt(20) == 0) {
            b.append("k".repeat(120 + r.nextInt(16))); // around the emitter's longest simple key
        }
        return b.toString();
    }

    private static JsonNode value(Random r, int depth) {
        int pick = r.nextInt(depth > 3 ? 6 : 9);
        switch (pick) {
            case 0:
                return F.numberNode(r.nextInt(2000) - 1000);
            case 1:
                return F.booleanNode(r.nextBoolean());
            case 2:
                return F.nullNode();
            case 3:
                return F.numberNode(r.nextDouble() * 1e6);
            case 4:
            case 5:
                return F.textNode(string(r));
            case 6:
            case 7:
                return mapping(r, depth + 1, r.nextInt(4));
            default:
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(r, depth + 1));
                }
                return a;
        }
    }

    private static ObjectNode mapping(Random r, int depth, int size) {
        ObjectNode o = F.objectNode();
        for (int i = 0; i < size; i++) {
            o.set(r.nextInt(3) == 0 ? string(r) : "key" + i, value(r, depth));
        }
        return o;
    }

    private static String fast(List<JsonNode> docs) {
        StringBuilder out = new StringBuilder();
        YamlWriter.write(docs.iterator(), out);
        return out.toString();
    }

    private static String emitter(List<JsonNode> docs) {
        StringBuilder out = new StringBuilder();
        YamlWriter.writeWithEmitter(docs.iterator(), out);
        return out.toString();
    }

    @Test
    void randomDocumentsAreWrittenAsTheEmitterWritesThem() {
        Random r = new Random(17);
        int written = 0;
        for (int round = 0; round < 3000; round++) {
            List<JsonNode> docs = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                docs.add(mapping(r, 0, 1 + r.nextInt(5)));
            }
            assertEquals(emitter(docs), fast(docs), () -> "documents: " + docs);
            for (JsonNode d : docs) {
                if (BlockWriter.document(d, new StringBuilder())) {
                    written++;
                }
            }
        }
        assertTrue(written > 1000, "the fast path wrote only " + written + " documents: the test would prove little");
    }

    @Test
    void everyPieceAloneAsKeyAndValueIsWrittenAsTheEmitterWritesIt() {
        for (String a : PIECES) {
            for (String b : PIECES) {
                ObjectNode doc = F.objectNode();
                doc.put(a + b, b + a);
                doc.putArray("list")
                        .add(a + b)
                        .add(F.objectNode().put(b, a))
                        .add(F.arrayNode().add(a));
                doc.putObject("empty");
                doc.putArray("none");
                List<JsonNode> docs = List.of(doc);
                assertEquals(emitter(docs), fast(docs), () -> "document: " + doc);
            }
        }
    }

    @Test
    void aDocumentThatIsNotAMappingLeavesTheRestToTheEmitter() {
        List<JsonNode> docs = List.of(
                F.objectNode().put("a", "b"),
                F.textNode("plain root"),
                F.objectNode().put("c", "d"),
                F.arrayNode().add("x"),
                F.objectNode());
        assertEquals(emitter(docs), fast(docs));
        assertFalse(BlockWriter.document(F.objectNode(), new StringBuilder()));
        assertFalse(BlockWriter.document(F.textNode("x"), new StringBuilder()));
    }

    @Test
    void whatLayerRenderRendersIsWrittenByTheFastPath() {
        ObjectNode env = F.objectNode()
                .put("name", "HEVLAYER_SOURCE_REF")
                .put("value", "{\"kind\":\"sqs\",\"queueUrl\":\"https://sqs.us-east-1.amazonaws.com/1/q\"}");
        ObjectNode doc = F.objectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        doc.putObject("metadata").put("name", "p-worker").putObject("labels").put("app.kubernetes.io/name", "w");
        doc.putObject("spec")
                .putArray("containers")
                .add(F.objectNode().set("env", F.arrayNode().add(env)));
        StringBuilder out = new StringBuilder();
        assertTrue(BlockWriter.document(doc, out));
        assertEquals(emitter(List.of(doc)), out.toString());
    }
}
