package com.hevlayer.layerrender.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.schema.Schemas;
import com.hevlayer.layerrender.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferenceDocTest {

    /** The project base directory: Maven runs the tests there (surefire also sets basedir). */
    private static Path baseDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir == null || basedir.isBlank() ? System.getProperty("user.dir") : basedir);
    }

    @Test
    void referenceMdIsUpToDate() throws IOException {
        Path file = baseDir().resolve(ReferenceDoc.PATH);
        String generated = ReferenceDoc.generate();
        String committed = Files.exists(file)
                ? Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n")
                : null;
        if (!generated.equals(committed)) { // a checkout with CRLF line ends is up to date too
            Files.createDirectories(file.getParent());
            Golden.verify(
                    generated,
                    file,
                    ReferenceDoc.PATH + " (generated from schemas/ and the template "
                            + "src/main/resources/templates/reference.md.mustache; regenerate it with "
                            + ReferenceDoc.REGENERATE
                            + " and commit the result)");
        }
    }

    @Test
    void deterministic() {
        assertEquals(ReferenceDoc.generate(), ReferenceDoc.generate());
    }

    @Test
    void headerSaysGeneratedAndHowToRegenerate() {
        List<String> head = ReferenceDoc.generate().lines().limit(5).toList();
        assertTrue(
                head.stream()
                        .anyMatch(l -> l.contains("Generated from")
                                && l.contains("`schemas/`")
                                && l.contains(ReferenceDoc.REGENERATE)),
                String.join("\n", head));
    }

    @Test
    void everySchemaFieldHasARow() {
        String doc = ReferenceDoc.generate();
        for (Kind kind : Kind.values()) {
            List<String> paths = new ArrayList<>();
            paths("", Schemas.raw(kind), paths);
            String section = section(doc, kind);
            for (String path : paths) {
                assertTrue(section.contains("\n| `" + path + "` |"), kind + ": no row for " + path);
            }
            assertTrue(section.contains(Schemas.raw(kind).get("description").asText()), kind + " description");
        }
    }

    /** Field paths, walked independently of ReferenceDoc. */
    private static void paths(String prefix, JsonNode schema, List<String> out) {
        for (Map.Entry<String, JsonNode> e : schema.path("properties").properties()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            out.add(path);
            paths(path, e.getValue(), out);
            if (e.getValue().path("items").isObject()) {
                paths(path + "[]", e.getValue().get("items"), out);
            }
            if (e.getValue().path("additionalProperties").isObject()) {
                out.add(path + ".<key>");
            }
        }
    }

    private static String section(String doc, Kind kind) {
        int start = doc.indexOf("\n## " + kind.kind + "\n");
        assertTrue(start >= 0, "no heading for " + kind.kind);
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static String row(Kind kind, String path) {
        Optional<String> row = section(ReferenceDoc.generate(), kind)
                .lines()
                .filter(l -> l.startsWith("| `" + path + "` |"))
                .findFirst();
        return row.orElseThrow(() -> new AssertionError("no row for " + path));
    }

    @Test
    void rowsCarryTypeRequiredDefaultLimitsAndDescription() {
        assertEquals(
                "| `spec.scaling.replicas.max` | integer (int32) | yes |  |  | Highest replica count; at most the "
                        + "pool's maxReplicasPerWorkload and the replica ceiling. |",
                row(Kind.PIPELINE, "spec.scaling.replicas.max"));
        String computeClass = row(Kind.PIPELINE, "spec.worker.computeClass");
        assertTrue(computeClass.contains("| string | no | `cpu` | one of `cpu`, `gpu` |"), computeClass);
        String pipelineId = row(Kind.PIPELINE, "spec.pipelineId");
        assertTrue(pipelineId.contains("| string | no |  | may be null |"), pipelineId);
        assertTrue(row(Kind.PIPELINE, "spec.paused").contains("| boolean | no | `false` |"));
        assertTrue(row(Kind.PIPELINE, "spec.sourceRef").contains("| any | no |"), row(Kind.PIPELINE, "spec.sourceRef"));
        assertTrue(
                row(Kind.INFRA_RULES, "spec.computePools[].tolerations").contains("| []object (free-form) | no |"),
                row(Kind.INFRA_RULES, "spec.computePools[].tolerations"));
        assertTrue(
                row(Kind.INFRA_RULES, "spec.computePools[].nodeSelector.<key>").contains("| string |"));
        assertTrue(row(Kind.INFRA_RULES, "spec.computePools[].nodeSelector").contains("| map[string]string |"));
        assertTrue(
                row(Kind.INFRA_RULES, "spec.computePools").contains("| []object | no | `[]` |"),
                row(Kind.INFRA_RULES, "spec.computePools"));
        assertTrue(
                row(Kind.INFRA_RULES, "spec.documentCache.capGiB").contains("| integer (uint64) | yes |  | >= 0.0 |"),
                row(Kind.INFRA_RULES, "spec.documentCache.capGiB"));
        assertTrue(
                row(Kind.VECTOR_STORE, "spec.kind")
                        .contains("| string | yes |  | one of `turbopuffer`, `pinecone`, `search` |"),
                row(Kind.VECTOR_STORE, "spec.kind"));
        assertTrue(
                row(Kind.VECTOR_STORE, "spec.inboundAuth.mode").contains("`deriveFromStore` |"),
                row(Kind.VECTOR_STORE, "spec.inboundAuth.mode"));
    }

    @Test
    void scopeAndKubectlNames() {
        String doc = ReferenceDoc.generate();
        assertTrue(section(doc, Kind.PIPELINE).contains("- Scope: namespaced"));
        assertTrue(section(doc, Kind.INFRA_RULES).contains("- Scope: cluster"));
        assertTrue(section(doc, Kind.VECTOR_STORE).contains("- Scope: namespaced"));
        assertTrue(section(doc, Kind.PIPELINE).contains("short names `pl`"));
    }

    @Test
    void tablesAreWellFormedMarkdown() {
        String doc = ReferenceDoc.generate();
        assertFalse(doc.contains("{{"), "unrendered mustache tag");
        assertFalse(doc.contains("&quot;") || doc.contains("&#"), "HTML-escaped text in Markdown");
        assertTrue(doc.endsWith("\n") && !doc.endsWith("\n\n"), "one trailing newline");
        assertFalse(doc.contains("\r"), "LF line endings");
        for (String line : doc.lines().toList()) {
            assertEquals(line.strip(), line.stripLeading(), "trailing whitespace: " + line);
            if (line.startsWith("|")) {
                // six columns: seven unescaped pipes, so a | in a pattern cannot split a cell
                long pipes =
                        line.replace("\\|", "").chars().filter(c -> c == '|').count();
                assertEquals(7, pipes, line);
            }
        }
    }
}
