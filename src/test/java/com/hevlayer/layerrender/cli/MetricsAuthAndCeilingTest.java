package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, items 5 and 6, in every front end: the gateway credential goes to KEDA's queries only when the
 * metrics server is the gateway, unless metrics-secret-name names another credential (environment, flags,
 * Argo CD plugin env and parameters, KRM functionConfig); and more than 50 distinct pipelineIds on the
 * gateway's metrics are warned once per run (render, validate, Argo CD, KRM).
 */
class MetricsAuthAndCeilingTest {
    static final String PIPELINE =
            "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: web, namespace: layer}\n"
                    + "spec: {target: {namespace: t}, worker: {image: ghcr.io/hev/w:1}, scaling: {replicas: {max: 2}}}\n";
    static final String EXTERNAL = "http://prometheus.monitoring:9090";
    static final String CEILING = "is the 51st distinct pipelineId of this run";

    private static InProcess.Result render(Path dir, String text, Map<String, String> env, String... flags)
            throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, text);
        String[] args = new String[flags.length + 1];
        System.arraycopy(flags, 0, args, 0, flags.length);
        args[args.length - 1] = file.toString();
        return CliTest.run("", env, args);
    }

    /** The name of the Secret KEDA's TriggerAuthentication reads, or null when there is none. */
    private static String kedaSecret(String out) {
        int ta = out.indexOf("kind: TriggerAuthentication");
        if (ta < 0) {
            assertFalse(out.contains("authModes"), out);
            return null;
        }
        assertTrue(out.contains("authModes: bearer"), out);
        String rest = out.substring(out.indexOf("secretTargetRef", ta));
        return rest.replaceAll("(?s).*?\\n\\s+name: (\\S+).*", "$1");
    }

    @Test
    void environmentAndFlags(@TempDir Path dir) throws Exception {
        InProcess.Result gateway = render(dir, PIPELINE, Map.of(), "render");
        assertEquals("layer", kedaSecret(gateway.out()), "the default server is the gateway: its credential");
        InProcess.Result external = render(dir, PIPELINE, Map.of("DEFAULT_METRICS_SERVER", EXTERNAL), "render");
        assertEquals(0, external.code(), external.err());
        assertEquals(null, kedaSecret(external.out()), "an external server gets no credential");
        assertTrue(external.out().contains("LAYER_GATEWAY_API_KEY"), "the worker keeps its gateway credential");
        InProcess.Result named = render(
                dir,
                PIPELINE,
                Map.of("DEFAULT_METRICS_SERVER", EXTERNAL, "METRICS_SECRET_NAME", "from-env"),
                "render",
                "--metrics-secret-name",
                "from-flag");
        assertEquals("from-flag", kedaSecret(named.out()), "the flag wins over the environment");
        assertTrue(named.out().contains("key: token"), "the default key");
        InProcess.Result bad = render(dir, PIPELINE, Map.of(), "render", "--metrics-secret-name", "Not_A_Name");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--metrics-secret-name=Not_A_Name is not a Secret name"), bad.err());
    }

    @Test
    void argoCdPluginEnvAndParameters(@TempDir Path dir) throws Exception {
        InProcess.Result external =
                render(dir, PIPELINE, Map.of("ARGOCD_ENV_DEFAULT_METRICS_SERVER", EXTERNAL), "render", "--argocd");
        assertEquals(0, external.code(), external.err());
        assertEquals(null, kedaSecret(external.out()));
        InProcess.Result named = render(
                dir,
                PIPELINE,
                Map.of(
                        "ARGOCD_ENV_DEFAULT_METRICS_SERVER",
                        EXTERNAL,
                        "ARGOCD_ENV_METRICS_SECRET_NAME",
                        "plugin-env",
                        "ARGOCD_APP_PARAMETERS",
                        "[{\"name\":\"metrics-secret-name\",\"string\":\"param\"},"
                                + "{\"name\":\"metrics-secret-key\",\"string\":\"bearer\"}]"),
                "render",
                "--argocd");
        assertEquals(0, named.code(), named.err());
        assertEquals("param", kedaSecret(named.out()), "parameters win over plugin env");
        assertTrue(named.out().contains("key: bearer"), named.out());
        InProcess.Result status = render(
                dir,
                PIPELINE,
                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"scaling-signal\",\"string\":\"pipeline-status\"}]"),
                "render",
                "--argocd");
        assertTrue(status.out().contains("type: metrics-api"), status.out());
        InProcess.Result bad = render(
                dir,
                PIPELINE,
                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"scaling-signal\",\"string\":\"push\"}]"),
                "render",
                "--argocd");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("parameter scaling-signal=push is not a scaling signal"), bad.err());
    }

    @Test
    void krmFunctionConfig() {
        String item = "- " + PIPELINE.replace("\n", "\n  ").trim() + "\n";
        InProcess.Result external = CliTest.run(
                KrmCommandTest.list(
                        item,
                        "  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: cfg}\n  data: {metrics-server: \""
                                + EXTERNAL + "\"}\n"),
                Map.of(),
                "krm");
        assertEquals(0, external.code(), external.err());
        assertFalse(external.out().contains("TriggerAuthentication"), external.out());
        InProcess.Result named = CliTest.run(
                KrmCommandTest.list(
                        item,
                        "  apiVersion: fn.hevlayer.com/v1alpha1\n  kind: LayerRender\n  metadata: {name: cfg}\n"
                                + "  spec: {metricsServer: \"" + EXTERNAL + "\", metricsSecretName: prom}\n"),
                Map.of("METRICS_SECRET_NAME", "from-env"),
                "krm");
        assertEquals(0, named.code(), named.err());
        assertTrue(named.out().contains("name: prom"), "the functionConfig wins over the environment");
        assertFalse(named.out().contains("from-env"), named.out());
    }

    /** 51 Pipelines with pipelineIds id-1 .. id-51; {@code extra} more share id-1. */
    static String pipelines(int distinct, int extra) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= distinct + extra; i++) {
            s.append("---\napiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: p")
                    .append(i)
                    .append(", namespace: layer}\nspec: {pipelineId: id-")
                    .append(i <= distinct ? i : 1)
                    .append(
                            ", target: {namespace: t}, worker: {image: ghcr.io/hev/w:1}, scaling: {replicas: {max: 2}}}\n");
        }
        return s.toString();
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    @Test
    void theCeilingIsWarnedOncePerRunInEveryFrontEnd(@TempDir Path dir) throws Exception {
        String many = pipelines(52, 3);
        for (String[] flags : new String[][] {{"render"}, {"validate"}, {"render", "--argocd"}}) {
            InProcess.Result r = render(dir, many, Map.of(), flags);
            assertEquals(0, r.code(), r.err());
            assertEquals(1, count(r.err(), CEILING), String.join(" ", flags) + ": " + r.err());
            assertTrue(r.err().contains("Pipeline layer/p51: spec.pipelineId: pipelineId \"id-51\""), r.err());
            assertTrue(r.err().contains("(52 in all)"), r.err());
        }
        StringBuilder items = new StringBuilder();
        for (String doc : many.split("---\n")) {
            if (!doc.isBlank()) {
                items.append("- ").append(doc.replace("\n", "\n  ").trim()).append("\n");
            }
        }
        InProcess.Result krm = CliTest.run(KrmCommandTest.list(items.toString(), null), Map.of(), "krm");
        assertEquals(0, krm.code(), krm.err());
        assertEquals(1, count(krm.out(), CEILING), "one KRM result: " + krm.out());
        assertTrue(krm.out().contains("severity: warning"), krm.out());
    }

    @Test
    void fiftyDistinctIdsOrTheStatusSignalAreNotWarned(@TempDir Path dir) throws Exception {
        InProcess.Result fifty = render(dir, pipelines(50, 10), Map.of(), "validate");
        assertEquals(0, fifty.code(), fifty.err());
        assertEquals(0, count(fifty.err(), CEILING), fifty.err());
        InProcess.Result status =
                render(dir, pipelines(60, 0), Map.of("SCALING_SIGNAL", "pipeline-status"), "validate");
        assertEquals(0, status.code(), status.err());
        assertEquals(0, count(status.err(), CEILING), status.err());
    }
}
