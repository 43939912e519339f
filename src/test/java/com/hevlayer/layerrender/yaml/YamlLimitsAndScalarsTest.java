package com.hevlayer.layerrender.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader's safety limits at their exact boundaries (a limit of N allows N and refuses N + 1),
 * how plain scalars are typed (integer widths, signs, infinities), aliases used as keys and merge
 * lists, and the dotted field paths users read.
 */
class YamlLimitsAndScalarsTest {
    static JsonNode load(Limits limits, String text) throws YamlException {
        return new YamlLoader(limits).load("f.yaml", text).get(0).root();
    }

    static Limits limits(int depth, int docChars, int stringChars, int aliases, long nodes) {
        return new Limits(depth, docChars, stringChars, aliases, nodes);
    }

    @Test
    void aStringOfExactlyTheLimitIsReadAndOneMoreCharIsRefused() throws Exception {
        Limits l = limits(64, 1000, 5, 100, 1000);
        assertEquals("abcde", load(l, "k: abcde\n").get("k").textValue());
        YamlException e = assertThrows(YamlException.class, () -> load(l, "k: abcdef\n"));
        assertEquals(
                "a string of 6 characters exceeds the limit of 5 (a safety limit; keep bulk data out of the manifest)",
                e.getMessage());
        assertEquals(new Position("f.yaml", 1, 4), e.position());
        assertEquals("k", e.field());
    }

    @Test
    void exactlyTheAllowedAliasesAreReadAndOneMoreIsRefused() throws Exception {
        Limits l = limits(64, 1000, 100, 2, 1000);
        JsonNode n = load(l, "a: &x 5\nb: *x\nc: *x\n");
        assertEquals(5, n.get("c").intValue(), "an alias to an anchored scalar");
        YamlException e = assertThrows(YamlException.class, () -> load(l, "a: &x 5\nb: *x\nc: *x\nd: *x\n"));
        assertEquals("more than 2 aliases in one document (a safety limit against alias bombs)", e.getMessage());
        assertEquals(new Position("f.yaml", 4, 4), e.position());
        assertEquals("d", e.field());
    }

    @Test
    void collectionsCountAsNodes() throws Exception {
        // a mapping holding three empty lists: 4 nodes, plus 3 key scalars = 7
        Limits seven = limits(64, 1000, 100, 100, 7);
        assertEquals(3, load(seven, "a: []\nb: []\nc: []\n").size());
        YamlException e =
                assertThrows(YamlException.class, () -> load(limits(64, 1000, 100, 100, 6), "a: []\nb: []\nc: []\n"));
        assertTrue(
                e.getMessage().startsWith("document expands to more than 6 nodes (a safety limit against alias bombs"),
                e.getMessage());
    }

    @Test
    void theDocumentSizeLimitCountsFromEachDocumentsOwnStart() throws Exception {
        String doc = "k: " + "x".repeat(40) + "\n"; // 44 chars
        Limits l = limits(64, 50, 100, 100, 1000);
        List<SourceDoc> docs = new YamlLoader(l).load("f.yaml", doc + "---\n" + doc + "---\n" + doc);
        assertEquals(3, docs.size(), "three documents, each under the limit, the stream over it");
        YamlException e = assertThrows(
                YamlException.class,
                () -> new YamlLoader(limits(64, 50, 100, 100, 1000))
                        .load("f.yaml", "---\n" + doc + "j: " + "y".repeat(20) + "\n"));
        assertEquals("document is larger than 50 characters (a safety limit)", e.getMessage());
        assertEquals(3, e.position().line());
    }

    @Test
    void nestingUpToTheDepthLimitIsReadAndOneLevelMoreIsRefused() throws Exception {
        Limits l = limits(3, 1000, 100, 100, 1000);
        assertEquals(1, load(l, "a: {b: [1]}\n").at("/a/b/0").intValue());
        YamlException e = assertThrows(YamlException.class, () -> load(l, "a: {b: [[1]]}\n"));
        assertEquals(
                "input nests deeper than 3 levels (a safety limit; real Kubernetes objects nest far less)",
                e.getMessage());
        assertEquals("a.b[0]", e.field());
    }

    @Test
    void anAliasMayBeAKeyButNotACollection() throws Exception {
        JsonNode n = load(Limits.DEFAULT, "names: [&k team]\nlabels: {*k : blue}\n");
        assertEquals("blue", n.at("/labels/team").textValue());
        YamlException e = assertThrows(YamlException.class, () -> load(Limits.DEFAULT, "a: &m {x: 1}\nb: {*m : 2}\n"));
        assertEquals("a mapping key must be a string, not a collection", e.getMessage());
        assertEquals(new Position("f.yaml", 2, 5), e.position());
        YamlException complex = assertThrows(YamlException.class, () -> load(Limits.DEFAULT, "? [a, b]\n: 1\n"));
        assertEquals("a mapping key must be a string, not a collection", complex.getMessage());
    }

    @Test
    void aMergeKeyTakesAListOfMappingsAndNothingElse() throws Exception {
        JsonNode n = load(Limits.DEFAULT, "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n");
        assertEquals(new ObjectMapper().readTree("{\"z\":3,\"x\":1,\"y\":1}"), n.get("c"));
        YamlException e =
                assertThrows(YamlException.class, () -> load(Limits.DEFAULT, "a: &a {x: 1}\nc:\n  <<: [*a, 5]\n"));
        assertEquals("a merge key (<<) takes a mapping or a list of mappings", e.getMessage());
        assertEquals(new Position("f.yaml", 3, 3), e.position());
        YamlException scalar = assertThrows(YamlException.class, () -> load(Limits.DEFAULT, "c:\n  <<: 5\n"));
        assertEquals("a merge key (<<) takes a mapping or a list of mappings", scalar.getMessage());
    }

    @Test
    void integersTakeTheNarrowestJavaTypeThatHoldsThem() {
        assertTrue(Yaml11Scalars.resolvePlain("2147483647").isInt());
        assertTrue(Yaml11Scalars.resolvePlain("-2147483648").isInt());
        JsonNode over = Yaml11Scalars.resolvePlain("2147483648");
        assertTrue(over.isLong());
        assertEquals(2147483648L, over.longValue());
        assertTrue(Yaml11Scalars.resolvePlain("9223372036854775807").isLong());
        JsonNode big = Yaml11Scalars.resolvePlain("9223372036854775808");
        assertTrue(big.isBigInteger());
        assertEquals(new BigInteger("9223372036854775808"), big.bigIntegerValue());
        assertEquals(
                -9223372036854775807L - 1,
                Yaml11Scalars.resolvePlain("-9223372036854775808").longValue());
    }

    @Test
    void plainScalarsAreTypedAsKubernetesTypesThem() {
        assertTrue(Yaml11Scalars.resolvePlain("~").isNull());
        assertTrue(Yaml11Scalars.resolvePlain("").isNull());
        assertEquals(5, Yaml11Scalars.resolvePlain("+5").intValue());
        assertEquals(-5, Yaml11Scalars.resolvePlain("-5").intValue());
        assertEquals(0.5, Yaml11Scalars.resolvePlain(".5").doubleValue());
        assertEquals(
                Double.NEGATIVE_INFINITY, Yaml11Scalars.resolvePlain("-.inf").doubleValue());
        assertEquals(
                Double.POSITIVE_INFINITY, Yaml11Scalars.resolvePlain("+.Inf").doubleValue());
        assertEquals(
                Double.POSITIVE_INFINITY, Yaml11Scalars.resolvePlain(".INF").doubleValue());
        assertTrue(Double.isNaN(Yaml11Scalars.resolvePlain(".nan").doubleValue()));
        assertEquals(8, Yaml11Scalars.resolvePlain("010").intValue(), "YAML 1.1 octal");
        assertEquals(5, Yaml11Scalars.resolvePlain("0b101").intValue());
        assertEquals("1.2.3", Yaml11Scalars.resolvePlain("1.2.3").textValue());
        assertEquals("-", Yaml11Scalars.resolvePlain("-").textValue());
        assertFalse(Yaml11Scalars.needsQuotes("1.2.3"));
        assertTrue(Yaml11Scalars.needsQuotes("1:30"), "sexagesimal in YAML 1.1");
        assertTrue(Yaml11Scalars.needsQuotes("2024-01-02"), "a timestamp");
        assertTrue(Yaml11Scalars.needsQuotes("<<"));
        assertTrue(Yaml11Scalars.needsQuotes("="));
        assertFalse(Yaml11Scalars.needsQuotes("worker"));
    }

    @Test
    void fieldPathsFollowTheTreeThroughListsAndQuoteOddKeys() throws Exception {
        JsonNode root =
                new ObjectMapper().readTree("{\"a\":[{\"x\":1},[7]],\"m\":{\"layer.hev.dev/compute\":\"cpu\"}}");
        assertEquals("a[1][0]", FieldPath.of(root, "/a/1/0"));
        assertEquals("a[0].x", FieldPath.of(root, "/a/0/x"));
        JsonNode nested = new ObjectMapper().readTree("{\"a\":[[7]]}");
        assertEquals("a[0][0]", FieldPath.of(nested, "/a/0/0"));
        assertEquals("a[-][\"0\"]", FieldPath.of(nested, "/a/-/0"), "no such item: what follows reads as keys");
        assertEquals("m[\"layer.hev.dev/compute\"]", FieldPath.of(root, "/m/layer.hev.dev~1compute"));
        assertEquals("", FieldPath.of(root, ""));
    }
}
