package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole input path: bytes → YAML reader → schema checks
 * and SPEC rules → renderer → YAML writer. A finding is anything but a clean answer: an exception
 * other than a {@link YamlException} from the reader, an exception from the engine, or output that
 * does not read back as the same documents.
 *
 * <p>Without {@code JAZZER_FUZZ} (the default test execution) this replays the committed corpus in
 * {@code src/test/resources/com/hevlayer/layerrender/proof/EngineFuzzTestInputs/parseValidateRender/}
 * (seeds and every crash found so far); the {@code fuzz} execution of the pom fuzzes for
 * {@code -Dfuzz.duration} (20s by default).
 */
class EngineFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void parseValidateRender(byte[] data) throws Exception {
        // the raw bytes, as the CLI hands them over (decoding, byte order marks, bad bytes): a refusal
        // must say where (issue 12: bad bytes had no position, control characters were at 1:1)
        try {
            new YamlLoader(Limits.DEFAULT).load("fuzz.yaml", data);
        } catch (YamlException e) {
            assertPlaced(e);
        }
        // then the bytes as UTF-8 text with replacements, to reach the parser and the engine more often
        List<SourceDoc> docs;
        try {
            docs = new YamlLoader(Limits.DEFAULT).load("fuzz.yaml", new String(data, StandardCharsets.UTF_8));
        } catch (YamlException e) {
            assertPlaced(e);
            return;
        }
        Engine.Outcome o = Harness.ENGINE.run(new Engine.Request(docs, List.of(), null));
        if (o.failed()) {
            return;
        }
        List<JsonNode> out = Output.documents(o.objects(), o.passthrough());
        String yaml = Output.yaml(out);
        // Read our own output back without the size limits: aliases within the input's limits can
        // expand into an output document larger than the limits allow for input (crash-1bb1d522...).
        Limits unbounded = new Limits(
                Limits.DEFAULT.maxDepth(), Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
        List<SourceDoc> back = new YamlLoader(unbounded).load("out.yaml", yaml);
        assertEquals(out.size(), back.size());
        for (int i = 0; i < out.size(); i++) {
            if (!Oracle.sameJson(out.get(i), back.get(i).root())) {
                throw new AssertionError("output document " + i + " reads back differently:\n" + yaml);
            }
        }
    }

    private static void assertPlaced(YamlException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "a reader error without words");
        assertTrue(
                e.position() != null
                        && e.position().line() >= 1
                        && e.position().column() >= 1
                        && "fuzz.yaml".equals(e.position().file()),
                "a reader error without a position: " + e.position());
    }
}
