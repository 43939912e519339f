package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.output.OutputDir;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.settings.ArgoCdSettings;
import com.hevlayer.layerrender.settings.FrontEndSettings;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.util.Parallel;
import com.hevlayer.layerrender.validate.ApiServerRules;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code render} and {@code validate}: read inputs, run the engine, print manifests or problems. */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
final class RenderCommand implements Callable<Integer> {
    private final Main.Context ctx;
    private final boolean render;
    /** The {@code explain} command's part, or null for {@code render} and {@code validate}. */
    ExplainCommand explain;

    @Parameters(
            paramLabel = "PATH",
            description = "Files or folders (every *.yaml, *.yml, *.json below, in sorted path order); - reads stdin.")
    List<String> paths = new ArrayList<>();

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "PATH",
            description = "Same as PATH; may be repeated.")
    List<String> filenames = new ArrayList<>();

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description =
                    "Leave out of the folders' walk what matches GLOB, relative to the folder it is found under"
                            + " (gitignore-like: values.yaml or *.json at any depth, charts/ a folder and all below it,"
                            + " /x or a/b anchored, ** a whole part); may be repeated. Never opened; a path named itself is read.")
    List<String> excludes = new ArrayList<>();

    @Option(
            names = "--infra-rules",
            paramLabel = "PATH",
            description =
                    "A file holding InfraRules/default (the built-in pools are used when no InfraRules is given).")
    String infraRules;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "Namespace for Pipelines that have none.")
    String namespace;

    @Option(
            names = "--gateway-base-url",
            paramLabel = "URL",
            description =
                    "Gateway base URL (env GATEWAY_BASE_URL; default http://layer-gateway.layer.svc.cluster.local:8080).")
    String baseUrl;

    @Option(
            names = "--metrics-server",
            paramLabel = "URL",
            description =
                    "Prometheus server address of the KEDA trigger (env DEFAULT_METRICS_SERVER; default <base URL>/v2/metrics).")
    String metricsServer;

    @Option(
            names = "--gateway-secret-name",
            paramLabel = "NAME",
            description =
                    "Secret holding the worker's gateway credential (env GATEWAY_API_SECRET_NAME; default layer).")
    String secretName;

    @Option(
            names = "--gateway-secret-key",
            paramLabel = "KEY",
            description =
                    "Key within that Secret (env GATEWAY_API_SECRET_KEY; default turbopuffer-api-key, or layer-inbound-worker-api-key in keys mode).")
    String secretKey;

    @Option(
            names = "--auth-mode",
            paramLabel = "MODE",
            description = "deriveFromStore, keys or open (env GATEWAY_AUTH_MODE; default deriveFromStore).")
    String authMode;

    @Option(
            names = "--max-replicas-ceiling",
            paramLabel = "N",
            description = "Highest replicas.max any Pipeline may ask for (env MAX_REPLICAS_CEILING; default 100).")
    String ceiling;

    @Option(
            names = "--pod-security-level",
            paramLabel = "LEVEL",
            description =
                    "Pod Security Standards level a worker.podSpec patch must meet: privileged (no check), baseline (default) or restricted (env POD_SECURITY_LEVEL).")
    String podSecurityLevel;

    @Option(
            names = "--schedule-time-zone",
            paramLabel = "ZONE",
            description =
                    "IANA time zone of every spec.schedule.cron, e.g. Europe/Berlin (env SCHEDULE_TIME_ZONE; default UTC).")
    String scheduleTimeZone;

    @Option(
            names = "--metrics-secret-name",
            paramLabel = "NAME",
            description =
                    "Secret (in each worker's namespace) whose key KEDA sends as a bearer token to the metrics server, whichever it is (env METRICS_SECRET_NAME; default none: the gateway credential goes only to the gateway's own /v2/metrics).")
    String metricsSecretName;

    @Option(
            names = "--metrics-secret-key",
            paramLabel = "KEY",
            description = "Key within that Secret (env METRICS_SECRET_KEY; default token).")
    String metricsSecretKey;

    @Option(
            names = "--scaling-signal",
            paramLabel = "SIGNAL",
            description =
                    "What KEDA scales on: prometheus (the gateway's metrics through --metrics-server, default) or pipeline-status (metrics-api triggers on the gateway's GET /v2/pipelines/{id}/status: no 50-pipelineId limit, no scrape lag) (env SCALING_SIGNAL).")
    String scalingSignal;

    @Option(
            names = "--gateway-secret-namespace",
            paramLabel = "NS",
            description =
                    "Namespace of the gateway Secret that workers in other namespaces need a copy of (env GATEWAY_API_SECRET_NAMESPACE; default the base URL's <service>.<namespace>.svc, else layer).")
    String secretNamespace;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "yaml (a YAML stream, default) or json (a v1 List).")
    String format = "yaml";

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description = "Write one file per object into DIR instead of stdout.")
    Path outputDir;

    @Option(
            names = "--prune",
            description = "With --output-dir: remove the files an earlier run wrote there that this run does not write"
                    + " (only files layer-render wrote, as recorded in DIR/.layer-render-files, and unchanged since).")
    boolean prune;

    @Option(
            names = "--argocd",
            description =
                    "Run as Argo CD's config-management plugin: settings also from ARGOCD_ENV_* and ARGOCD_APP_PARAMETERS,"
                            + " ARGOCD_APP_NAMESPACE for Pipelines without a namespace, and an empty result is an error (Argo CD would prune everything).")
    boolean argocd;

    @Option(
            names = "--warnings-as-errors",
            description = "Fail (exit 1, nothing on stdout) when there is any warning, as when there is an error.")
    boolean warningsAsErrors;

    @Option(
            names = "--errors",
            paramLabel = "FORMAT",
            description = "text (FILE:LINE:COL lines, default) or json: every line on stderr is one JSON object with a"
                    + " KRM result's fields (message, severity, code, resourceRef, field, file{path,line,column}).")
    String errors = "text";

    /** The output flags, which only {@code render} has: {@code validate} prints no manifests. */
    static final List<String> OUTPUT_FLAGS = List.of("-o", "--output", "--output-dir", "--prune");

    RenderCommand(Main.Context ctx, boolean render) {
        this.ctx = ctx;
        this.render = render;
    }

    /** The flags without a value that a plain render may carry (each once: picocli refuses a repeated one). */
    static final List<String> PLAIN_FLAGS = List.of("--argocd", "--warnings-as-errors");

    /** The options with a value that a plain render may carry, each once, its value in the next word. */
    static final List<String> PLAIN_OPTIONS = List.of("-n", "--namespace", "--infra-rules");

    /**
     * The command picocli would make of {@code args} when they are a plain render, or null: {@code render}
     * or {@code validate}, then one or more paths, at most once each of {@link #PLAIN_FLAGS} and of
     * {@link #PLAIN_OPTIONS} (the namespace or the rules file in the next word). No path or value may be
     * empty, start with '-' (but the path "-", the standard input) or with '@' (picocli reads such a word
     * as an argument file). Anything else (another option, help, a repeated one, {@code --namespace=x},
     * no path) is picocli's to parse, with its messages. Every field then is as picocli leaves it
     * (PlainRenderTest compares them).
     */
    static RenderCommand plain(Main.Context ctx, String[] args) {
        if (args.length < 2 || !(args[0].equals("render") || args[0].equals("validate"))) {
            return null;
        }
        RenderCommand c = new RenderCommand(ctx, args[0].equals("render"));
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length && plainWord(args[i + 1]) ? args[i + 1] : null;
            if (a.equals("--argocd") && !c.argocd) {
                c.argocd = true;
            } else if (a.equals("--warnings-as-errors") && !c.warningsAsErrors) {
                c.warningsAsErrors = true;
            } else if ((a.equals("-n") || a.equals("--namespace")) && c.namespace == null && value != null) {
                c.namespace = value;
                i++;
            } else if (a.equals("--infra-rules") && c.infraRules == null && value != null) {
                c.infraRules = value;
                i++;
            } else if (a.equals("-") || plainWord(a)) {
                c.paths.add(a);
            } else {
                return null;
            }
        }
        return c.paths.isEmpty() ? null : c;
    }

    /** A word picocli takes as it is: not empty, no option (no leading '-'), no argument file (no leading '@'). */
    static boolean plainWord(String word) {
        return !word.isEmpty() && !word.startsWith("-") && !word.startsWith("@");
    }

    /** {@code render} or {@code validate} with its description and examples; {@code validate} has no output flags. */
    static picocli.CommandLine command(Main.Context ctx, boolean render) {
        picocli.CommandLine cli = new picocli.CommandLine(new RenderCommand(ctx, render));
        picocli.CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        if (render) {
            spec.usageMessage()
                    .description(
                            "Renders the Pipelines in the given files and folders into Kubernetes objects: a Deployment"
                                    + " per Pipeline and, when it autoscales, a KEDA ScaledObject and"
                                    + " TriggerAuthentication. Other manifests pass through unchanged.",
                            "All or nothing: on any error, every problem is printed on stderr and nothing on stdout.")
                    .footer(
                            "",
                            "Examples:",
                            "  # render a folder to stdout, Pipelines without a namespace in apps",
                            "  layer-render render -n apps pipelines/",
                            "  # with the platform's pools, applied straight away",
                            "  layer-render render --infra-rules rules.yaml pipelines/ | kubectl apply -f -",
                            "  # one file per object; --prune removes what only an earlier run wrote",
                            "  layer-render render pipelines/ --output-dir out/ --prune",
                            "  # from kubectl's kustomize (which runs no exec generator)",
                            "  kubectl kustomize overlays/prod | layer-render render -",
                            "  # errors as JSON lines for a CI annotation step; warnings fail too",
                            "  layer-render render pipelines/ --errors json --warnings-as-errors",
                            "",
                            EXIT_CODES,
                            EXIT_CODES_MORE);
        } else {
            for (String flag : List.of("--output", "--output-dir", "--prune")) {
                spec.remove(spec.findOption(flag));
            }
            spec.usageMessage()
                    .description(
                            "Checks the Pipelines, InfraRules and VectorStores in the given files and folders as"
                                    + " 'render' would, and prints one summary line instead of the manifests.",
                            "Takes render's input and settings flags; it has no output flags (-o, --output-dir,"
                                    + " --prune).")
                    .footer(
                            "",
                            "Examples:",
                            "  layer-render validate pipelines/",
                            "  layer-render validate -n apps pipelines/ --infra-rules infra/rules.yaml",
                            "  # in CI: fail on warnings too, errors as JSON lines",
                            "  layer-render validate pipelines/ --warnings-as-errors --errors json",
                            "",
                            EXIT_CODES,
                            EXIT_CODES_MORE);
        }
        return cli;
    }

    private static final String EXIT_CODES = "Exit status: 0 success, 1 invalid input (or a warning, with";
    private static final String EXIT_CODES_MORE =
            "  --warnings-as-errors), 2 usage error, 3 internal error, 4 output lost.";

    /**
     * A line to add to picocli's "Unknown option" when {@code validate} is given an output flag; null otherwise.
     */
    static String hint(picocli.CommandLine.ParameterException ex) {
        if (!(ex instanceof picocli.CommandLine.UnmatchedArgumentException u)
                || !"validate".equals(ex.getCommandLine().getCommandName())) {
            return null;
        }
        for (String arg : u.getUnmatched()) {
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (OUTPUT_FLAGS.contains(flag) || flag.startsWith("-o") && !flag.startsWith("--")) {
                return "validate prints no manifests, so it has no " + flag
                        + " (layer-render rule: a flag that does nothing would hide a mistake; fix: drop " + flag
                        + ", or use 'layer-render render' to write the manifests)";
            }
        }
        return null;
    }

    /** The --exclude globs and Argo CD's, as {@link #settingsLayers} settled them. */
    private List<String> excludeGlobs = List.of();

    /** Where the namespace came from, as {@link #settingsLayers} settled it (explain says it). */
    private String namespaceFrom;

    /** The excludes {@link #settingsLayers} settled, compiled; a malformed glob is a usage error. */
    Excludes excludes() {
        try {
            return Excludes.of(excludeGlobs, "--exclude");
        } catch (Excludes.BadGlob e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /**
     * The settings layers of the environment, Argo CD's parameters (with {@code --argocd}, which may also set
     * the namespace and the infra-rules file) and the flags, lowest first; every bad value is a usage error.
     * {@code diff} takes the same flags and settles its settings here too.
     */
    List<SettingsLayer> settingsLayers() {
        if (namespace != null) {
            String why = ApiServerRules.dnsLabelError(namespace);
            if (why != null) {
                throw new Main.UsageException("--namespace=" + namespace + " is not a namespace name: " + why
                        + " (fix: e.g. --namespace " + suggestedNamespace(namespace) + ")");
            }
        }
        namespaceFrom = namespace != null ? "flag --namespace" : null;
        FrontEndSettings.Read env = FrontEndSettings.environment(ctx.env());
        FrontEndSettings.Read flags = FrontEndSettings.flags(flags());
        List<String> settingErrors = new ArrayList<>(env.errors());
        settingErrors.addAll(flags.errors());
        List<SettingsLayer> layers = new ArrayList<>(List.of(env.layer()));
        List<String> globs = new ArrayList<>(excludes);
        if (argocd) {
            ArgoCdSettings.Config argo = ArgoCdSettings.read(ctx.env());
            settingErrors.addAll(argo.errors());
            layers.addAll(argo.layers());
            globs.addAll(argo.excludes());
            namespaceFrom = namespaceFrom != null || argo.namespace() == null
                    ? namespaceFrom
                    : ArgoCdSettings.APP_NAMESPACE + " (the Application's destination namespace)";
            namespace = namespace != null ? namespace : argo.namespace();
            infraRules = infraRules != null ? infraRules : argo.infraRules();
        }
        layers.add(flags.layer());
        if (!settingErrors.isEmpty()) {
            throw new Main.UsageException(settingErrors);
        }
        excludeGlobs = List.copyOf(globs);
        return layers;
    }

    @Override
    public Integer call() {
        if (explain != null && !format.equals("text") && !format.equals("json")) {
            throw new Main.UsageException("--output must be text or json, not \"" + format + "\"");
        }
        if (explain == null && !format.equals("yaml") && !format.equals("json")) {
            throw new Main.UsageException("--output must be yaml or json, not \"" + format + "\"");
        }
        if (!errors.equals("text") && !errors.equals("json")) {
            throw new Main.UsageException("--errors must be text or json, not \"" + errors + "\"");
        }
        List<SettingsLayer> layers = settingsLayers();
        Excludes exclude = excludes();
        if (prune && outputDir == null) {
            throw new Main.UsageException("--prune needs --output-dir");
        }
        List<String> all = new ArrayList<>(explain != null ? explain.take(paths) : paths);
        all.addAll(filenames);
        if (all.isEmpty()) {
            throw new Main.UsageException("no input: give files or folders, or - to read stdin");
        }

        List<Problem> readProblems = new ArrayList<>();
        List<SourceDoc> docs = new ArrayList<>();
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        Inputs.Scope inputScope = argocd
                ? Inputs.Scope.COMMAND_LINE.worded(
                        "the application folder",
                        "Argo CD renders the application's own files only; copy the file into the application's folder")
                : Inputs.Scope.COMMAND_LINE;
        inputScope = inputScope.excluding(exclude);
        List<String> inputErrors = new ArrayList<>();
        List<Inputs.Text> fromInputs = List.of();
        try {
            if (infraRules != null) {
                // plain CLI: the user's own choice, anywhere; under Argo CD (set by whoever edits the Application):
                // a regular file inside the application folder
                Inputs.Scope rulesScope = argocd
                        ? new Inputs.Scope(
                                Inputs.roots(all),
                                true,
                                Set.of(),
                                "the application folder",
                                "infra-rules must name a file inside the application's folder, relative to it")
                        : new Inputs.Scope(null, true, Set.of(), "", "");
                docs.addAll(Inputs.infraRulesOnly(
                        parse(loader, read(List.of(infraRules), rulesScope, inputErrors), readProblems),
                        "--infra-rules",
                        readProblems));
                // a rules file inside an input folder is read once, as the rules
                inputScope = inputScope.skipping(Set.copyOf(Inputs.roots(List.of(infraRules))));
            }
            fromInputs = new ArrayList<>(read(all, inputScope, inputErrors)); // StreamedInputs empties it
        } catch (Inputs.InputException e) {
            throw new Main.UsageException(e.getMessage()); // a named path that is not there
        }
        ErrorOutput report = new ErrorOutput(ctx.err(), errors.equals("json"));
        if (!inputErrors.isEmpty()) {
            inputErrors.forEach(report::error);
            int n = inputErrors.size();
            report.summary(n + (n == 1 ? " error" : " errors") + "; nothing rendered");
            return Main.INVALID;
        }
        // read as a stream: the engine holds one input tree at a time (StreamedInputs); nothing is said
        // of the outcome before the input is known not to be empty. explain holds its objects (with
        // their origins), so its run is not streamed
        // the threads of this run (null on one core): checking, rendering and writing spread over the cores
        Workers workers = Workers.forThisMachine();
        try {
            StreamedInputs input = new StreamedInputs(docs, fromInputs, loader, readProblems);
            Engine engine = ctx.parts().engine();
            Engine.Outcome outcome = engine.run(
                    explain != null
                            ? new Engine.Request(input, layers, namespace, false, new Engine.Explain(namespaceFrom))
                            : new Engine.Request(
                                    input,
                                    layers,
                                    namespace,
                                    true,
                                    null,
                                    workers == null ? Parallel.SERIAL : workers,
                                    render && outputDir == null && format.equals("yaml") ? prewrite() : null));
            if (input.documents() == 0 && readProblems.stream().noneMatch(Problem::isError)) {
                // every front end: an input that holds nothing is a mistake (a wrong path, an emptied folder), never a
                // render; the files skipped as no manifests say why they gave nothing
                readProblems.forEach(report::problem);
                report.error("layer-render: " + String.join(", ", all) + ": no YAML or JSON document to read"
                        + " (give files or folders that hold Pipelines or other manifests; a folder is read for *.yaml, *.yml and *.json"
                        + (excludeGlobs.isEmpty() ? "" : ", but for what --exclude leaves out")
                        + ")"
                        + (argocd
                                ? "; refusing to print an empty result, which Argo CD would take as \"delete every object of this application\""
                                : ""));
                return Main.INVALID;
            }
            long pipelines = input.count(Kind.PIPELINE);
            long infraRulesDocs = input.count(Kind.INFRA_RULES);
            List<Problem> problems = new ArrayList<>(readProblems);
            problems.addAll(outcome.problems());
            Collections.sort(problems);
            long errorCount = problems.stream().filter(Problem::isError).count();
            long warningCount = problems.size() - errorCount;
            problems.forEach(report::problem);
            if (errorCount > 0) {
                report.summary(errorCount + (errorCount == 1 ? " error" : " errors") + "; nothing rendered");
                return Main.INVALID;
            }
            if (warningsAsErrors && warningCount > 0) {
                report.summary(warningCount + (warningCount == 1 ? " warning" : " warnings")
                        + " and --warnings-as-errors; nothing rendered");
                return Main.INVALID;
            }
            if (argocd && outcome.objects().isEmpty() && outcome.passthrough().isEmpty()) {
                report.error(
                        "layer-render: nothing to render in " + String.join(", ", all)
                                + " (no Pipeline and no other manifest);"
                                + " refusing to print an empty result, which Argo CD would take as \"delete every object of this application\"");
                return Main.INVALID;
            }
            if (explain != null) {
                return explain.print(outcome, namespace, format.equals("json"), ctx.out());
            }
            if (!render) {
                ctx.out()
                        .println("valid: " + pipelines + " Pipeline(s) render to "
                                + outcome.objects().size() + " object(s) "
                                + (infraRulesDocs > 0
                                        ? "with InfraRules/default"
                                        : "with the built-in pools (no InfraRules given)")
                                + "; " + outcome.passthrough().size() + " other document(s) pass through");
                secretsNeeded(outcome).forEach(report::note); // stdout stays the one "valid:" line
                return Main.OK;
            }
            String note = secretNote(outcome);
            if (note != null) {
                report.note(note);
            }
            if (outputDir != null) {
                return writeDir(outcome.objects(), outcome.passthrough(), report);
            }
            // streamed: one output tree at a time, through a buffer, straight to stdout; the first
            // failed write ends the run (exit 4), it is not swallowed by the PrintStream
            Writer out = new BufferedWriter(
                    new OutputStreamWriter(Stdout.failFast(ctx.out()), StandardCharsets.UTF_8), 1 << 16);
            try {
                if (format.equals("json")) {
                    Output.writeJson(Output.lazyDocuments(outcome.objects(), outcome.passthrough()), out);
                } else {
                    writeYaml(outcome, out, workers);
                }
                out.flush();
            } catch (IOException e) {
                throw stdoutLost(e);
            } catch (UncheckedIOException e) {
                throw stdoutLost(e.getCause());
            }
            return Main.OK;
        } finally {
            if (workers != null) {
                workers.close();
            }
        }
    }

    /**
     * YAML, made on every available core when there is much of it (see {@link Output#writeYaml(List, List, List,
     * Appendable, ExecutorService, int)}), the objects' text kept by the run written as it is.
     */
    private static void writeYaml(Engine.Outcome outcome, Writer out, Workers workers) {
        if (workers == null || outcome.objects().size() <= Output.CHUNK) { // one chunk: this thread (no threads made)
            Output.writeYaml(outcome.objects(), outcome.written(), outcome.passthrough(), out, null, 1);
            return;
        }
        Output.writeYaml(
                outcome.objects(),
                outcome.written(),
                outcome.passthrough(),
                out,
                workers.executor(),
                workers.parallelism());
    }

    /**
     * A render to stdout as YAML writes each object's text while the run checks it and keeps it, up to a tenth of
     * the heap (at most {@value #MAX_PREWRITTEN_CHARS} chars), instead of rendering it again as it is written:
     * 10,000 Pipelines are then rendered once; a larger input renders the rest again, within the heap
     * (BENCHMARKS.md, "Memory and linear time").
     */
    private static Engine.Prewrite prewrite() {
        long budget = Math.min(MAX_PREWRITTEN_CHARS, Runtime.getRuntime().maxMemory() / 10);
        return new Engine.Prewrite(Output::yaml, budget);
    }

    private static final long MAX_PREWRITTEN_CHARS = 48L * 1024 * 1024;

    /**
     * {@code validate}'s section on the gateway Secret: each namespace whose workers read it, with the Secret
     * and key (nothing when no worker does). Only the reconciler copies it; the other front ends cannot.
     */
    static List<String> secretsNeeded(Engine.Outcome outcome) {
        Map<String, java.util.TreeMap<String, List<String>>> byNamespace = new java.util.TreeMap<>();
        for (Engine.SecretUse u : outcome.secretUses()) {
            String ns = u.namespace() == null ? "(not set: the one it is applied to)" : u.namespace();
            byNamespace
                    .computeIfAbsent(ns, k -> new java.util.TreeMap<>())
                    .computeIfAbsent("Secret " + u.secretName() + ", key " + u.secretKey(), k -> new ArrayList<>())
                    .add(u.pipeline());
        }
        if (byNamespace.isEmpty()) {
            return List.of();
        }
        String source = outcome.settings().secretNamespace();
        List<String> lines = new ArrayList<>();
        lines.add("the gateway Secret each worker namespace needs"
                + (source == null
                        ? " (the default VectorStore's credential: provide it in each namespace):"
                        : " (layer-render reconcile copies it from namespace " + source
                                + "; render, Argo CD and KRM cannot: provide it in each other namespace):"));
        byNamespace.forEach((ns, secrets) -> secrets.forEach((secret, pipelines) -> {
            List<String> sorted = pipelines.stream().sorted().toList();
            lines.add("  namespace " + ns + ": " + secret + " (Pipeline" + (sorted.size() == 1 ? " " : "s ")
                    + String.join(", ", sorted) + (ns.equals(source) ? "; the gateway's own namespace" : "") + ")");
        }));
        return lines;
    }

    /**
     * {@code render}'s one line on stderr when workers read the gateway Secret in a namespace other than the
     * gateway's: render cannot copy a Secret's value; null when there is nothing to say.
     */
    static String secretNote(Engine.Outcome outcome) {
        String source = outcome.settings().secretNamespace();
        if (source == null) {
            return null; // the default VectorStore's Secret: not the gateway's
        }
        java.util.TreeSet<String> elsewhere = new java.util.TreeSet<>();
        String secret = null;
        for (Engine.SecretUse u : outcome.secretUses()) {
            if (u.namespace() != null && !u.namespace().equals(source)) {
                elsewhere.add(u.namespace());
                secret = "Secret " + u.secretName() + " (key " + u.secretKey() + ")";
            }
        }
        if (elsewhere.isEmpty()) {
            return null;
        }
        return "layer-render: note: the workers in namespace" + (elsewhere.size() == 1 ? " " : "s ")
                + String.join(", ", elsewhere) + " read " + secret
                + " in their own namespace, but the gateway's Secret is in"
                + " namespace " + source + " and render cannot copy a Secret: provide it there (e.g. with a"
                + " Secret-sync tool, see the README's Argo CD section), or run layer-render reconcile, which copies it";
    }

    /** A DNS-1123 label made from a mistyped one, for the fix of a usage error: {@code Bad_NS} becomes {@code bad-ns}. */
    static String suggestedNamespace(String given) {
        String s = given.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        s = s.replaceAll("^-+", "");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        s = s.replaceAll("-+$", "");
        return s.isEmpty() ? "default" : s;
    }

    static Main.OutputException stdoutLost(IOException e) {
        return new Main.OutputException(
                "cannot write to stdout: " + (e.getMessage() != null ? e.getMessage() : e)
                        + "; the output is lost or incomplete",
                e);
    }

    /**
     * One file per object: the names first (one output tree at a time), then each file's tree made again just
     * before it is written, so a large render to a folder holds names, not every output tree.
     */
    private int writeDir(List<RenderedObject> objects, List<JsonNode> passthrough, ErrorOutput report) {
        List<String> names = Output.fileNames(Output.lazyDocuments(objects, passthrough), format);
        Map<String, Integer> files = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            files.put(names.get(i), i);
        }
        OutputDir.Result r;
        try {
            r = OutputDir.write(
                    outputDir,
                    files,
                    i -> {
                        JsonNode d = Output.document(objects, passthrough, i);
                        return (format.equals("json") ? Output.jsonObject(d) : YamlWriter.write(List.of(d)))
                                .getBytes(StandardCharsets.UTF_8);
                    },
                    prune);
        } catch (OutputDir.Failure e) {
            throw new Main.OutputException(e.getMessage(), e);
        }
        report.note("wrote " + r.written().size() + " file(s) to " + outputDir
                + (r.pruned().isEmpty()
                        ? ""
                        : "; removed " + r.pruned().size() + " stale file(s) of an earlier run: "
                                + String.join(", ", r.pruned())));
        if (!r.stale().isEmpty()) {
            report.note("layer-render: " + r.stale().size() + " file(s) in " + outputDir
                    + " written by an earlier run are no longer rendered" + " (--prune removes them): "
                    + String.join(", ", r.stale()));
        }
        if (!r.foreign().isEmpty()) {
            report.note("layer-render: not removed, changed since layer-render wrote them: "
                    + String.join(", ", r.foreign()));
        }
        return Main.OK;
    }

    /** Reads {@code paths}; input errors (exit 1) go to {@code inputErrors}; a missing path throws (exit 2). */
    private List<Inputs.Text> read(List<String> paths, Inputs.Scope scope, List<String> inputErrors)
            throws Inputs.InputException {
        try {
            return Inputs.read(paths, ctx.in(), scope);
        } catch (Inputs.InputException e) {
            if (e.usage) {
                throw e;
            }
            inputErrors.addAll(e.messages);
            return List.of();
        }
    }

    private static List<SourceDoc> parse(YamlLoader loader, List<Inputs.Text> texts, List<Problem> problems) {
        List<SourceDoc> docs = new ArrayList<>();
        Inputs.parse(loader, texts, problems).values().forEach(docs::addAll);
        return docs;
    }

    /** The settings' flags by front-end name (a flag's name without its dashes); null when not given. */
    private Map<String, String> flags() {
        Map<String, String> given = new HashMap<>();
        given.put(FrontEndSettings.BASE_URL, baseUrl);
        given.put(FrontEndSettings.METRICS_SERVER, metricsServer);
        given.put(FrontEndSettings.SECRET_NAME, secretName);
        given.put(FrontEndSettings.SECRET_KEY, secretKey);
        given.put(FrontEndSettings.AUTH_MODE, authMode);
        given.put(FrontEndSettings.CEILING, ceiling);
        given.put(FrontEndSettings.POD_SECURITY, podSecurityLevel);
        given.put(FrontEndSettings.SCHEDULE_TIME_ZONE, scheduleTimeZone);
        given.put(FrontEndSettings.METRICS_SECRET_NAME, metricsSecretName);
        given.put(FrontEndSettings.METRICS_SECRET_KEY, metricsSecretKey);
        given.put(FrontEndSettings.SCALING_SIGNAL, scalingSignal);
        given.put(FrontEndSettings.SECRET_NAMESPACE, secretNamespace);
        return given;
    }
}
