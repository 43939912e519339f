package com.hevlayer.layerrender.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hevlayer.layerrender.cli.InProcess;
import com.hevlayer.layerrender.testing.Golden;
import com.hevlayer.layerrender.testing.UpstreamSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Runs every case under {@code golden/<case>/}: the command in {@code args} (default
 * {@code render {case}/input.yaml}; {@code {case}} stands for the case folder), with the
 * environment in {@code env} (KEY=VALUE lines), must print exactly {@code expected.yaml} (or
 * {@code expected.json}; {@code expected.txt} for a command that prints text, such as {@code explain}) and exit 0, or print nothing on stdout, exactly {@code expected-error.txt}
 * on stderr and exit 1 (or the exit code in {@code exit-code}). Warnings on success go to
 * {@code expected-stderr.txt}. Every rendered object is checked against the upstream schemas.
 *
 * <p>A case named {@code krm-<case>} runs the KRM function: {@code input.yaml} is the ResourceList on
 * stdin (default args {@code krm}), {@code expected.yaml} the ResourceList it prints, results
 * included, {@code expected-stderr.txt} what it prints on stderr; as the function prints its output
 * even when it fails, such a case may give {@code exit-code} beside {@code expected.yaml}.
 *
 * <p>A case named {@code diff-<case>} runs {@code layer-render diff} (its {@code args} name both sides,
 * e.g. {@code diff {case}/input-old.yaml {case}/input-new.yaml}, or folders {@code {case}/old/} and
 * {@code {case}/new/}): what it prints is {@code expected.txt} (text), {@code expected.md} (Markdown) or
 * {@code expected.json} (the diff as data), with its exit status in {@code exit-code} (1: changed; none: 0,
 * no change); a side that is invalid gives {@code expected-error.txt} and {@code exit-code} 2.
 *
 * <p>The compare step is {@link Golden}'s (ApprovalTests): a mismatch prints a line diff and leaves the
 * output under {@code target/golden-received/}.
 *
 * <p>After a deliberate change, {@code mvn test -Dtest=GoldenTest -Dgolden.update=true} rewrites the
 * expected files; read the diff before committing it.
 */
class GoldenTest {
    static final Path ROOT = Path.of("golden");

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(ROOT)) {
            cases = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        assertTrue(
                cases.size() >= Integer.getInteger("golden.min", 30),
                "expected at least 30 golden cases, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> run(c)));
    }

    static void run(Path dir) throws IOException {
        String caseRef = ROOT.resolve(dir.getFileName()).toString();
        List<String> args = new ArrayList<>();
        Path argsFile = dir.resolve("args");
        if (Files.exists(argsFile)) {
            for (String line : Files.readAllLines(argsFile)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    args.addAll(Arrays.asList(line.trim().split("\\s+")));
                }
            }
        } else if (krm(dir)) {
            args.add("krm");
        } else {
            args.addAll(List.of("render", "{case}/input.yaml"));
        }
        args.replaceAll(a -> a.replace("{case}", caseRef));
        Map<String, String> env = new LinkedHashMap<>();
        Path envFile = dir.resolve("env");
        if (Files.exists(envFile)) {
            for (String line : Files.readAllLines(envFile)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        Path stdinFile = krm(dir) ? dir.resolve("input.yaml") : dir.resolve("stdin.yaml");
        byte[] stdin = Files.exists(stdinFile) ? Files.readAllBytes(stdinFile) : new byte[0];
        InProcess.Result run = InProcess.run(stdin, env, args.toArray(new String[0]));
        int code = run.code();
        int wantCode = Files.exists(dir.resolve("exit-code"))
                ? Integer.parseInt(Files.readString(dir.resolve("exit-code")).trim())
                : -1;
        String stdout = run.out();
        String stderr = run.err();
        assertFalse(stderr.contains("\tat "), "stack trace on stderr:\n" + stderr);

        Path expectedError = dir.resolve("expected-error.txt");
        if (Files.exists(expectedError)) {
            int want = wantCode >= 0 ? wantCode : 1;
            Golden.verify(stderr, expectedError, "stderr of " + args);
            assertEquals("", stdout, "stdout must be empty on error");
            assertEquals(want, code, "exit code of " + args + "\n" + stderr);
            return;
        }
        Path expected = dir.resolve("expected.yaml");
        for (String name : List.of("expected.json", "expected.txt", "expected.md")) {
            if (Files.exists(dir.resolve(name))) {
                expected = dir.resolve(name);
            }
        }
        Path expectedStderr = dir.resolve("expected-stderr.txt");
        assertEquals(wantCode >= 0 ? wantCode : 0, code, "exit code of " + args + "\n" + stderr);
        if (!stderr.isEmpty() || Files.exists(expectedStderr)) { // no file: no warnings expected
            Golden.verify(stderr, expectedStderr, "stderr of " + args);
        }
        Golden.verify(stdout, expected, "stdout of " + args);
        if (diff(dir) || expected.toString().endsWith(".txt")) {
            return; // a diff or an explanation (text), not manifests
        }
        List<JsonNode> printed = parse(stdout, expected.toString().endsWith(".json"));
        if (krm(dir)) {
            assertEquals(1, printed.size(), "one ResourceList");
            List<JsonNode> items = new ArrayList<>();
            printed.get(0).path("items").forEach(items::add);
            printed = items;
        }
        for (JsonNode object : printed) {
            String api = object.path("apiVersion").asText();
            if (api.equals("apps/v1") || api.startsWith("keda.sh/")) {
                UpstreamSchemas.assertValid(object);
            }
        }
    }

    static boolean diff(Path dir) {
        return dir.getFileName().toString().startsWith("diff-");
    }

    static boolean krm(Path dir) {
        return dir.getFileName().toString().startsWith("krm-");
    }

    static List<JsonNode> parse(String stdout, boolean json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        if (json) {
            mapper.readTree(stdout).path("items").forEach(docs::add);
            return docs;
        }
        for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(stdout)) {
            if (o != null) {
                docs.add(mapper.valueToTree(o));
            }
        }
        return docs;
    }
}
