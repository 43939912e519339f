package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kubectl's manners (issue 16, item 5): help with examples, suggestions, -n, usage errors, CI-friendly errors. */
class CliMannersTest {
    static final String PIPELINE = CliTest.PIPELINE;
    static final String TEKTON = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: build}\nspec: {}\n";
    static final String UNKNOWN_KIND =
            "apiVersion: hevlayer.com/v1alpha1\nkind: GatewayRoute\nmetadata: {name: r}\nspec: {}\n";

    static InProcess.Result run(String stdin, String... args) {
        return CliTest.run(stdin, Map.of(), args);
    }

    @Test
    void topLevelHelpDescribesEveryCommandAndEveryExitCode() {
        InProcess.Result r = run("", "--help");
        assertEquals(0, r.code());
        for (String command : List.of("render", "validate", "crds", "krm", "reconcile", "version")) {
            // the command list: the name, then its description on the same line
            assertTrue(
                    r.out().lines().anyMatch(l -> l.matches("  " + command + " +[A-Z].*")), command + "\n" + r.out());
        }
        for (String code : List.of("0", "1", "2", "3", "4")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + code + "  ")), code + "\n" + r.out());
        }
        assertTrue(r.out().contains("Examples:"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"render", "validate", "crds", "krm", "reconcile", "version"})
    void everyCommandsHelpHasADescriptionAndExamples(String command) {
        InProcess.Result r = run("", command, "--help");
        assertEquals(0, r.code());
        List<String> lines = r.out().lines().toList();
        int usageEnd = 1;
        while (usageEnd < lines.size() && lines.get(usageEnd).startsWith(" ")) {
            usageEnd++; // the synopsis' continuation lines
        }
        assertTrue(lines.get(usageEnd).matches("[A-Z].*"), "a description after the synopsis:\n" + r.out());
        int examples = lines.indexOf("Examples:");
        assertTrue(examples > 0, r.out());
        assertTrue(
                lines.subList(examples + 1, lines.size()).stream()
                        .anyMatch(l -> l.startsWith("  ") && l.contains("layer-render " + command)),
                "an example runs the command:\n" + r.out());
    }

    @Test
    void aMisspeltCommandOrFlagGetsASuggestion() {
        InProcess.Result command = run("", "rendr", "x.yaml");
        assertEquals(2, command.code());
        assertTrue(command.err().contains("Did you mean: render"), command.err());
        InProcess.Result flag = run(PIPELINE, "render", "--namspace", "apps", "-");
        assertEquals(2, flag.code());
        assertEquals("", flag.out());
        assertTrue(flag.err().contains("Did you mean: --namespace?"), flag.err());
        InProcess.Result validate = run(PIPELINE, "validate", "--infra-rule", "r.yaml", "-");
        assertEquals(2, validate.code());
        assertTrue(validate.err().contains("Did you mean: --infra-rules?"), validate.err());
    }

    @Test
    void aMisspeltArgoCdEnvIsAUsageErrorWithASuggestion() {
        InProcess.Result r =
                CliTest.run(PIPELINE, Map.of("ARGOCD_ENV_MAX_REPLICA_CEILING", "5"), "render", "--argocd", "-");
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(
                r.err()
                        .startsWith("layer-render: unknown plugin env ARGOCD_ENV_MAX_REPLICA_CEILING (did you mean"
                                + " ARGOCD_ENV_MAX_REPLICAS_CEILING?"),
                r.err());
        // outside Argo CD the plugin env is not read at all
        assertEquals(
                0,
                CliTest.run(PIPELINE, Map.of("ARGOCD_ENV_MAX_REPLICA_CEILING", "5"), "render", "-")
                        .code());
    }

    @Test
    void dashNIsTheNamespace() {
        InProcess.Result r = run(PIPELINE, "render", "-n", "apps", "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: web-worker\n  namespace: apps\n"), r.out());
        assertEquals(
                r.out(), run(PIPELINE, "render", "--namespace", "apps", "-").out());
    }

    @Test
    void aBadNamespaceIsTheFlagsMistakeNotTheFiles() {
        InProcess.Result r = run(PIPELINE, "render", "--namespace", "Bad_NS", "-");
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("layer-render: --namespace=Bad_NS is not a namespace name"), r.err());
        assertTrue(r.err().contains("--namespace bad-ns"), r.err());
        assertFalse(r.err().contains("<stdin>"), "the input is not to blame: " + r.err());
        assertEquals(2, run(PIPELINE, "validate", "-n", "x".repeat(64), "-").code());
    }

    @Test
    void suggestedNamespaceIsAValidOne() {
        assertEquals("bad-ns", RenderCommand.suggestedNamespace("Bad_NS"));
        assertEquals("team-a", RenderCommand.suggestedNamespace("-Team.A-"));
        assertEquals("default", RenderCommand.suggestedNamespace("__"));
        assertEquals(63, RenderCommand.suggestedNamespace("a".repeat(70)).length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-o=json", "--output=yaml", "--output-dir=out", "--prune"})
    void validateRefusesOutputFlags(String flag) {
        InProcess.Result r = run(PIPELINE, "validate", flag, "-");
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
        assertTrue(r.err().contains("validate prints no manifests, so it has no " + name), r.err());
        String help = run("", "validate", "--help").out();
        assertFalse(help.contains("-o, --output=") || help.contains("--output-dir=DIR"), "no output flag:\n" + help);
    }

    @Test
    void validateCountsOurPipelinesAndNamesTheInfraRules() {
        InProcess.Result r = run(PIPELINE + "---\n" + TEKTON, "validate", "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out()
                        .startsWith("valid: 1 Pipeline(s) render to 3 object(s) with the built-in pools"
                                + " (no InfraRules given); 1 other document(s) pass through"),
                r.out());
    }

    @Test
    void warningsAsErrorsFailsWithNothingOnStdout() {
        InProcess.Result plain = run(PIPELINE + "---\n" + UNKNOWN_KIND, "render", "-");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.err().contains("warning: GatewayRoute r: kind: not a kind layer-render renders"), plain.err());
        InProcess.Result strict = run(PIPELINE + "---\n" + UNKNOWN_KIND, "render", "--warnings-as-errors", "-");
        assertEquals(1, strict.code(), strict.err());
        assertEquals("", strict.out());
        assertTrue(strict.err().endsWith("1 warning and --warnings-as-errors; nothing rendered\n"), strict.err());
        InProcess.Result validate = run(PIPELINE + "---\n" + UNKNOWN_KIND, "validate", "--warnings-as-errors", "-");
        assertEquals(1, validate.code());
        assertEquals("", validate.out());
        assertEquals(0, run(PIPELINE, "render", "--warnings-as-errors", "-").code(), "no warning: no failure");
    }

    @Test
    void errorsJsonIsOneKrmResultPerLine() throws Exception {
        InProcess.Result r =
                run(PIPELINE.replace("max: 2", "max: 200") + "---\n" + UNKNOWN_KIND, "render", "--errors", "json", "-");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> results = r.err()
                .lines()
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError("not a JSON line: " + l, e);
                    }
                })
                .toList();
        assertEquals(3, results.size(), r.err()); // two errors and a warning; no summary line
        JsonNode first = results.get(0);
        assertEquals("error", first.path("severity").asText());
        assertEquals("REPLICAS_EXCEED_POOL_CEILING", first.path("code").asText());
        assertEquals("Pipeline", first.path("resourceRef").path("kind").asText());
        assertEquals("web", first.path("resourceRef").path("name").asText());
        assertEquals(
                "hevlayer.com/v1alpha1",
                first.path("resourceRef").path("apiVersion").asText());
        assertEquals(
                "spec.scaling.replicas.max", first.path("field").path("path").asText());
        assertEquals("-", first.path("file").path("path").asText()); // stdin
        assertEquals(4, first.path("file").path("line").asInt());
        assertTrue(first.path("file").path("column").asInt() > 0);
        assertTrue(first.path("message").asText().contains("maxReplicasPerWorkload"));
        JsonNode warning = results.get(2);
        assertEquals("warning", warning.path("severity").asText());
        assertEquals("UNKNOWN_DOCUMENT", warning.path("code").asText());
        assertEquals(2, run(PIPELINE, "render", "--errors", "xml", "-").code());
    }

    @Test
    void errorsJsonEscapesWhatCouldDisguiseALine() {
        InProcess.Result r = run(
                PIPELINE.replace("name: web", "name: \"w\\u202eb\\nx\"").replace("max: 2", "max: 200"),
                "validate",
                "--errors=json",
                "-");
        assertEquals(1, r.code());
        assertFalse(r.err().contains("\u202e"), r.err());
        r.err().lines().forEach(l -> assertTrue(l.startsWith("{") && l.endsWith("}"), l));
    }

    @Test
    void errorsJsonNotesAreInfoObjects() throws Exception {
        InProcess.Result r = run(PIPELINE, "render", "-n", "apps", "--errors", "json", "-");
        assertEquals(0, r.code(), r.err());
        JsonNode note = new ObjectMapper().readTree(r.err().lines().findFirst().orElseThrow());
        assertEquals("info", note.path("severity").asText());
        assertTrue(note.path("message").asText().contains("namespace apps"), r.err());
    }
}
