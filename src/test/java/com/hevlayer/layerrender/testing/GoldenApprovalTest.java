package com.hevlayer.layerrender.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** {@link Golden}: exact comparison, where the received output goes, and what a mismatch prints. */
class GoldenApprovalTest {
    static final Path DIR = Path.of("target", "golden-approval-test");
    static final Path EXPECTED = DIR.resolve("case").resolve("expected.yaml");
    static final Path RECEIVED = Golden.RECEIVED.resolve(EXPECTED);

    @BeforeEach
    void clean() throws IOException {
        assumeFalse(Golden.UPDATE, "-Dgolden.update=true approves instead of failing");
        Files.createDirectories(EXPECTED.getParent());
        Files.writeString(EXPECTED, "a: 1\nb: 2\nc: 3\nd: 4\n");
        Files.deleteIfExists(RECEIVED);
    }

    @Test
    void theSameBytesPassAndLeaveNoReceivedFile() {
        Golden.verify("a: 1\nb: 2\nc: 3\nd: 4\n", EXPECTED, "stdout");
        assertFalse(Files.exists(RECEIVED), "received file left after a match");
    }

    @Test
    void aMismatchFailsWithALineDiffAndLeavesTheReceivedFileUnderTarget() throws IOException {
        AssertionFailedError e = assertThrows(
                AssertionFailedError.class,
                () -> Golden.verify("a: 1\nb: 20\nc: 3\nd: 4\n", EXPECTED, "stdout of [render x]"));
        assertTrue(e.getMessage().startsWith("stdout of [render x] differs from "), e.getMessage());
        assertTrue(e.getMessage().contains("@@ line 1 @@\n  a: 1\n- b: 2\n+ b: 20\n  c: 3\n  d: 4\n"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dgolden.update=true"), e.getMessage());
        assertEquals("a: 1\nb: 20\nc: 3\nd: 4\n", Files.readString(RECEIVED));
        assertEquals("a: 1\nb: 2\nc: 3\nd: 4\n", Files.readString(EXPECTED), "the expected file is left alone");
        assertEquals("a: 1\nb: 2\nc: 3\nd: 4\n", e.getExpected().getValue());
        assertEquals("a: 1\nb: 20\nc: 3\nd: 4\n", e.getActual().getValue());
    }

    @Test
    void lineEndsAndAMissingFinalNewlineAreDifferences() {
        assertThrows(
                AssertionFailedError.class,
                () -> Golden.verify("a: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n", EXPECTED, "stdout"));
        AssertionFailedError e = assertThrows(
                AssertionFailedError.class, () -> Golden.verify("a: 1\nb: 2\nc: 3\nd: 4", EXPECTED, "stdout"));
        assertTrue(e.getMessage().contains("- \n"), e.getMessage()); // the empty last line after the final newline
    }

    @Test
    void aMissingExpectedFileMatchesNothing() throws IOException {
        Files.delete(EXPECTED);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Golden.verify("", EXPECTED, "stderr"));
        assertTrue(e.getMessage().contains("(missing)"), e.getMessage());
        assertFalse(Files.exists(EXPECTED));
    }

    @Test
    void trailingBlanksAreShownInTheDiff() {
        assertEquals("@@ line 1 @@\n- x\n+ x··\n", Golden.diff("x", "x  "));
    }
}
