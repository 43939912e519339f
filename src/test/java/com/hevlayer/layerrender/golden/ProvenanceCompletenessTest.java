package com.hevlayer.layerrender.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hevlayer.layerrender.cli.InProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The test that keeps {@code explain} complete (issue 18): every golden case that renders is explained with
 * provenance on ({@code explain all -o json}, the case's own inputs, flags and environment), and every leaf of
 * every rendered object must have an origin. The explained fields must be the rendered ones: as many leaves per
 * object as {@code render} prints, with the same values, so a field the renderer adds cannot go unexplained.
 */
class ProvenanceCompletenessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyRenderedFieldHasAnOrigin() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(GoldenTest.ROOT)) {
            cases = s.filter(Files::isDirectory)
                    .filter(d -> !GoldenTest.krm(d))
                    .filter(d -> !Files.exists(d.resolve("expected-error.txt")))
                    .filter(d -> !Files.exists(d.resolve("exit-code")))
                    .filter(d -> args(d).get(0).equals("render"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(cases.size() >= 50, "expected the golden render cases, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private static void check(Path dir) throws IOException {
        Map<String, String> env = env(dir);
        byte[] stdin =
                Files.exists(dir.resolve("stdin.yaml")) ? Files.readAllBytes(dir.resolve("stdin.yaml")) : new byte[0];
        List<String> render = new ArrayList<>(args(dir));
        List<String> explain = new ArrayList<>(List.of("explain", "all", "-o", "json"));
        List<String> rest = render.subList(1, render.size());
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("-o") || a.equals("--output") || a.equals("--output-dir")) {
                i++;
            } else if (!a.startsWith("--output") && !a.equals("--prune") && !a.startsWith("-ojson")) {
                explain.add(a);
            }
        }
        render = new ArrayList<>(List.of("render", "-o", "json"));
        render.addAll(explain.subList(4, explain.size()));

        InProcess.Result rendered = InProcess.run(stdin, env, render.toArray(new String[0]));
        assertEquals(0, rendered.code(), rendered.err());
        Map<String, JsonNode> objects = new HashMap<>();
        for (JsonNode o : JSON.readTree(rendered.out()).path("items")) {
            objects.put(key(o), o);
        }

        InProcess.Result explained = InProcess.run(stdin, env, explain.toArray(new String[0]));
        assertEquals(0, explained.code(), explained.err());
        int checked = 0;
        for (JsonNode o : JSON.readTree(explained.out()).path("objects")) {
            List<String> unexplained = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (JsonNode f : o.path("fields")) {
                if (f.path("origin").isNull()) {
                    unexplained.add(f.path("field").asText());
                }
                values.add(f.path("value").toString());
            }
            assertEquals(List.of(), unexplained, "fields of " + key(o) + " without an origin in " + dir);
            JsonNode object = objects.get(key(o));
            assertTrue(object != null, key(o) + " is explained but not rendered");
            List<String> leaves = new ArrayList<>();
            leaves(object, leaves);
            assertEquals(leaves, values, "the explained fields of " + key(o) + " are the rendered ones");
            checked++;
        }
        // -n is also explain's choice of namespace, as kubectl's: only that namespace's objects are explained
        int n = Math.max(explain.indexOf("-n"), explain.indexOf("--namespace"));
        String namespace = n < 0 ? null : explain.get(n + 1);
        long ours = objects.values().stream()
                .filter(o -> o.path("metadata").path("labels").has("hevlayer.com/pipeline"))
                .filter(o -> namespace == null
                        || namespace.equals(o.path("metadata").path("namespace").asText()))
                .count();
        assertEquals(ours, checked, "every rendered object is explained");
    }

    /** The leaves' values in output order: scalars, empty mappings and empty lists. */
    private static void leaves(JsonNode n, List<String> out) {
        if ((n.isObject() || n.isArray()) && n.size() > 0) {
            n.forEach(c -> leaves(c, out));
        } else {
            out.add(n.toString());
        }
    }

    private static String key(JsonNode o) {
        return o.path("kind").asText() + " "
                + o.path("metadata").path("namespace").asText("") + "/"
                + o.path("metadata").path("name").asText();
    }

    private static List<String> args(Path dir) {
        Path file = dir.resolve("args");
        List<String> args = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        args.addAll(Arrays.asList(line.trim().split("\\s+")));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (args.isEmpty()) {
            args.addAll(List.of("render", "{case}/input.yaml"));
        }
        String ref = GoldenTest.ROOT.resolve(dir.getFileName()).toString();
        args.replaceAll(a -> a.replace("{case}", ref));
        return args;
    }

    private static Map<String, String> env(Path dir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Path file = dir.resolve("env");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return env;
    }
}
