package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.settings.ArgoCdSettings;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code discover}: Argo CD's plugin discovery (argocd/plugin.yaml). Reads the folder exactly as {@code render}
 * does (same walk, same limits, same YAML reading) and prints the first file holding a hevlayer.com Pipeline, in
 * any YAML or JSON form and inside a {@code v1 List}; prints nothing and exits 1 when there is none. A folder
 * holding a {@code Chart.yaml} (a Helm chart and everything below it) is never a match: Argo CD renders it with
 * Helm.
 */
@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the first file below FOLDER that holds a hevlayer.com Pipeline and exits 0; prints nothing and"
                    + " exits 1 when there is none (Argo CD's discover.find contract: exit 0 with output is a match).",
            "Files are read as render reads them; a file that is not YAML is no match. Folders holding a"
                    + " Chart.yaml (Helm charts) are skipped, and so is what --exclude (or, with --argocd, the"
                    + " exclude parameter or ARGOCD_ENV_EXCLUDE) leaves out, as render leaves it out.",
            "",
            "Example (argocd/plugin.yaml):  layer-render discover --argocd ."
        })
final class DiscoverCommand implements Callable<Integer> {
    private final Main.Context ctx;

    @Parameters(paramLabel = "FOLDER", arity = "0..1", description = "The application folder (default .).")
    String folder = ".";

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description = "Leave out what matches GLOB, as render --exclude does; may be repeated.")
    List<String> excludes = new ArrayList<>();

    @Option(
            names = "--argocd",
            description = "Also leave out what the Application's exclude parameter or ARGOCD_ENV_EXCLUDE names.")
    boolean argocd;

    DiscoverCommand(Main.Context ctx) {
        this.ctx = ctx;
    }

    /**
     * The command picocli would make of {@code args} when they are a plain discover (argocd/plugin.yaml's
     * {@code discover --argocd .}), or null: {@code discover}, then at most one folder (not empty, not
     * starting with '-' or '@') and at most once {@code --argocd}. Anything else is picocli's to parse, with
     * its messages (PlainRenderTest compares the commands).
     */
    static DiscoverCommand plain(Main.Context ctx, String[] args) {
        if (args.length < 1 || !args[0].equals("discover")) {
            return null;
        }
        DiscoverCommand c = new DiscoverCommand(ctx);
        boolean folderGiven = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--argocd") && !c.argocd) {
                c.argocd = true;
            } else if (!folderGiven && RenderCommand.plainWord(a)) {
                c.folder = a;
                folderGiven = true;
            } else {
                return null;
            }
        }
        return c;
    }

    @Override
    public Integer call() {
        List<String> globs = new ArrayList<>(excludes);
        if (argocd) {
            globs.addAll(ArgoCdSettings.excludes(ctx.env()));
        }
        Excludes exclude;
        try {
            exclude = Excludes.of(globs, "--exclude");
        } catch (Excludes.BadGlob e) {
            throw new Main.UsageException(e.getMessage());
        }
        List<Inputs.Text> texts;
        try {
            texts = Inputs.read(
                    List.of(folder),
                    ctx.in(),
                    Inputs.Scope.COMMAND_LINE
                            .worded(
                                    "the application folder",
                                    "Argo CD renders the application's own files only; copy the file into the"
                                            + " application's folder")
                            .excluding(exclude));
        } catch (Inputs.InputException e) {
            // render would refuse this folder too; no match, and the reason where argocd-cmp-server logs it
            for (String m : e.messages) {
                ctx.err().println(Problem.escaped("layer-render discover: " + m));
            }
            return Main.INVALID;
        }
        Path root = Path.of(folder).toAbsolutePath().normalize();
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        Map<String, List<SourceDoc>> parsed = Inputs.parse(loader, texts, new ArrayList<>());
        for (Map.Entry<String, List<SourceDoc>> file : parsed.entrySet()) {
            if (!inChart(root, Path.of(file.getKey())) && holdsPipeline(file.getValue())) {
                ctx.out().println(Problem.escaped(file.getKey()));
                return Main.OK;
            }
        }
        return Main.INVALID;
    }

    /** A Pipeline of ours among the documents, or among the items of a {@code v1 List}. */
    static boolean holdsPipeline(List<SourceDoc> docs) {
        for (SourceDoc d : docs) {
            if (isPipeline(d.root())) {
                return true;
            }
            if ("v1".equals(d.apiVersion()) && "List".equals(d.kind())) {
                for (JsonNode item : d.root().path("items")) {
                    if (isPipeline(item)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isPipeline(JsonNode n) {
        JsonNode apiVersion = n.get("apiVersion");
        JsonNode kind = n.get("kind");
        return apiVersion != null
                && apiVersion.isTextual()
                && Kind.GROUP.equals(Kind.group(apiVersion.asText()))
                && kind != null
                && kind.isTextual()
                && kind.asText().equals(Kind.PIPELINE.kind);
    }

    /** The file lies in a Helm chart: a folder between it and the application's root holds a Chart.yaml. */
    private static boolean inChart(Path root, Path file) {
        for (Path dir = file.toAbsolutePath().normalize().getParent();
                dir != null && dir.startsWith(root);
                dir = dir.getParent()) {
            if (Files.exists(dir.resolve("Chart.yaml")) || Files.exists(dir.resolve("Chart.yml"))) {
                return true;
            }
        }
        return false;
    }
}
