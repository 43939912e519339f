package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --exclude} in the folder walk of render, validate, render --argocd and discover, and the files without
 * apiVersion and kind a walk skips. The timeout only keeps a FIFO that is opened by mistake from hanging the build.
 */
@Timeout(120)
class ExcludeWalkTest {
    static final String PIPELINE = CliTest.PIPELINE;
    static final String VALUES = "replicaCount: 2\nimage: {repository: ghcr.io/example/web}\n";

    @TempDir
    Path tmp;

    static InProcess.Result run(Map<String, String> env, String... args) {
        return CliTest.run("", env, args);
    }

    Path app() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("pipeline.yaml"), PIPELINE);
        return app;
    }

    @Test
    void anExcludedFolderIsNeverEnteredSoNothingInItIsOpenedOrFollowed() throws Exception {
        Path app = app();
        Path secrets = Files.createDirectories(app.resolve("vendor/secrets"));
        Path outside = Files.writeString(tmp.resolve("kubeconfig.yaml"), "token: s3cr3t\n");
        Files.createSymbolicLink(secrets.resolve("kube.yaml"), outside); // a link out: refused when walked
        Files.createSymbolicLink(secrets.resolve("gone.yaml"), tmp.resolve("nothing-here")); // dangling
        new ProcessBuilder("mkfifo", secrets.resolve("pipe.yaml").toString())
                .start()
                .waitFor(); // a FIFO: refused when walked
        InProcess.Result walked = run(Map.of(), "render", app.toString());
        assertEquals(1, walked.code(), walked.err());
        assertTrue(walked.err().contains("kube.yaml: a link to a file outside"), walked.err());
        assertTrue(walked.err().contains("pipe.yaml: not a regular file"), walked.err());

        for (String glob : new String[] {"vendor/", "secrets/", "vendor/**", "**/secrets"}) {
            InProcess.Result r = run(Map.of(), "render", app.toString(), "--exclude", glob);
            assertEquals(0, r.code(), glob + ": " + r.err());
            assertEquals("", r.err(), glob);
            assertTrue(r.out().contains("kind: Deployment"), r.out());
            assertFalse(r.out().contains("s3cr3t"));
        }
        InProcess.Result validate = run(Map.of(), "validate", app.toString(), "--exclude=vendor/");
        assertEquals(0, validate.code(), validate.err());
    }

    @Test
    void aGlobIsRelativeToTheInputFolderItsFileWasFoundUnder() throws Exception {
        Path app = app();
        Files.createDirectories(app.resolve("web"));
        Files.writeString(app.resolve("web/values.yaml"), VALUES);
        InProcess.Result anchored = run(Map.of(), "render", app.toString(), "--exclude", "web/values.yaml");
        assertEquals(0, anchored.code(), anchored.err());
        assertEquals("", anchored.err(), "excluded: not even skipped with a warning");
        // the folder's own name is not part of the path matched
        InProcess.Result withRoot = run(Map.of(), "render", app.toString(), "--exclude", "app/web/values.yaml");
        assertEquals(0, withRoot.code(), withRoot.err());
        assertTrue(withRoot.err().contains("web/values.yaml:1:1: warning: not a Kubernetes manifest"), withRoot.err());
        assertTrue(withRoot.err().contains("--exclude 'web/values.yaml'"), "the fix names the path to exclude");
    }

    @Test
    void aFileNamedItselfIsReadWhateverTheExcludesSay() throws Exception {
        Path app = app();
        InProcess.Result r =
                run(Map.of(), "render", app.resolve("pipeline.yaml").toString(), "--exclude", "*.yaml");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kind: Deployment"), r.out());
        Files.writeString(app.resolve("values.yaml"), VALUES);
        InProcess.Result strict =
                run(Map.of(), "render", app.resolve("values.yaml").toString(), "--exclude", "values.yaml");
        assertEquals(1, strict.code(), strict.err());
        assertTrue(strict.err().contains("apiVersion: required field is missing"), strict.err());
    }

    @Test
    void aJsonFileWithoutApiVersionAndKindIsSkippedButOneWithOnlyOneOfThemIsAnError() throws Exception {
        Path app = app();
        Files.writeString(app.resolve("package.json"), "{\"name\": \"tools\", \"private\": true}\n");
        InProcess.Result skipped = run(Map.of(), "render", app.toString());
        assertEquals(0, skipped.code(), skipped.err());
        assertTrue(skipped.err().contains("package.json:1:1: warning: not a Kubernetes manifest"), skipped.err());
        Files.writeString(app.resolve("package.json"), "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n");
        InProcess.Result typo = run(Map.of(), "render", app.toString());
        assertEquals(1, typo.code(), typo.err());
        assertTrue(typo.err().contains("apiVersion: required field is missing"), typo.err());
    }

    @Test
    void aFileOfSeveralDocumentsIsSkippedOnlyWhenNoneOfThemHasApiVersionOrKind() throws Exception {
        Path app = app();
        Files.writeString(app.resolve("more.yaml"), "replicaCount: 1\n---\n" + PIPELINE.replace("web", "api"));
        InProcess.Result r = run(Map.of(), "render", app.toString());
        assertEquals(1, r.code(), "a manifest file with a document missing its header is a mistake: " + r.err());
        assertTrue(r.err().contains("more.yaml:1:1: document (unnamed): apiVersion: required field"), r.err());
    }

    @Test
    void argoCdTakesTheExcludesFromItsParameterAndPluginEnv() throws Exception {
        Path app = app();
        Files.createDirectories(app.resolve("charts/web/templates"));
        Files.writeString(app.resolve("charts/web/templates/d.yaml"), "replicas: {{ .Values.replicaCount }}\n");
        Files.writeString(app.resolve("values.yaml"), VALUES);
        InProcess.Result without = run(Map.of(), "render", "--argocd", app.toString());
        assertEquals(1, without.code(), "the template is no YAML: " + without.err());

        InProcess.Result env =
                run(Map.of("ARGOCD_ENV_EXCLUDE", "charts/, values.yaml"), "render", "--argocd", app.toString());
        assertEquals(0, env.code(), env.err());
        assertEquals("", env.err());
        InProcess.Result list = run(
                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"exclude\",\"array\":[\"charts/\",\"values.yaml\"]}]"),
                "render",
                "--argocd",
                app.toString());
        assertEquals(0, list.code(), list.err());
        InProcess.Result string = run(
                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"exclude\",\"string\":\"charts/,values.yaml\"}]"),
                "render",
                "--argocd",
                app.toString());
        assertEquals(0, string.code(), string.err());
        InProcess.Result bad = run(Map.of("ARGOCD_ENV_EXCLUDE", "charts/[web"), "render", "--argocd", app.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("'charts/[web': has a [ that is never closed"), bad.err());
        assertEquals("", bad.out());
    }

    @Test
    void discoverLeavesOutWhatRenderLeavesOut() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve("old"));
        Files.writeString(app.resolve("old/pipeline.yaml"), PIPELINE);
        Files.writeString(app.resolve("configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        InProcess.Result found = run(Map.of(), "discover", app.toString());
        assertEquals(0, found.code(), found.err());
        assertTrue(found.out().contains("old/pipeline.yaml"), found.out());

        InProcess.Result flag = run(Map.of(), "discover", "--exclude", "old/", app.toString());
        assertEquals(1, flag.code(), flag.err());
        assertEquals("", flag.out(), "no Pipeline left: no match");
        InProcess.Result argo = run(Map.of("ARGOCD_ENV_EXCLUDE", "old/"), "discover", "--argocd", app.toString());
        assertEquals(1, argo.code(), argo.err());
        assertEquals("", argo.out());
        InProcess.Result noArgo = run(Map.of("ARGOCD_ENV_EXCLUDE", "old/"), "discover", app.toString());
        assertEquals(0, noArgo.code(), "without --argocd the plugin env is not read");

        InProcess.Result bad = run(Map.of(), "discover", "--exclude", "old**", app.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("fix: "), bad.err());
    }
}
