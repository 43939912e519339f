package com.hevlayer.layerrender.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.validate.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, hostile repositories: every limit stops the read early. The bound is shown by counting
 * work (the chars the scanner was handed, reported by {@code YamlLoader.load(file, text, charsScanned)}), never by a clock; the
 * whole-process numbers are in docs/hostile-input-parsing.md.
 */
class YamlHostileInputTest {
    /** What the reader may run past a document's start before it refuses: the limit plus a fixed window. */
    static long bound(Limits l) {
        return l.maxDocumentChars() + 3L * YamlLoader.READ_BUFFER + 4096;
    }

    /** The chars the scanner was handed in this test's last {@link #refused} read. */
    private long scanned = -1;

    YamlException refused(YamlLoader loader, String text) {
        scanned = -1;
        return assertThrows(YamlException.class, () -> loader.load("f.yaml", text, n -> scanned = n));
    }

    /** The last {@link #refused} read scanned at most {@code bound} chars (and did report them). */
    void assertScannedAtMost(long bound, String what) {
        assertTrue(scanned >= 0 && scanned <= bound, what + ": scanned " + scanned);
    }

    /** Finding: one long scalar was scanned whole (quadratically) before any limit was checked. */
    @Test
    void aLongScalarIsRefusedAfterScanningAtMostTheDocumentLimit() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        for (String quote : List.of("", "\"", "'")) {
            String text = "k: " + quote + "x".repeat(16 * 1024 * 1024) + quote + "\n";
            YamlException e = refused(loader, text);
            assertEquals("document is larger than 3145728 characters (a safety limit)", e.getMessage());
            assertEquals(new Position("f.yaml", 1, 3145729), e.position(), "where the limit is crossed");
            assertScannedAtMost(bound(Limits.DEFAULT), quote);
        }
    }

    /** A loader keeps no state between reads: after a refusal deep inside a document the next read starts afresh. */
    @Test
    void aLoaderReadsAfreshAfterARefusal() throws Exception {
        YamlLoader loader = new YamlLoader(new Limits(64, 10_000, 5_000, 2, 1000));
        refused(loader, "kind: Pipeline\nmetadata: {name: a}\nv: &v x\nw: [*v, *v, *v]\n");
        List<SourceDoc> docs = loader.load("g.yaml", "a: &v x\nb: [*v, *v]\n---\nc: 1\n");
        assertEquals(2, docs.size());
        assertEquals(1, docs.get(1).index());
        assertEquals(new Position("g.yaml", 2, 5), docs.get(0).positionOf("/b/0"));
        assertEquals(new Position("g.yaml", 4, 1), docs.get(1).positionOf("/c"));
    }

    @Test
    void aScalarBetweenTheStringAndTheDocumentLimitIsRefusedByItsLength() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        YamlException e = refused(loader, "a: 1\nk: |\n  " + "x".repeat(2 * 1024 * 1024) + "\n");
        assertEquals(
                "a string of 2097153 characters exceeds the limit of 1048576 (a safety limit; keep bulk data out of the manifest)",
                e.getMessage());
        assertEquals("k", e.field());
    }

    @Test
    void theWorkIsProportionalToTheLimitNotToTheInput() {
        Limits small = new Limits(64, 10_000, 5_000, 100, 1000);
        YamlLoader loader = new YamlLoader(small);
        for (int size : new int[] {1 << 20, 8 << 20}) {
            refused(loader, "k: " + "x".repeat(size));
            assertScannedAtMost(bound(small), size + " chars");
        }
    }

    /** Finding: a long explicit key, too. */
    @Test
    void aLongKeyIsRefusedEarly() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        YamlException e = refused(loader, "? " + "k".repeat(16 * 1024 * 1024) + "\n: 1\n");
        assertEquals("document is larger than 3145728 characters (a safety limit)", e.getMessage());
        assertScannedAtMost(bound(Limits.DEFAULT), "read");
        YamlException key = refused(loader, "? " + "k".repeat(1024 * 1024 + 1) + "\n: 1\n");
        assertTrue(key.getMessage().startsWith("a string of 1048577 characters exceeds the limit"), key.getMessage());
    }

    /**
     * Finding: a 1 MB file with a 1,000,000-char explicit key over a list took 6.2 GB and died, because
     * every item's position was stored under its JSON pointer, which repeats the key. Positions are a
     * tree now; this input is within every limit and reads, positions right.
     */
    @Test
    void aLongKeyOverALongListReadsWithoutRepeatingTheKey() throws Exception {
        String key = "k".repeat(1_000_000);
        StringBuilder b = new StringBuilder("top:\n  ? ").append(key).append("\n  :\n");
        int items = 150_000;
        for (int i = 0; i < items; i++) {
            b.append("  - ").append(i % 10).append('\n');
        }
        SourceDoc d =
                new YamlLoader(Limits.DEFAULT).load("f.yaml", b.toString()).get(0);
        String list = Pointer.child("/top", key);
        assertEquals(items, d.root().at(list).size());
        assertEquals(new Position("f.yaml", 2, 5), d.positionOf(list));
        assertEquals(new Position("f.yaml", 4 + items - 1, 5), d.positionOf(list + "/" + (items - 1)));
        assertEquals(new Position("f.yaml", 4, 5), d.positionOf(list + "/0/missing"));
        assertEquals(new Position("f.yaml", 1, 1), d.positionOf("/nope"));
    }

    /** Finding: aliases turned a 1 MB input into 103 MB of output. Expanded content counts against the document size. */
    @Test
    void aliasesCannotExpandPastTheDocumentSize() throws Exception {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        String big = "x".repeat(1_000_000);
        YamlException e = refused(
                loader,
                "kind: Pipeline\nmetadata: {name: a}\nv: &a \"" + big + "\"\nz: [" + "*a,".repeat(99) + "*a]\n");
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "document expands to more than 3145728 characters of strings once its aliases are expanded"),
                e.getMessage());
        assertEquals("z[2]", e.field(), "the third alias is the one past 3 MiB");
        assertEquals("Pipeline a", ObjectRef.of(e).label());
        // nested: an anchored list of anchored strings counts its whole content at each use
        Limits l = new Limits(64, 10_000, 5_000, 100, 10_000);
        String s = "y".repeat(1000);
        String nested = "a: &s " + s
                + "\nb: &l [*s, *s]\nc: [*l, *l, *l]\n"; // 1000 + 2,000 + 6,000 = 9,000 chars of strings + keys
        assertEquals(3, new YamlLoader(l).load("f", nested).get(0).root().size());
        YamlException more = assertThrows(YamlException.class, () -> new YamlLoader(l).load("f", nested + "d: *l\n"));
        assertTrue(
                more.getMessage().contains("characters of strings once its aliases are expanded"), more.getMessage());
        assertEquals(new Position("f", 4, 4), more.position());
    }

    @Test
    void aliasesAsKeysCountTheirCharactersToo() {
        Limits l = new Limits(64, 3_000, 2_000, 100, 10_000);
        String k = "k".repeat(1_000);
        assertThrows(
                YamlException.class, () -> new YamlLoader(l).load("f", "a: &k " + k + "\nm: {*k : 1}\nn: {*k : 2}\n"));
    }

    @Test
    void deepNestingIsRefusedAfterOneBuffer() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        for (String open : List.of("[", "{a: ", "[{a: ")) {
            String text = "a: " + open.repeat(2_000_000);
            YamlException e = refused(loader, text);
            assertTrue(e.getMessage().startsWith("input nests deeper than 64 levels"), e.getMessage());
            assertScannedAtMost(2L * YamlLoader.READ_BUFFER, open);
        }
    }

    /** A huge document (many lines, each short) stops at the document limit, not at the end of the file. */
    @Test
    void aHugeDocumentStopsAtTheDocumentLimit() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        String line = "- " + "x".repeat(1000) + "\n";
        YamlException e = refused(loader, "list:\n" + line.repeat(40_000)); // 40 MB
        assertEquals("document is larger than 3145728 characters (a safety limit)", e.getMessage());
        assertScannedAtMost(bound(Limits.DEFAULT), "read");
        YamlException nodes = refused(loader, "list:\n" + "- x\n".repeat(10_000_000)); // 40 MB of tiny nodes
        assertTrue(nodes.getMessage().startsWith("document expands to more than 200000 nodes"), nodes.getMessage());
        assertScannedAtMost(1_000_000, "read");
    }

    /** Each document has its own window: a stream of documents under the limit reads whole. */
    @Test
    void theWindowRestartsAtEachDocument() throws Exception {
        Limits l = new Limits(64, 200_000, 150_000, 100, 1000);
        String doc = "k: " + "x".repeat(150_000) + "\n";
        List<SourceDoc> docs = new YamlLoader(l).load("f", (doc + "---\n").repeat(20));
        assertEquals(20, docs.size());
        assertEquals(150_000, docs.get(19).root().get("k").textValue().length());
    }

    /** Finding: NUL and control characters were reported at 1:1. */
    @Test
    void controlCharactersAreReportedWhereTheyAre() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        YamlException nul = refused(loader, "a: 1\nb: x\u0000y\n");
        assertEquals(new Position("f.yaml", 2, 5), nul.position());
        assertEquals(
                "invalid YAML: the control character U+0000 (NUL) is not allowed in YAML"
                        + " (write it as an escape in a double-quoted string, e.g. \"\\u0000\")",
                nul.getMessage());
        YamlException esc = refused(loader, "a: \"\ud83d\ude00\"\n\n  b: \u001b[0m\n");
        assertEquals(new Position("f.yaml", 3, 6), esc.position(), "an emoji counts one column; a blank line counts");
        assertTrue(esc.getMessage().contains("U+001B (ESC)"), esc.getMessage());
        YamlException c1 = refused(loader, "a: \u0090\n");
        assertEquals(new Position("f.yaml", 1, 4), c1.position());
        YamlException lone = refused(loader, "a: x\ud800\n");
        assertEquals(
                "invalid YAML: the unpaired surrogate U+D800 is not allowed in YAML"
                        + " (write it as an escape in a double-quoted string, e.g. \"\\uD800\")",
                lone.getMessage());
        YamlException cr = refused(loader, "a: 1\rb: \u0007\n");
        assertEquals(new Position("f.yaml", 2, 4), cr.position(), "a lone CR breaks the line, as in YAML");
    }

    @Test
    void allowedCharactersRead() throws Exception {
        JsonNode n = new YamlLoader(Limits.DEFAULT)
                .load("f", "a: \"tab\there\"\r\nb: nel\u0085 \u00a0x \ufffd\n")
                .get(0)
                .root();
        assertEquals("tab\there", n.get("a").textValue());
        assertTrue(n.get("b").textValue().startsWith("nel"));
        YamlException del =
                assertThrows(YamlException.class, () -> new YamlLoader(Limits.DEFAULT).load("f", "a: x\u007f\n"));
        assertTrue(del.getMessage().contains("U+007F (DEL)"), "YAML 1.2 5.1: DEL is not printable");
    }

    /** Finding: a non-UTF-8 or UTF-16 file was a usage error (exit 2) without a position. */
    @Test
    void invalidUtf8IsRefusedAtItsLineAndColumn() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        byte[] b = "a: 1\nb\u00e9: x\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = ("a: 1\nb\u00e9: x").getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[utf8.length + 2];
        System.arraycopy(utf8, 0, bad, 0, utf8.length);
        bad[utf8.length] = (byte) 0xff;
        bad[utf8.length + 1] = '\n';
        YamlException e = assertThrows(YamlException.class, () -> loader.load("f.yaml", bad));
        assertEquals(new Position("f.yaml", 2, 6), e.position());
        assertEquals("not valid UTF-8 text (byte 0xFF at byte offset 11); save the file as UTF-8", e.getMessage());
        YamlException latin1 = assertThrows(YamlException.class, () -> loader.load("f.yaml", b));
        assertEquals(new Position("f.yaml", 2, 2), latin1.position());
        byte[] surrogate = {'a', ':', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertThrows(YamlException.class, () -> loader.load("f.yaml", surrogate), "an encoded surrogate is not UTF-8");
        byte[] cut = {'a', ':', ' ', (byte) 0xE2, (byte) 0x82};
        assertEquals(
                new Position("f.yaml", 1, 4),
                assertThrows(YamlException.class, () -> loader.load("f.yaml", cut))
                        .position());
    }

    /** kubectl reads UTF-16 after a byte order mark (cli-runtime's BOMOverride); so do we. UTF-8's mark is dropped. */
    @Test
    void utf16WithAByteOrderMarkReadsAsKubectlReadsIt() throws Exception {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        String text = "a: 1\nb: \u00e9\ud83d\ude00\n";
        JsonNode expected = loader.load("f", text).get(0).root();
        assertEquals(
                expected,
                loader.load(
                                "f",
                                withBom(
                                        new byte[] {(byte) 0xFE, (byte) 0xFF},
                                        text.getBytes(StandardCharsets.UTF_16BE)))
                        .get(0)
                        .root());
        assertEquals(
                expected,
                loader.load(
                                "f",
                                withBom(
                                        new byte[] {(byte) 0xFF, (byte) 0xFE},
                                        text.getBytes(StandardCharsets.UTF_16LE)))
                        .get(0)
                        .root());
        assertEquals(
                expected,
                loader.load(
                                "f",
                                withBom(
                                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                                        text.getBytes(StandardCharsets.UTF_8)))
                        .get(0)
                        .root());
        byte[] oddLength = withBom(new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {'a', 0, ':'});
        assertThrows(YamlException.class, () -> loader.load("f", oddLength));
    }

    @Test
    void utf16WithoutAMarkAndUtf32AreRefusedWithAHint() {
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        YamlException le =
                assertThrows(YamlException.class, () -> loader.load("f", "a: 1\n".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(new Position("f", 1, 2), le.position());
        assertTrue(
                le.getMessage().endsWith("(the file looks like UTF-16 without a byte order mark: save it as UTF-8)"),
                le.getMessage());
        YamlException be =
                assertThrows(YamlException.class, () -> loader.load("f", "a: 1\n".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(new Position("f", 1, 1), be.position());
        byte[] utf32 = withBom(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, new byte[] {'a', 0, 0, 0});
        YamlException e32 = assertThrows(YamlException.class, () -> loader.load("f", utf32));
        assertEquals(
                "the file is UTF-32 (it starts with a UTF-32 byte order mark); save it as UTF-8", e32.getMessage());
        byte[] utf32be = withBom(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, new byte[] {0, 0, 0, 'a'});
        assertThrows(YamlException.class, () -> loader.load("f", utf32be));
    }

    static byte[] withBom(byte[] bom, byte[] body) {
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }
}
