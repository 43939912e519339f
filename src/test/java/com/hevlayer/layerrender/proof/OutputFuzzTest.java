package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.output.OutputDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the {@code --output-dir} path: passed-through documents with
 * fuzzed {@code kind}, {@code metadata.name} and {@code metadata.namespace} (any Unicode, any length,
 * or not a string at all) are named by {@link Output#files} and written by {@link OutputDir#write}
 * into a fresh folder. A finding: anything written outside that folder or below it in a subfolder, a
 * file that is not a regular file, a count that is not one file per document plus the manifest, or
 * an exception. Regression mode replays {@code OutputFuzzTestInputs/writeOnlyInsideTheFolder/}; the
 * pom's {@code fuzz-output} execution fuzzes for {@code -Dfuzz.output.duration} (10s by default).
 */
class OutputFuzzTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @FuzzTest(maxDuration = "10s")
    void writeOnlyInsideTheFolder(FuzzedDataProvider data) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        int n = data.consumeInt(1, 6);
        for (int i = 0; i < n; i++) {
            ObjectNode d = F.objectNode();
            d.put("apiVersion", data.consumeBoolean() ? "v1" : data.consumeString(40));
            putPart(d, "kind", data);
            ObjectNode meta = d.putObject("metadata");
            putPart(meta, "name", data);
            putPart(meta, "namespace", data);
            docs.add(d);
        }
        Path root = Files.createTempDirectory("output-fuzz");
        try {
            Path out = root.resolve("out");
            String format = data.consumeBoolean() ? "yaml" : "json";
            Map<String, JsonNode> files = Output.files(Output.documents(List.of(), docs), format);
            OutputDir.write(
                    out, files, d -> Output.jsonObject(d).getBytes(StandardCharsets.UTF_8), data.consumeBoolean());
            try (Stream<Path> all = Files.walk(root)) {
                List<Path> entries =
                        all.filter(p -> !p.equals(root) && !p.equals(out)).toList();
                for (Path p : entries) {
                    assertEquals(out, p.getParent(), "written outside the output folder: " + p);
                    assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), "not a regular file: " + p);
                    assertTrue(p.getFileName().toString().length() <= Output.MAX_NAME, "name too long: " + p);
                }
                assertEquals(docs.size() + 1, entries.size(), "one file per document and the manifest: " + entries);
            }
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A string made for traversal more often than chance would, or another JSON type, or nothing. */
    private static void putPart(ObjectNode o, String field, FuzzedDataProvider data) {
        switch (data.consumeInt(0, 5)) {
            case 0 -> {}
            case 1 -> o.put(field, data.consumeInt());
            case 2 -> o.putObject(field).put("x", data.consumeString(10));
            case 3 ->
                o.put(
                        field,
                        String.join("", java.util.Collections.nCopies(data.consumeInt(1, 100), "../"))
                                + data.consumeString(20));
            case 4 -> o.put(field, data.consumeString(data.consumeInt(200, 5000)));
            default -> o.put(field, data.consumeString(80));
        }
    }
}
