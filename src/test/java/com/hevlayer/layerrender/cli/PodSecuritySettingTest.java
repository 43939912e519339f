package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pod Security Standards level is a setting like the gateway's, with every front end's precedence:
 * environment < Argo CD plugin env < Argo CD parameters < flags; environment < KRM functionConfig.
 * A worker with hostNetwork passes at privileged only.
 */
class PodSecuritySettingTest {
    static final String PIPELINE =
            "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: web, namespace: layer}\n"
                    + "spec:\n  target: {namespace: t}\n  worker:\n    image: ghcr.io/hev/w:1\n    podSpec: {hostNetwork: true}\n"
                    + "  scaling: {replicas: {max: 2}}\n";
    static final String REFUSED = "control \"Host Namespaces\"";

    private static InProcess.Result render(Path dir, Map<String, String> env, String... flags) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, PIPELINE);
        String[] args = new String[flags.length + 2];
        args[0] = "render";
        System.arraycopy(flags, 0, args, 1, flags.length);
        args[args.length - 1] = file.toString();
        return InProcess.run(new byte[0], env, args);
    }

    @Test
    void baselineByDefault(@TempDir Path dir) throws Exception {
        InProcess.Result r = render(dir, Map.of());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(REFUSED + "; remove it, or set the pod security level to privileged"), r.err());
    }

    @Test
    void flagsOverEnvironment(@TempDir Path dir) throws Exception {
        assertEquals(0, render(dir, Map.of("POD_SECURITY_LEVEL", "privileged")).code());
        InProcess.Result r =
                render(dir, Map.of("POD_SECURITY_LEVEL", "privileged"), "--pod-security-level", "baseline");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(REFUSED), r.err());
        assertEquals(
                0,
                render(dir, Map.of("POD_SECURITY_LEVEL", "restricted"), "--pod-security-level", "privileged")
                        .code());
    }

    @Test
    void argoCdPluginEnvAndParameters(@TempDir Path dir) throws Exception {
        assertEquals(
                0,
                render(dir, Map.of("ARGOCD_ENV_POD_SECURITY_LEVEL", "privileged"), "--argocd")
                        .code());
        InProcess.Result r = render(
                dir,
                Map.of(
                        "ARGOCD_ENV_POD_SECURITY_LEVEL",
                        "privileged",
                        "ARGOCD_APP_PARAMETERS",
                        "[{\"name\":\"pod-security-level\",\"string\":\"baseline\"}]"),
                "--argocd");
        assertEquals(1, r.code(), "parameters win over plugin env");
        assertTrue(r.err().contains(REFUSED), r.err());
        InProcess.Result bad = render(
                dir,
                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"pod-security-level\",\"string\":\"lax\"}]"),
                "--argocd");
        assertEquals(2, bad.code());
        assertTrue(
                bad.err().contains("parameter pod-security-level=lax is not a Pod Security Standards level"),
                bad.err());
    }

    @Test
    void krmFunctionConfig() {
        String item = "- " + PIPELINE.replace("\n", "\n  ").trim() + "\n";
        for (String config : new String[] {
            "  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: cfg}\n  data: {pod-security-level: privileged}\n",
            "  apiVersion: fn.hevlayer.com/v1alpha1\n  kind: LayerRender\n  metadata: {name: cfg}\n  spec: {podSecurityLevel: privileged}\n"
        }) {
            InProcess.Result ok =
                    CliTest.run(KrmCommandTest.list(item, config), Map.of("POD_SECURITY_LEVEL", "baseline"), "krm");
            assertEquals(0, ok.code(), ok.err());
        }
        InProcess.Result refused = CliTest.run(KrmCommandTest.list(item, null), Map.of(), "krm");
        assertEquals(1, refused.code());
        assertTrue(refused.out().contains("Host Namespaces"), "a result on stdout: " + refused.out());
    }
}
