package com.hevlayer.layerrender.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.testing.Launcher;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * argocd/plugin.yaml's discover and generate commands, run as argocd-cmp-server runs them: in the
 * application's path, with Argo CD's environment (ARGOCD_APP_*, ARGOCD_ENV_*, the parameters as
 * JSON), on the example repositories of examples/argocd.
 */
class CmpContractTest {
    static JsonNode plugin;
    static Path bin;

    @BeforeAll
    static void readPlugin(@TempDir Path tmp) throws Exception {
        plugin = new YamlLoader(Limits.DEFAULT)
                .load("argocd/plugin.yaml", Files.readString(Path.of("argocd/plugin.yaml")))
                .get(0)
                .root();
        bin = Launcher.install(tmp.resolve("bin"));
    }

    static List<String> command(String field) {
        JsonNode c = field.equals("discover")
                ? plugin.path("spec").path("discover").path("find").path("command")
                : plugin.path("spec").path("generate").path("command");
        assertTrue(c.isArray() && c.size() > 0, field + " command missing");
        List<String> out = new ArrayList<>();
        c.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The environment argocd-cmp-server gives a command (the sidecar's own PATH, with our launcher first). */
    static Map<String, String> argoEnv(Path app, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("ARGOCD_APP_NAME", "search-pipelines");
        env.put("ARGOCD_APP_NAMESPACE", "layer");
        env.put("ARGOCD_APP_REVISION", "0123456789abcdef");
        env.put("ARGOCD_APP_SOURCE_PATH", app.getFileName().toString());
        env.put("ARGOCD_APP_SOURCE_REPO_URL", "https://git.example.com/platform/search.git");
        env.put("ARGOCD_APP_SOURCE_TARGET_REVISION", "main");
        env.put("KUBE_VERSION", "1.31.0");
        env.put("KUBE_API_VERSIONS", "v1,apps/v1,keda.sh/v1alpha1");
        env.putAll(extra);
        return env;
    }

    static boolean discovers(Path app) throws Exception {
        Launcher.Result r = Launcher.run(command("discover"), app, argoEnv(app, Map.of()));
        // argocd-cmp-server: a match is exit 0 with something on stdout
        return r.code() == 0 && !r.out().isBlank();
    }

    static Launcher.Result generate(Path app, Map<String, String> extra) throws Exception {
        return Launcher.run(command("generate"), app, argoEnv(app, extra));
    }

    static List<JsonNode> docs(String yaml) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (SourceDoc d : new YamlLoader(Limits.DEFAULT).load("stdout", yaml)) {
            out.add(d.root());
        }
        return out;
    }

    static Path example(String name) {
        return Path.of("examples/argocd", name).toAbsolutePath();
    }

    @Test
    void pluginIsVersionPinnedAndAnnouncesItsParameters() throws Exception {
        assertEquals("argoproj.io/v1alpha1", plugin.path("apiVersion").asText());
        assertEquals("ConfigManagementPlugin", plugin.path("kind").asText());
        String pom = Files.readString(Path.of("pom.xml"));
        String version = pom.replaceAll("(?s).*?<artifactId>layer-render</artifactId>\\s*<version>([^<-]+).*", "$1");
        assertEquals("v" + version, plugin.path("spec").path("version").asText(), "plugin version follows pom.xml");
        List<String> names = new ArrayList<>();
        plugin.path("spec")
                .path("parameters")
                .path("static")
                .forEach(p -> names.add(p.path("name").asText()));
        assertEquals(
                List.of(
                        "gateway-base-url",
                        "metrics-server",
                        "gateway-secret-name",
                        "gateway-secret-key",
                        "auth-mode",
                        "max-replicas-ceiling",
                        "pod-security-level",
                        "schedule-time-zone",
                        "metrics-secret-name",
                        "metrics-secret-key",
                        "scaling-signal",
                        "gateway-secret-namespace",
                        "infra-rules",
                        "exclude"),
                names);
    }

    @Test
    void discoverMatchesFoldersHoldingPipelinesOnly(@TempDir Path tmp) throws Exception {
        assertTrue(discovers(example("pipelines")));
        assertTrue(discovers(example("mixed")));
        assertTrue(discovers(example("broken")), "a broken Pipeline is still ours: generate reports it");
        assertFalse(discovers(example("plain")), "plain manifests are not ours");
        assertFalse(discovers(example("tekton")), "a Tekton Pipeline is not ours");
        Path hidden = Files.createDirectories(tmp.resolve("app/.git"));
        Files.copy(example("pipelines").resolve("product-images.yaml"), hidden.resolve("p.yaml"));
        assertFalse(discovers(tmp.resolve("app")), "hidden folders are skipped");
        Path json = Files.createDirectories(tmp.resolve("json app/deep"));
        Files.copy(example("pipelines").resolve("reindex.json"), json.resolve("re index.json"));
        assertTrue(discovers(tmp.resolve("json app")), "JSON Pipelines in sub-folders and names with spaces");
    }

    /** Each file in a folder of its own; whether the plugin's discover claims that folder. */
    static boolean discoversFile(Path tmp, String name, String file, String text) throws Exception {
        Path app = Files.createDirectories(tmp.resolve(name));
        Path f = app.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return discovers(app);
    }

    static final String META = "metadata: {name: a}\nspec: {target: {namespace: x}}\n";

    @Test
    void discoverFindsEveryFormOfPipelineThatRenderReads(@TempDir Path tmp) throws Exception {
        Map<String, String> forms = new java.util.LinkedHashMap<>();
        forms.put("comment", "apiVersion: hevlayer.com/v1alpha1  # ours\nkind: Pipeline  # comment\n" + META);
        forms.put("single", "apiVersion: 'hevlayer.com/v1alpha1'\nkind: 'Pipeline'\n" + META);
        forms.put("double", "\"apiVersion\": \"hevlayer.com/v1alpha1\"\n\"kind\": \"Pipeline\"\n" + META);
        forms.put("flow", "{apiVersion: hevlayer.com/v1alpha1, kind: Pipeline, metadata: {name: a}}\n");
        forms.put(
                "json",
                "{\"apiVersion\":\"hevlayer.com/v1alpha1\",\"kind\":\"Pipeline\",\"metadata\":{\"name\":\"a\"}}");
        forms.put(
                "list",
                "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n"
                        + "- apiVersion: hevlayer.com/v1alpha1\n  kind: Pipeline\n  metadata: {name: a}\n");
        forms.put(
                "second-document",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: hevlayer.com/v1alpha1\n"
                        + "kind:\n  Pipeline\n" + META);
        for (Map.Entry<String, String> f : forms.entrySet()) {
            String ext = f.getKey().equals("json") ? "p.json" : "p.yaml";
            assertTrue(discoversFile(tmp, f.getKey(), "deep/" + ext, f.getValue()), f.getKey() + ":\n" + f.getValue());
        }
    }

    @Test
    void discoverDoesNotClaimLookAlikes(@TempDir Path tmp) throws Exception {
        assertFalse(
                discoversFile(
                        tmp,
                        "configmap",
                        "cm.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  p.yaml: |\n"
                                + "    apiVersion: hevlayer.com/v1alpha1\n    kind: Pipeline\n"),
                "a Pipeline quoted inside a ConfigMap is not one");
        assertFalse(
                discoversFile(
                        tmp,
                        "tekton-annotated",
                        "t.yaml",
                        "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: b\n"
                                + "  annotations: {docs: \"https://hevlayer.com/v1alpha1\"}\n"),
                "a Tekton Pipeline mentioning hevlayer.com");
        assertFalse(
                discoversFile(
                        tmp,
                        "comment-only",
                        "d.yaml",
                        "# apiVersion: hevlayer.com/v1alpha1\n# kind: Pipeline\napiVersion: v1\nkind: ConfigMap\n"
                                + "metadata: {name: c}\n"),
                "a commented-out Pipeline");
        Path chart = Files.createDirectories(tmp.resolve("chart/templates"));
        Files.writeString(chart.getParent().resolve("Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        Files.writeString(
                chart.resolve("pipeline.yaml"),
                "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata:\n  name: {{ .Values.name }}\n");
        assertFalse(discovers(tmp.resolve("chart")), "a Helm chart is Helm's");
        Files.writeString(chart.resolve("pipeline.yaml"), "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\n" + META);
        assertFalse(discovers(tmp.resolve("chart")), "a Helm chart is Helm's, even when its template is plain YAML");
        assertFalse(
                discoversFile(tmp, "not-yaml", "p.yaml", "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\n\t: [\n"),
                "a file that is not YAML holds no Pipeline");
    }

    @Test
    void discoverStartsNoJvmForFoldersThatNeverMentionHevlayer(@TempDir Path tmp) throws Exception {
        // a stand-in layer-render that leaves a mark: the grep step must keep it from running on unrelated folders
        Path stub = Files.createDirectories(tmp.resolve("stub"));
        Path mark = tmp.resolve("ran");
        Path script = stub.resolve("layer-render");
        Files.writeString(script, "#!/bin/sh\ntouch '" + mark + "'\necho match\n");
        script.toFile().setExecutable(true);
        Map<String, String> env = new HashMap<>(argoEnv(example("plain"), Map.of()));
        env.put("PATH", stub + ":" + System.getenv("PATH"));
        Launcher.Result plain = Launcher.run(command("discover"), example("plain"), env);
        assertTrue(plain.out().isBlank(), plain.out());
        assertFalse(Files.exists(mark), "no JVM for a folder without hevlayer.com");
        Launcher.Result ours = Launcher.run(command("discover"), example("pipelines"), env);
        assertEquals("match", ours.out().strip());
        assertTrue(Files.exists(mark), "a folder mentioning hevlayer.com is read by layer-render discover");
    }

    @Test
    void generateRendersWithArgoSettings() throws Exception {
        Launcher.Result r = generate(
                example("pipelines"),
                Map.of(
                        "ARGOCD_ENV_GATEWAY_API_SECRET_NAME", "from-plugin-env",
                        "ARGOCD_ENV_GATEWAY_BASE_URL", "http://plugin-env:1",
                        "ARGOCD_APP_PARAMETERS",
                                "[{\"name\":\"gateway-base-url\",\"string\":\"http://param:2\"},"
                                        + "{\"name\":\"auth-mode\",\"string\":\"keys\"},{\"name\":\"metrics-server\",\"string\":\"\"}]",
                        "GATEWAY_BASE_URL", "http://sidecar-env:3"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<JsonNode> docs = docs(r.out());
        assertEquals(4, docs.size(), r.out());
        for (JsonNode d : docs) {
            assertEquals(
                    "layer",
                    d.path("metadata").path("namespace").asText(),
                    "ARGOCD_APP_NAMESPACE fills in the namespace");
        }
        assertTrue(r.out().contains("value: http://param:2\n"), "parameters win over plugin env and the sidecar's env");
        assertTrue(r.out().contains("serverAddress: http://param:2/v2/metrics"), "an empty parameter counts as unset");
        assertTrue(r.out().contains("name: from-plugin-env\n"), "plugin env (ARGOCD_ENV_*) applies");
        assertTrue(r.out().contains("key: layer-inbound-worker-api-key"), "auth-mode keys");
    }

    @Test
    void plainManifestsPassThrough() throws Exception {
        Launcher.Result r = generate(example("mixed"), Map.of());
        assertEquals(0, r.code(), r.err());
        List<String> kinds = new ArrayList<>();
        docs(r.out()).forEach(d -> kinds.add(d.path("kind").asText()));
        assertEquals(
                List.of("Deployment", "TriggerAuthentication", "ScaledObject", "ServiceAccount", "ConfigMap"), kinds);
        assertTrue(r.out().contains("example.com/team: search"), "annotations of plain manifests kept");
        assertTrue(r.out().contains("enabled: \"on\""), "strings stay strings");
    }

    @Test
    void anErrorFailsWithNothingOnStdout() throws Exception {
        Launcher.Result r = generate(example("broken"), Map.of());
        assertEquals(1, r.code());
        assertEquals("", r.out(), "an empty success would let Argo CD prune everything");
        assertTrue(
                r.err()
                        .contains(
                                "./pipeline.yaml:9:5: Pipeline layer/product-images: spec.worker.imagee: unknown field (did you mean \"image\"?)"),
                r.err());
        assertTrue(r.err().contains("unknown pool \"gpu-huge\""), r.err());
    }

    @Test
    void badParametersFailWithNothingOnStdout() throws Exception {
        Launcher.Result r = generate(
                example("pipelines"), Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"auth-mod\",\"string\":\"keys\"}]"));
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("unknown plugin parameter \"auth-mod\" (did you mean \"auth-mode\"?)"), r.err());
        r = generate(example("pipelines"), Map.of("ARGOCD_ENV_MAX_REPLICAS_CEILING", "lots"));
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("ARGOCD_ENV_MAX_REPLICAS_CEILING=lots is not a whole number"), r.err());
    }

    @Test
    void discoverAndGenerateLeaveOutTheSameExcludedPaths(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app/legacy"));
        Files.copy(example("pipelines").resolve("product-images.yaml"), app.resolve("product-images.yaml"));
        Files.writeString(tmp.resolve("app/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
        Path root = tmp.resolve("app");
        assertTrue(discovers(root));
        Map<String, String> excluded = Map.of("ARGOCD_ENV_EXCLUDE", "legacy/");
        Launcher.Result found = Launcher.run(command("discover"), root, argoEnv(root, excluded));
        assertEquals(1, found.code(), found.err());
        assertEquals("", found.out(), "the only Pipeline is excluded: the folder is not the plugin's");
        Launcher.Result generated = generate(root, excluded);
        assertEquals(0, generated.code(), generated.err());
        assertFalse(generated.out().contains("kind: Deployment"), "generate leaves out what discover left out");
        assertTrue(generated.out().contains("name: settings"), generated.out());
    }

    @Test
    void anEmptyRenderFails(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("README.md"), "nothing here\n");
        Launcher.Result r = generate(app, Map.of());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("refusing to print an empty result"), r.err());
    }

    @Test
    void infraRulesParameterIsRelativeToTheApplicationPath(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("repo/apps/search"));
        Files.copy(example("pipelines").resolve("reindex.json"), app.resolve("reindex.json"));
        Files.createDirectories(app.resolve("platform"));
        String rules = "apiVersion: hevlayer.com/v1alpha1\nkind: InfraRules\nmetadata: {name: default}\n"
                + "spec:\n  computePools:\n  - {name: cpu, kind: cpu, maxReplicasPerWorkload: 4, nodeSelector: {pool: small}}\n";
        Files.writeString(app.resolve("platform/infrarules.yaml"), rules);
        Launcher.Result r = generate(
                app,
                Map.of(
                        "ARGOCD_APP_PARAMETERS",
                        "[{\"name\":\"infra-rules\",\"string\":\"platform/infrarules.yaml\"}]"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pool: small"), r.out());
        assertFalse(r.out().contains("kind: InfraRules"), "read once, as the rules (the folder walk skips it)");
    }

    @Test
    void infraRulesOutsideTheApplicationFolderAreRefused(@TempDir Path tmp) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("repo/apps/search"));
        Files.copy(example("pipelines").resolve("reindex.json"), app.resolve("reindex.json"));
        Files.writeString(
                tmp.resolve("repo/infra.yaml"),
                "apiVersion: hevlayer.com/v1alpha1\nkind: InfraRules\nmetadata: {name: default}\n");
        Launcher.Result r = generate(
                app, Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"infra-rules\",\"string\":\"../../infra.yaml\"}]"));
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(
                r.err().contains("../../infra.yaml: must be a path relative to the application folder, without \"..\""),
                r.err());
    }
}
