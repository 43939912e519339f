package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hevlayer.layerrender.diff.DiffReport;
import com.hevlayer.layerrender.diff.ObjectDiff;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diff OLD NEW}: renders both sides with the same settings and prints what changes between the two
 * renders, object by object and field by field ({@link ObjectDiff}). A side is a file, a folder, {@code -}
 * (stdin, one side at most) or a git revision of the current repository ({@code REV:PATH}, {@link GitInputs}).
 * Exit status as diff(1)'s: 0 no change, 1 changed, 2 trouble (a usage error, an unreadable or invalid side).
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
final class DiffCommand implements Callable<Integer> {
    static final int SAME = 0;
    static final int CHANGED = 1;
    static final int TROUBLE = 2;

    private final Main.Context ctx;
    /** render's settings flags (its other flags removed): one reading of them, the same for both sides. */
    private final RenderCommand settings;

    @Parameters(
            index = "0",
            paramLabel = "OLD",
            description = "The old side: a file, a folder, - (stdin) or REV:PATH, a git revision of this repository"
                    + " (HEAD~1:apps, origin/main:apps/; a local path with a colon is written ./a:b).")
    String oldSide;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new side, the same way.")
    String newSide;

    @Option(
            names = {"-o", "--output", "--format"},
            paramLabel = "FORMAT",
            description = "text (default), json (the same as data) or markdown (for a pull-request comment).")
    String format = "text";

    /** render's flags that have no meaning for diff: its input list, output, Argo CD and error formats. */
    static final List<String> NOT_FOR_DIFF = List.of(
            "--filename",
            "--output",
            "--output-dir",
            "--prune",
            "--argocd",
            "--warnings-as-errors",
            "--errors",
            "--help",
            "--version");

    /** render's --exclude, for both sides' folders and trees (not for --infra-rules, a file). */
    private Excludes exclude = Excludes.NONE;

    private DiffCommand(Main.Context ctx) {
        this.ctx = ctx;
        this.settings = new RenderCommand(ctx, true);
    }

    static CommandLine command(Main.Context ctx) {
        DiffCommand diff = new DiffCommand(ctx);
        CommandSpec spec = CommandSpec.forAnnotatedObject(diff);
        CommandSpec flags = CommandSpec.forAnnotatedObject(diff.settings);
        for (String name : NOT_FOR_DIFF) {
            flags.remove(flags.findOption(name));
        }
        new ArrayList<>(flags.positionalParameters()).forEach(flags::remove);
        spec.addMixin("settings", flags);
        spec.usageMessage()
                .description(
                        "Renders OLD and NEW with the same settings (render's flags and environment) and prints what"
                                + " changes between them: the objects added, removed and changed, each change as a field"
                                + " path with its old and new value, in output order.",
                        "The summary names the objects whose pods restart (their pod template changes) and the"
                                + " objects deleted (a ScaledObject dropped by mode: fixed, a renamed object).")
                .footer(
                        "",
                        "Examples:",
                        "  # what the last commit changes in apps/",
                        "  layer-render diff HEAD~1:apps HEAD:apps",
                        "  # the work tree against the main branch, as a pull-request comment",
                        "  layer-render diff --format markdown origin/main:apps/ apps/",
                        "  # two files, with the platform's pools and a default namespace",
                        "  layer-render diff -n apps --infra-rules rules.yaml old.yaml new.yaml",
                        "  # kustomize's output against a folder, as JSON",
                        "  kubectl kustomize overlays/prod | layer-render diff -o json - rendered/",
                        "",
                        "REV:PATH is read with git from the repository of the current folder",
                        "(no clone, no checkout, no network); PATH is relative to the repository's",
                        "root (./PATH: to the current folder); a local path with a colon: ./a:b.",
                        "",
                        "Exit status: 0 no change, 1 changed, 2 trouble (a usage error, a side",
                        "  unreadable or invalid: stderr names the side and prints its errors as",
                        "  render does), 3 internal error, 4 output lost.");
        return new CommandLine(spec);
    }

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** One side rendered: its objects in output order, or why it could not be. */
    private record Side(
            String which, String label, List<JsonNode> objects, List<Problem> problems, List<String> errors) {
        boolean failed() {
            return !errors.isEmpty() || problems.stream().anyMatch(Problem::isError);
        }
    }

    @Override
    public Integer call() {
        if (!List.of("text", "json", "markdown").contains(format)) {
            throw new Main.UsageException("--output must be text, json or markdown, not \"" + format + "\"");
        }
        if (oldSide.equals("-") && newSide.equals("-")) {
            throw new Main.UsageException(
                    "only one side can be - (stdin); name the other side's file, folder or" + " revision");
        }
        List<SettingsLayer> layers = settings.settingsLayers();
        exclude = settings.excludes();
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        List<Problem> rulesProblems = new ArrayList<>();
        List<SourceDoc> rules = new ArrayList<>();
        Set<Path> skip = Set.of();
        if (settings.infraRules != null) {
            List<Inputs.Text> texts = texts("--infra-rules", settings.infraRules, Set.of(), true);
            rules.addAll(Inputs.infraRulesOnly(
                    Inputs.parse(loader, texts, rulesProblems).values().stream()
                            .flatMap(List::stream)
                            .toList(),
                    "--infra-rules",
                    rulesProblems));
            if (GitInputs.parse(settings.infraRules) == null) {
                skip = Set.copyOf(Inputs.roots(List.of(settings.infraRules)));
            }
        }
        Engine engine = ctx.parts().engine();
        Side before = side("old", oldSide, loader, engine, layers, rules, rulesProblems, skip);
        Side after = side("new", newSide, loader, engine, layers, rules, rulesProblems, skip);
        boolean trouble = false;
        for (Side s : List.of(before, after)) {
            trouble |= report(s);
        }
        if (trouble) {
            return TROUBLE;
        }
        ObjectDiff.Result result = ObjectDiff.diff(before.objects(), after.objects());
        switch (format) {
            case "json" -> {
                try {
                    ctx.out()
                            .println(JSON.writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(DiffReport.json(result, oldSide, newSide)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e); // a tree always writes
                }
            }
            case "markdown" -> ctx.out().print(DiffReport.markdown(result, oldSide, newSide));
            default ->
                DiffReport.text(result, oldSide, newSide)
                        .lines()
                        .forEach(l -> ctx.out().println(Problem.escaped(l)));
        }
        return result.isEmpty() ? SAME : CHANGED;
    }

    /** Prints a side's errors (and warnings) on stderr, headed by which side it is; true when it failed. */
    private boolean report(Side s) {
        if (s.errors().isEmpty() && s.problems().isEmpty()) {
            return false;
        }
        boolean failed = s.failed();
        ctx.err()
                .println(Problem.escaped("layer-render: the " + s.which() + " side, " + s.label() + ", "
                        + (failed ? "is invalid (nothing compared):" : "has warnings:")));
        s.errors().forEach(e -> ctx.err().println(Problem.escaped(e)));
        s.problems().forEach(p -> ctx.err().println(p.format()));
        if (failed) {
            long n = s.errors().size()
                    + s.problems().stream().filter(Problem::isError).count();
            ctx.err().println(n + (n == 1 ? " error" : " errors") + " in the " + s.which() + " side");
        }
        return failed;
    }

    private Side side(
            String which,
            String arg,
            YamlLoader loader,
            Engine engine,
            List<SettingsLayer> layers,
            List<SourceDoc> rules,
            List<Problem> rulesProblems,
            Set<Path> skip) {
        List<String> errors = new ArrayList<>();
        List<Inputs.Text> texts;
        try {
            texts = texts(which + " side", arg, skip, false);
        } catch (SideUnreadable e) {
            errors.addAll(e.messages);
            return new Side(which, arg, List.of(), List.of(), errors);
        }
        List<Problem> problems = new ArrayList<>(rulesProblems);
        List<SourceDoc> docs = new ArrayList<>(rules);
        int before = docs.size();
        Inputs.parse(loader, texts, problems).values().forEach(docs::addAll);
        if (docs.size() == before
                && problems.subList(rulesProblems.size(), problems.size()).stream()
                        .noneMatch(Problem::isError)) {
            // as render: a side that holds nothing is a mistake; the files skipped as no manifests say why
            errors.add("layer-render: " + arg + ": no YAML or JSON document to read (give a file or folder that holds"
                    + " Pipelines or other manifests; a folder is read for *.yaml, *.yml and *.json"
                    + (exclude.isEmpty() ? "" : ", but for what --exclude leaves out")
                    + ")");
            return new Side(which, arg, List.of(), problems.subList(rulesProblems.size(), problems.size()), errors);
        }
        Engine.Outcome outcome = engine.run(new Engine.Request(docs, layers, settings.namespace));
        problems.addAll(outcome.problems());
        Collections.sort(problems);
        List<JsonNode> objects = problems.stream().anyMatch(Problem::isError)
                ? List.of()
                : Output.documents(outcome.objects(), outcome.passthrough());
        return new Side(which, arg, objects, problems, errors);
    }

    /** A side's input errors (exit 2 with the side named); a missing path or revision is a usage error. */
    private static final class SideUnreadable extends RuntimeException {
        final List<String> messages;

        SideUnreadable(List<String> messages) {
            super(String.join("; ", messages));
            this.messages = messages;
        }
    }

    /** The texts of a side (or of the --infra-rules file): a revision through git, else the files of a path. */
    private List<Inputs.Text> texts(String what, String arg, Set<Path> skip, boolean fileOnly) {
        GitInputs.Rev rev = GitInputs.parse(arg);
        try {
            if (rev != null) {
                List<Inputs.Text> texts = GitInputs.read(rev, Path.of("."), fileOnly ? Excludes.NONE : exclude);
                if (fileOnly && (texts.size() != 1 || !texts.get(0).label().equals(rev.label()))) {
                    throw new Main.UsageException(
                            what + " " + arg + ": is a folder, not a file (name the file that" + " holds it)");
                }
                return texts;
            }
            Inputs.Scope scope = fileOnly
                    ? new Inputs.Scope(null, true, Set.of(), "", "")
                    : Inputs.Scope.COMMAND_LINE.skipping(skip).excluding(exclude);
            return Inputs.read(List.of(arg), ctx.in(), scope);
        } catch (Inputs.InputException e) {
            if (e.usage) {
                throw new Main.UsageException(
                        e.messages.stream().map(m -> what + ": " + m).toList());
            }
            if (fileOnly) {
                throw new Main.UsageException(e.messages);
            }
            throw new SideUnreadable(e.messages);
        }
    }
}
