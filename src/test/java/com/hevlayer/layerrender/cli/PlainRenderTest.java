package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plain render ({@code render PATH...}, the sidecar's {@code render --argocd .}) runs without picocli
 * ({@link RenderCommand#plain}): the command it makes must be the one picocli makes of the same words,
 * field by field, and every other command line must still go to picocli, whose messages it keeps.
 */
class PlainRenderTest {
    private static final Main.Context CTX = new Main.Context(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of(),
            EngineParts.cold());

    /** Every field picocli may set on a command (all but the context), by name. */
    private static Map<String, Object> state(Object c) throws IllegalAccessException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : c.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType() == Main.Context.class) {
                continue;
            }
            f.setAccessible(true);
            out.put(f.getName(), f.get(c));
        }
        return out;
    }

    private static RenderCommand parsedByPicocli(String... args) {
        picocli.CommandLine cli = RenderCommand.command(CTX, args[0].equals("render"));
        cli.parseArgs(Arrays.copyOfRange(args, 1, args.length));
        return cli.getCommand();
    }

    @Test
    void aPlainRenderIsTheCommandPicocliMakes() throws Exception {
        List<String[]> plain = new ArrayList<>();
        for (String command : List.of("render", "validate")) {
            plain.add(new String[] {command, "samples/product-images.yaml"});
            plain.add(new String[] {command, "-"});
            plain.add(new String[] {command, "a.yaml", "dir/", "a.yaml", "render", "x=y", "has space.yaml"});
            for (String flag : RenderCommand.PLAIN_FLAGS) {
                plain.add(new String[] {command, flag, "."});
                plain.add(new String[] {command, ".", flag, "b.yaml"});
            }
            plain.add(new String[] {command, "--warnings-as-errors", "p", "--argocd"});
            for (String option : RenderCommand.PLAIN_OPTIONS) {
                plain.add(new String[] {command, option, "apps", "a.yaml"});
                plain.add(new String[] {command, "a.yaml", option, "x.yaml", "b"});
            }
            plain.add(new String[] {
                command, "-n", "apps", "--infra-rules", "rules.yaml", "--argocd", "p", "--warnings-as-errors", "-"
            });
            plain.add(new String[] {command, "--namespace", "render", "--infra-rules", "validate", "render"});
        }
        for (String[] args : plain) {
            RenderCommand fast = RenderCommand.plain(CTX, args);
            assertNotNull(fast, String.join(" ", args));
            Map<String, Object> want = state(parsedByPicocli(args));
            assertEquals(want, state(fast), String.join(" ", args));
            assertTrue(want.containsKey("paths") && want.containsKey("argocd"), want.toString());
        }
    }

    @Test
    void aPlainDiscoverIsTheCommandPicocliMakes() throws Exception {
        for (String[] args : List.of(
                new String[] {"discover"},
                new String[] {"discover", "."},
                new String[] {"discover", "--argocd", "."},
                new String[] {"discover", "apps/x", "--argocd"},
                new String[] {"discover", "--argocd"},
                new String[] {"discover", "discover"})) {
            DiscoverCommand fast = DiscoverCommand.plain(CTX, args);
            assertNotNull(fast, String.join(" ", args));
            picocli.CommandLine cli = new picocli.CommandLine(new DiscoverCommand(CTX));
            cli.parseArgs(Arrays.copyOfRange(args, 1, args.length));
            Map<String, Object> want = state((DiscoverCommand) cli.getCommand());
            assertEquals(want, state(fast), String.join(" ", args));
            assertTrue(want.containsKey("folder") && want.containsKey("argocd"), want.toString());
        }
        for (String[] args : List.of(
                new String[] {"discover", "a", "b"}, // picocli: one FOLDER at most
                new String[] {"discover", "--argocd", "--argocd", "."},
                new String[] {"discover", "--exclude", "x", "."},
                new String[] {"discover", "-"},
                new String[] {"discover", "@f"},
                new String[] {"discover", ""},
                new String[] {"discover", "--help"},
                new String[] {"discover", "--", "."},
                new String[] {"render", "."})) {
            assertNull(DiscoverCommand.plain(CTX, args), String.join(" ", args));
        }
    }

    @Test
    void everyOtherCommandLineIsPicoclis() {
        for (String[] args : List.of(
                new String[] {"render"},
                new String[] {"validate"},
                new String[] {"render", "--argocd"},
                new String[] {"render", "--argocd", "--argocd", "."}, // picocli: specified only once
                new String[] {"render", "--warnings-as-errors", "--warnings-as-errors", "."},
                new String[] {"render", "-n", "apps", "-n", "other", "a.yaml"}, // picocli: specified only once
                new String[] {"render", "-n", "apps", "--namespace", "apps", "a.yaml"},
                new String[] {"render", "--infra-rules", "a", "--infra-rules", "b", "a.yaml"},
                new String[] {"render", "a.yaml", "-n"},
                new String[] {"render", "a.yaml", "--infra-rules"},
                new String[] {"render", "-n", "-x", "a.yaml"},
                new String[] {"render", "-n", "--argocd", "a.yaml"},
                new String[] {"render", "-n", "", "a.yaml"},
                new String[] {"render", "-n", "@ns.txt", "a.yaml"},
                new String[] {"render", "--infra-rules", "-", "a.yaml"},
                new String[] {"render", "--namespace=apps", "a.yaml"},
                new String[] {"render", "-napps", "a.yaml"},
                new String[] {"render", "-n", "apps"},
                new String[] {"render", "-f", "a.yaml"},
                new String[] {"render", "--argocd=true", "."},
                new String[] {"render", "a.yaml", "--output", "json"},
                new String[] {"render", "--", "a.yaml"},
                new String[] {"render", "@args.txt"},
                new String[] {"render", ""},
                new String[] {"render", "--help"},
                new String[] {"render", "-h"},
                new String[] {"render", "--rendr", "a.yaml"},
                new String[] {"render", "-x"},
                new String[] {"explain", "a.yaml"},
                new String[] {"diff", "a", "b"},
                new String[] {"discover", "."},
                new String[] {"krm"},
                new String[] {"rendr", "a.yaml"},
                new String[] {})) {
            assertNull(RenderCommand.plain(CTX, args), String.join(" ", args));
        }
    }

    /** The same words give the same exit code and stderr either way, here with a usage mistake found after parsing. */
    @Test
    void aPlainRendersMistakesAreSaidAsPicocliSaysThem() {
        Map<String, String> env = Map.of("GATEWAY_AUTH_MODE", "nonsense");
        InProcess.Result plain = InProcess.run("", env, "render", "samples/product-images.yaml");
        InProcess.Result parsed = InProcess.run("", env, "render", "--errors", "text", "samples/product-images.yaml");
        assertEquals(Main.USAGE, plain.code(), plain.err());
        assertEquals(
                parsed.code() + "\n" + parsed.out() + parsed.err(), plain.code() + "\n" + plain.out() + plain.err());
    }
}
