package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, streams, files. */
class CliTest {
    /** A run of the command line, failing the test on a stack trace. */
    static InProcess.Result run(String stdin, Map<String, String> env, String... args) {
        InProcess.Result r = InProcess.run(stdin, env, args);
        assertFalse(r.err().contains("\tat "), "stack trace:\n" + r.err());
        return r;
    }

    static final String PIPELINE = "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: web}\n"
            + "spec: {target: {namespace: t}, worker: {image: img}, scaling: {replicas: {max: 2}}}\n";

    @Test
    void rendersStdinAndUsesTheDefaultNamespace() {
        InProcess.Result r = run(PIPELINE, Map.of(), "render", "-", "--namespace", "apps");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: web-worker\n  namespace: apps\n"), r.out());
        // the one note: the worker's namespace is not the gateway Secret's, and render cannot copy it
        assertTrue(
                r.err()
                        .startsWith(
                                "layer-render: note: the workers in namespace apps read Secret layer (key"
                                        + " turbopuffer-api-key) in their own namespace, but the gateway's Secret is in namespace layer"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void environmentIsBelowFlags() {
        InProcess.Result r = run(
                PIPELINE,
                Map.of("GATEWAY_BASE_URL", "http://env:1", "GATEWAY_AUTH_MODE", "open"),
                "render",
                "-",
                "--gateway-base-url",
                "http://flag:2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("value: http://flag:2\n"), r.out());
        assertTrue(r.out().contains("serverAddress: http://flag:2/v2/metrics"), r.out());
        assertFalse(r.out().contains("TriggerAuthentication"), "open mode renders no TriggerAuthentication");
        assertFalse(r.out().contains("LAYER_GATEWAY_API_KEY"));
    }

    @Test
    void badSettingsAreUsageErrors() {
        InProcess.Result env = run(PIPELINE, Map.of("MAX_REPLICAS_CEILING", "lots"), "render", "-");
        assertEquals(2, env.code());
        assertEquals("", env.out());
        assertTrue(env.err().contains("MAX_REPLICAS_CEILING=lots is not a whole number"), env.err());
        InProcess.Result flag = run(PIPELINE, Map.of(), "render", "-", "--auth-mode", "closed");
        assertEquals(2, flag.code());
        assertTrue(
                flag.err().contains("--auth-mode=closed is not an auth mode (use deriveFromStore, keys or open)"),
                flag.err());
        assertEquals(2, run("", Map.of(), "render").code());
        assertEquals(2, run("", Map.of(), "render", "--nope", "-").code());
        assertEquals(2, run("", Map.of(), "render", "missing.yaml").code());
        assertEquals(2, run("", Map.of(), "render", "-", "-o", "xml").code());
    }

    @Test
    void invalidInputExitsOneWithNothingOnStdout() {
        InProcess.Result r = run(PIPELINE.replace("max: 2", "max: 200"), Map.of(), "render", "-");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("-:4:"), r.err());
        assertTrue(r.err().contains("exceeds pool \"cpu\"'s maxReplicasPerWorkload of 32"), r.err());
    }

    @Test
    void outputDirWritesAPushWorkersServiceInItsOwnFile(@TempDir Path dir) throws Exception {
        String input = PIPELINE.replace("worker: {image: img}", "worker: {image: img, dispatch: push, port: 8080}");
        InProcess.Result r = run(input, Map.of(), "render", "-", "--output-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(
                List.of(
                        ".layer-render-files",
                        "_.web-worker.deployment.yaml",
                        "_.web-worker.scaledobject.yaml",
                        "_.web-worker.service.yaml",
                        "_.web-worker.triggerauthentication.yaml"),
                names);
        assertTrue(Files.readString(dir.resolve("_.web-worker.service.yaml"))
                .startsWith("---\napiVersion: v1\nkind: Service\n"));
    }

    @Test
    void outputDirWritesOneStableFilePerObject(@TempDir Path dir) throws Exception {
        String input = PIPELINE + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: apps}\n";
        InProcess.Result r = run(input, Map.of(), "render", "-", "--output-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(
                List.of(
                        ".layer-render-files",
                        "_.web-worker.deployment.yaml",
                        "_.web-worker.scaledobject.yaml",
                        "_.web-worker.triggerauthentication.yaml",
                        "apps.cfg.configmap.yaml"),
                names);
        assertTrue(Files.readString(dir.resolve("apps.cfg.configmap.yaml"))
                .startsWith("---\napiVersion: v1\nkind: ConfigMap\n"));
    }

    @Test
    void jsonIsAV1List() {
        InProcess.Result r = run(PIPELINE, Map.of(), "render", "-", "-o", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().startsWith("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [\n"), r.out());
    }

    @Test
    void validatePrintsASummaryAndNoManifests() {
        InProcess.Result r = run(PIPELINE, Map.of(), "validate", "-");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "valid: 1 Pipeline(s) render to 3 object(s) with the built-in pools (no InfraRules given);"
                        + " 0 other document(s) pass through\n",
                r.out());
    }

    @Test
    void versionAndHelp() {
        assertTrue(run("", Map.of(), "version").out().startsWith("layer-render "));
        InProcess.Result help = run("", Map.of(), "render", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--max-replicas-ceiling"), help.out());
    }
}
