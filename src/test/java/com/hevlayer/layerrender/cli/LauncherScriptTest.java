package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/layer-render} and {@code bin/layer-render-krm} installed as symlinks on PATH and run from
 * another folder find the checkout's jar. The java they start is a stand-in that prints its arguments, so
 * the test needs no built jar. The start-up archive's test runs a real JVM on a small stand-in jar.
 */
class LauncherScriptTest {

    record Run(int code, List<String> args, String err) {}

    static Run run(Path root, Path command, String... args) throws Exception {
        return run(root, root.resolve("fakebin").toString(), null, command, args);
    }

    static Run run(Path root, String javaBin, String javaOpts, Path command, String... args) throws Exception {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        List<String> cmd = new java.util.ArrayList<>(List.of(command.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile());
        pb.environment().put("PATH", javaBin + ":/usr/bin:/bin");
        pb.environment().remove("LAYER_RENDER_JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        if (javaOpts != null) {
            pb.environment().put("LAYER_RENDER_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the launcher did not finish");
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

    /** A checkout with the real launchers, an empty samples/ and a one-class jar in target/. */
    static Path realCheckout(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String script : List.of("layer-render", "cds-archive")) {
            Files.copy(Path.of("bin", script), bin.resolve(script));
            Files.setPosixFilePermissions(bin.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createDirectories(dir.resolve("samples"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ArchiveProbe.class.getName());
        String entry = ArchiveProbe.class.getName().replace('.', '/') + ".class";
        Path jar = Files.createDirectories(dir.resolve("target")).resolve("layer-render.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                var in = ArchiveProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return dir;
    }

    /** {@code cp -a}: the same files with the same times, elsewhere. */
    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                    Files.setLastModifiedTime(t, Files.getLastModifiedTime(p));
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The start-up archive names the jar by its absolute path, and JDK 17 refuses it for the same jar
     * anywhere else. A checkout moved (the same files, times kept, the old folder gone) must start with an
     * archive again: {@code -Xshare:on} makes the JVM fail instead of ignoring a refused archive, and
     * {@code -Xlog:class+load} shows the main class coming from it.
     */
    @Test
    void aMovedCheckoutRemakesTheStartUpArchiveOnceAndStartsWithIt(@TempDir Path root) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        String loaded = ArchiveProbe.class.getName() + " source: shared objects file";
        String on = "-Xshare:on -Xlog:class+load=info";
        Path first = realCheckout(root.resolve("first"));
        Run made = run(root, java, null, first.resolve("bin/layer-render"), "version");
        assertEquals(0, made.code(), made.err());
        assertTrue(made.err().contains("making the start-up archive"), made.err());
        Run used = run(root, java, on, first.resolve("bin/layer-render"), "version");
        assertEquals(0, used.code(), used.err());
        assertTrue(used.args().stream().anyMatch(l -> l.contains(loaded)), String.join("\n", used.args()));

        Path moved = root.resolve("moved/elsewhere/checkout");
        copyTree(first, moved);
        deleteTree(first);
        Run remade = run(root, java, on, moved.resolve("bin/layer-render"), "render", "x");
        assertEquals(0, remade.code(), remade.err());
        assertTrue(
                remade.err()
                        .contains("making the start-up archive for "
                                + moved.resolve("target").toRealPath()),
                remade.err());
        assertTrue(remade.args().stream().anyMatch(l -> l.contains(loaded)), String.join("\n", remade.args()));
        assertTrue(remade.args().contains("probe render x"), String.join("\n", remade.args()));
        Run again = run(root, java, on, moved.resolve("bin/layer-render"), "version");
        assertEquals(0, again.code(), again.err());
        assertFalse(again.err().contains("making"), again.err());
        assertTrue(again.args().stream().anyMatch(l -> l.contains(loaded)), String.join("\n", again.args()));
    }

    /** A checkout the launcher cannot remake the archive in says so, and still runs. */
    @Test
    void aStaleArchiveThatCannotBeRemadeIsNamedNotSilent(@TempDir Path root) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        Path first = realCheckout(root.resolve("first"));
        assertEquals(
                0,
                run(root, java, null, first.resolve("bin/layer-render"), "version")
                        .code());
        Path moved = root.resolve("moved");
        copyTree(first, moved);
        deleteTree(moved.resolve("samples"));
        Run r = run(root, java, "-Xshare:auto", moved.resolve("bin/layer-render"), "version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("cannot be remade here"), r.err());
        assertEquals("probe version", r.args().get(r.args().size() - 1));
    }
}
