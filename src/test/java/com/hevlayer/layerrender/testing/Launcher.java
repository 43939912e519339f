package com.hevlayer.layerrender.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs layer-render as a separate process, the way Argo CD and kustomize do: shell launchers named
 * {@code layer-render} and {@code layer-render-krm} that start a JVM on the test class path (the jar
 * is built after the tests, so the classes are used).
 */
public final class Launcher {
    private Launcher() {}

    public record Result(int code, String out, String err) {}

    /** Writes {@code layer-render} and {@code layer-render-krm} into {@code bin} and returns {@code bin}. */
    public static Path install(Path bin) throws IOException {
        Files.createDirectories(bin);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        script(bin.resolve("layer-render"), "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + cp + "' com.hevlayer.layerrender.cli.Main \"$@\"\n");
        script(bin.resolve("layer-render-krm"), "#!/bin/sh\nexec \"$(dirname \"$0\")/layer-render\" krm \"$@\"\n");
        return bin;
    }

    private static void script(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code command} in {@code dir} with exactly {@code env} (plus PATH and HOME), stdin closed. */
    public static Result run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        String path = e.get("PATH");
        String home = e.get("HOME");
        e.clear();
        e.put("PATH", path);
        if (home != null) {
            e.put("HOME", home);
        }
        e.putAll(env);
        // the child's PATH finds the program, as a shell (and argocd-cmp-server's exec) would
        String program = command.get(0);
        if (!program.contains("/")) {
            for (String d : e.get("PATH").split(":")) {
                Path candidate = Path.of(d, program);
                if (Files.isExecutable(candidate)) {
                    List<String> resolved = new ArrayList<>(command);
                    resolved.set(0, candidate.toString());
                    pb.command(resolved);
                    break;
                }
            }
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
