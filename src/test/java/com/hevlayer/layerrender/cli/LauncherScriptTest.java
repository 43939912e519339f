package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/layer-render} and {@code bin/layer-render-krm} installed as symlinks on PATH and run from
 * another folder find the checkout's jar. The java they start is a stand-in that prints its arguments, so
 * the test needs no built jar.
 */
class LauncherScriptTest {

    record Run(int code, List<String> args, String err) {}

    static Run run(Path root, Path command, String... args) throws Exception {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        List<String> cmd = new java.util.ArrayList<>(List.of(command.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile());
        pb.environment().put("PATH", root.resolve("fakebin") + ":/usr/bin:/bin");
        pb.environment().remove("LAYER_RENDER_JAVA_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out.lines().toList(), err);
    }

    static Path checkout(Path root) throws Exception {
        Path bin = Files.createDirectories(root.resolve("checkout/bin"));
        for (String script : List.of("layer-render", "layer-render-krm")) {
            Files.copy(Path.of("bin", script), bin.resolve(script));
            Files.setPosixFilePermissions(bin.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createDirectories(root.resolve("checkout/target"));
        Files.writeString(root.resolve("checkout/target/layer-render.jar"), "stand-in");
        Path fakeJava = Files.createDirectories(root.resolve("fakebin")).resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path onPath = Files.createDirectories(root.resolve("home/.local/bin"));
        Files.createSymbolicLink(onPath.resolve("layer-render"), bin.resolve("layer-render"));
        Files.createSymbolicLink(onPath.resolve("layer-render-krm"), bin.resolve("layer-render-krm"));
        return onPath;
    }

    /** The jar the launcher started java with, resolved against the folder it ran in. */
    static Path jar(Path root, Run r) {
        int i = r.args().indexOf("-jar");
        assertTrue(i >= 0, "java was not started with -jar: " + r.args() + "\n" + r.err());
        return root.resolve("elsewhere").resolve(r.args().get(i + 1)).normalize();
    }

    @Test
    void aSymlinkOnPathRunsTheCheckoutsJarFromAnyFolder(@TempDir Path root) throws Exception {
        Path onPath = checkout(root);
        Path want = root.resolve("checkout/target/layer-render.jar").toRealPath();
        Run r = run(root, onPath.resolve("layer-render"), "version");
        assertEquals(0, r.code(), r.err());
        assertEquals(want, jar(root, r).toRealPath());
        assertEquals("version", r.args().get(r.args().size() - 1));
        Run krm = run(root, onPath.resolve("layer-render-krm"));
        assertEquals(0, krm.code(), krm.err());
        assertEquals(want, jar(root, krm).toRealPath());
        assertEquals("krm", krm.args().get(krm.args().size() - 1));
        // and the script itself, named by its path from elsewhere
        Run direct = run(root, root.resolve("checkout/bin/layer-render"), "render", "-");
        assertEquals(want, jar(root, direct).toRealPath());
    }
}
