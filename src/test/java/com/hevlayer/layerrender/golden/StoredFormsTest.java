package com.hevlayer.layerrender.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden cases {@code real-X-stored} (and {@code real-X-list}) hold the vendor's manifest
 * {@code real-X} as the API server stores it (CRD defaults, status, managedFields, resourceVersion,
 * uid, the last-applied annotation; a v1 List as {@code kubectl get -o yaml} prints several):
 * each must render exactly what its applied form renders, or fail with the same messages.
 */
class StoredFormsTest {

    @TestFactory
    Stream<DynamicTest> storedFormsRenderLikeTheirAppliedForm() throws IOException {
        List<Path> stored;
        try (Stream<Path> s = Files.list(GoldenTest.ROOT)) {
            stored = s.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("real-"))
                    .filter(p -> p.getFileName().toString().matches(".*-(stored|list)"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(stored.size() >= 10, "expected the stored forms of the real manifests, found " + stored.size());
        return stored.stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    String name = p.getFileName().toString();
                    Path applied = GoldenTest.ROOT.resolve(name.substring(0, name.lastIndexOf('-')));
                    assertTrue(Files.isDirectory(applied), "no applied form " + applied + " for " + p);
                    for (String file : List.of("expected.yaml", "expected-error.txt", "expected-stderr.txt")) {
                        assertEquals(
                                Files.exists(applied.resolve(file)), Files.exists(p.resolve(file)), file + " in " + p);
                        if (!Files.exists(p.resolve(file))) {
                            continue;
                        }
                        assertEquals(
                                messages(applied.resolve(file), applied),
                                messages(p.resolve(file), p),
                                file + " of " + p);
                    }
                }));
    }

    /** The file's text; for stderr, each line without its FILE:LINE:COL (the two inputs differ in layout). */
    private static String messages(Path file, Path caseDir) throws IOException {
        String text = Files.readString(file);
        if (file.getFileName().toString().endsWith(".yaml")) {
            return text;
        }
        return text.lines()
                .map(l -> l.replaceFirst(
                        "^" + java.util.regex.Pattern.quote(caseDir.toString()) + "/input\\.yaml:\\d+:\\d+: ", ""))
                .collect(Collectors.joining("\n"));
    }
}
