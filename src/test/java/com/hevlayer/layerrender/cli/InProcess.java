package com.hevlayer.layerrender.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The command line run inside the test JVM as a process would run it: arguments, stdin and
 * environment in; exit code, stdout and stderr out. Every run shares one set of engine parts, so
 * the schemas compile once per test JVM rather than once per run (the parts are thread-safe).
 */
public final class InProcess {
    public record Result(int code, String out, String err) {}

    private static final EngineParts PARTS = EngineParts.cold();

    private InProcess() {}

    public static Result run(String stdin, Map<String, String> env, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), env, args);
    }

    public static Result run(byte[] stdin, Map<String, String> env, String... args) {
        return run(PARTS, stdin, env, args);
    }

    /** A run whose stdout is {@code stdout} (a failing stream, /dev/full, ...); {@code out} of the result is empty. */
    public static Result runTo(java.io.OutputStream stdout, String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                PARTS);
        return new Result(code, "", err.toString(StandardCharsets.UTF_8));
    }

    static Result run(EngineParts parts, byte[] stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                parts);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
