package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.validate.Problem;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code layer-render}: the command line. Parses flags and hands over to the subcommands. */
@Command(
        name = "layer-render",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Renders hev layer Pipelines into the Kubernetes objects that run them:"
                + " a Deployment per Pipeline and, when it autoscales, a KEDA ScaledObject and TriggerAuthentication.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {
            "",
            "Examples:",
            "  layer-render render pipelines/ > manifests.yaml",
            "  layer-render validate -n apps pipelines/ --infra-rules infra/rules.yaml",
            "  layer-render render pipelines/ | kubectl apply -f -",
            "  layer-render diff HEAD~1:pipelines HEAD:pipelines",
            "  layer-render COMMAND --help",
            "",
            "Exit status:",
            "  0  success",
            "  1  invalid input: stderr says where and why; nothing on stdout",
            "     (also any warning, with --warnings-as-errors)",
            "  2  usage error: an unknown command or flag, a bad flag or environment",
            "     value, a path that does not exist",
            "  3  internal error: a bug; please report it with the input",
            "     (LAYER_RENDER_DEBUG=1 prints the stack trace)",
            "  4  output lost: stdout or --output-dir could not be written",
            "  diff's, as diff(1)'s: 0 no change, 1 changed, 2 trouble (a usage error,",
            "     a side unreadable or invalid)"
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;
    /** The output could not be written (full disk, closed stdout, broken pipe, a file in the way): it is lost or cut. */
    public static final int OUTPUT = 4;

    private final Context ctx;

    Main(Context ctx) {
        this.ctx = ctx;
    }

    /** What a command may touch at the edge: streams, environment and the engine's parts. */
    record Context(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, EngineParts parts) {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this),
                "missing command (render, validate, diff, explain, crds, krm, reconcile or version)");
    }

    public static void main(String[] args) {
        PrintStream out = Stdout.open();
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // a render's schemas and (de)serializers get made on the second core while picocli parses
        boolean renders = args.length > 0
                && List.of("render", "validate", "diff", "explain", "krm").contains(args[0]);
        EngineParts parts = renders ? EngineParts.warmedUp() : EngineParts.cold();
        int code = run(args, System.in, out, err, System.getenv(), parts);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command; never throws, never prints a stack trace for a user's mistake. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, in, out, err, env, EngineParts.cold());
    }

    static int run(
            String[] args,
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            EngineParts parts) {
        Context ctx = new Context(in, out, err, env, parts);
        // a plain render (`render FILE`, the sidecar's `render --argocd .`) and the sidecar's `discover
        // --argocd .` run without picocli, whose start (reflecting over the commands' annotations) was a
        // third of a cold render's CPU (BENCHMARKS.md); plain() takes only what picocli would parse the same way
        Callable<Integer> plain = RenderCommand.plain(ctx, args);
        if (plain == null) {
            plain = DiscoverCommand.plain(ctx, args);
        }
        int code;
        try {
            code = plain != null
                    ? runPlain(plain, err, env)
                    : picocli(ctx, args).execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            err.println("layer-render: input too large or too deeply nested to process: " + e);
            code = INVALID;
        }
        // a PrintStream swallows write errors: whatever a command printed, output that did not
        // arrive must not look like success (docs/hostile-input-output.md)
        out.flush();
        if (code != OUTPUT && out.checkError()) {
            String why = Stdout.failure(out);
            err.println("layer-render: cannot write to stdout" + (why != null ? ": " + why : "")
                    + "; the output is lost or incomplete");
            code = code == OK ? OUTPUT : code;
        }
        return code;
    }

    /** A plain command's run: its exceptions answered as picocli's execution-exception handler answers them. */
    private static int runPlain(Callable<Integer> command, PrintStream err, Map<String, String> env) {
        try {
            return command.call();
        } catch (Exception e) { // what picocli hands its handler: the command's exception itself
            return failed(e, err, env);
        }
    }

    /** The command line for anything but a plain render: picocli parses it, with its help, messages and exit codes. */
    private static CommandLine picocli(Context ctx, String[] args) {
        PrintStream err = ctx.err();
        Map<String, String> env = ctx.env();
        CommandLine cli = new CommandLine(new Main(ctx));
        // picocli reflects over every registered command up front; the commands are many and the
        // reconciler's is heavy, so a run that names its command registers that one only (a cold
        // `render` starts sooner: BENCHMARKS.md). Top-level help and unknown commands see them all.
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("render", () -> RenderCommand.command(ctx, true));
        commands.put("validate", () -> RenderCommand.command(ctx, false));
        commands.put("diff", () -> DiffCommand.command(ctx));
        commands.put("explain", () -> ExplainCommand.command(ctx));
        commands.put("crds", () -> new CrdsCommand(ctx));
        commands.put("krm", () -> new KrmCommand(ctx));
        commands.put("discover", () -> new DiscoverCommand(ctx));
        commands.put("reconcile", () -> new ReconcileCommand(ctx));
        commands.put("version", () -> new VersionCommand(ctx));
        String named = args.length > 0 ? args[0] : null;
        for (Map.Entry<String, Supplier<Object>> c : commands.entrySet()) {
            if (named == null || !commands.containsKey(named) || c.getKey().equals(named)) {
                cli.addSubcommand(c.getKey(), c.getValue().get());
            }
        }
        cli.setOut(new PrintWriter(ctx.out(), true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : INTERNAL);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println(Problem.escaped("layer-render: " + ex.getMessage()));
            if (ex instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getSuggestions().isEmpty()) {
                // kubectl's manners: `rendr` -> render, `--namspace` -> --namespace
                err.println(Problem.escaped("Did you mean: " + String.join(" or ", u.getSuggestions()) + "?"));
            }
            String hint = RenderCommand.hint(ex);
            if (hint != null) {
                err.println(Problem.escaped("layer-render: " + hint));
            }
            CommandLine c = ex.getCommandLine();
            err.println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, p) -> failed(ex, err, env));
        return cli;
    }

    /** What a command's exception means: a usage mistake (2), lost output (4), else a bug (3); said on stderr. */
    private static int failed(Exception ex, PrintStream err, Map<String, String> env) {
        if (ex instanceof UsageException) {
            for (String line : ((UsageException) ex).lines) {
                err.println(Problem.escaped("layer-render: " + line));
            }
            return USAGE;
        }
        if (ex instanceof OutputException) {
            err.println(Problem.escaped("layer-render: " + ex.getMessage()));
            return OUTPUT;
        }
        err.println(Problem.escaped(
                "layer-render: internal error: " + ex + " (this is a bug; please report it with the input)"));
        if (env.containsKey("LAYER_RENDER_DEBUG")) {
            ex.printStackTrace(err);
        }
        return INTERNAL;
    }

    /** The output could not be written: exit 4, the message on stderr. */
    static final class OutputException extends RuntimeException {
        OutputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A usage mistake found after parsing (a bad environment variable, say): exit 2, each mistake on a line of its own. */
    static final class UsageException extends RuntimeException {
        final List<String> lines;

        UsageException(String message) {
            this(List.of(message));
        }

        /** @param lines one line per mistake (every bad setting, say), at least one */
        UsageException(List<String> lines) {
            super(String.join("; ", lines));
            this.lines = List.copyOf(lines);
        }
    }
}
