package com.hevlayer.layerrender.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs layer-render as a separate process, the way Argo CD and kustomize do: shell launchers named
 * {@code layer-render} and {@code layer-render-krm} that start a JVM on the test class path (the jar
 * is built after the tests, so the classes are used).
 */
public final class Launcher {
    private Launcher() {}

    public record Result(int code, String out, String err) {}

    /** Writes {@code layer-render} and {@code layer-render-krm} into {@code bin} and returns {@code bin}. */
    /**
     * The folder {@code example} (relative to the checkout, e.g. {@code examples/kpt}) copied to the same
     * relative place under {@code root}, with our launchers in {@code root/bin}, so the example's exec paths
     * ({@code ../../bin/...}) reach them.
     */
    public static Path installExample(Path root, String example) throws IOException {
        Path src = Path.of(example);
        Path dst = root.resolve(example);
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        install(root.resolve("bin"));
        return dst;
    }

    public static Path install(Path bin) throws IOException {
        Files.createDirectories(bin);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        script(
                bin.resolve("layer-render"),
                "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + cp
                        + "' com.hevlayer.layerrender.cli.Main \"$@\"\n");
        script(bin.resolve("layer-render-krm"), "#!/bin/sh\nexec \"$(dirname \"$0\")/layer-render\" krm \"$@\"\n");
        return bin;
    }

    private static void script(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Variables that change what layer-render (or the launched JVM) does, so a test must not inherit
     * them from the developer's shell: layer-render's settings (the operator's names and
     * LAYER_RENDER_*), Argo CD's plugin environment (ARGOCD_*, KUBE_VERSION, KUBE_API_VERSIONS), the
     * reconciler's cluster and Lease (KUBECONFIG, POD_NAMESPACE), and the JVM option variables, whose
     * "Picked up ..." line on stderr would break the tests that read the child's stderr.
     */
    static final List<String> OWN_PREFIXES = List.of("GATEWAY_", "LAYER_RENDER_", "ARGOCD_");

    static final Set<String> OWN = Set.of(
            "DEFAULT_METRICS_SERVER",
            "MAX_REPLICAS_CEILING",
            "KUBE_VERSION",
            "KUBE_API_VERSIONS",
            "KUBECONFIG",
            "POD_NAMESPACE",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS");

    /**
     * The environment a test gives a process it starts: this JVM's own (PATH, HOME, proxy,
     * certificate and locale settings stay), less the variables of {@link #OWN}/{@link #OWN_PREFIXES},
     * plus {@code env} (which wins).
     */
    public static void environment(Map<String, String> e, Map<String, String> env) {
        e.keySet().removeIf(k -> OWN.contains(k) || OWN_PREFIXES.stream().anyMatch(k::startsWith));
        e.putAll(env);
    }

    /** Runs {@code command} in {@code dir} with the inherited environment as {@link #environment} makes it, stdin closed. */
    public static Result run(List<String> command, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        environment(e, env);
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
        // a bound for a hung child only (a kustomize build takes seconds even on a loaded machine)
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("no exit after 10 minutes: " + command + "\nstdout:\n" + Files.readString(out)
                    + "\nstderr:\n" + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
