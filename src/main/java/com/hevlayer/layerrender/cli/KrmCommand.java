package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.krm.KrmFunction;
import com.hevlayer.layerrender.settings.FunctionConfig;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.Position;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code krm}: the edge of the KRM function ({@link KrmFunction}): reads the ResourceList from
 * stdin and the files its functionConfig names (inside the working directory, the kustomization's
 * folder), writes the ResourceList it returns to stdout and each problem to stderr too (kustomize
 * never prints results); any error makes the exit status non-zero.
 */
@Command(
        name = "krm",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs as a KRM function (kustomize exec generator/transformer, kpt): reads a config.kubernetes.io/v1"
                    + " ResourceList on stdin and writes one to stdout.",
            "Settings come from the functionConfig (a ConfigMap, or fn.hevlayer.com/v1alpha1 LayerRender) above the"
                    + " environment variables of 'render'. See README, section 'Argo CD and kustomize'."
        },
        footer = {
            "",
            "Examples:",
            "  kustomize build --enable-alpha-plugins --enable-exec overlays/prod",
            "  kpt fn eval pipelines/ --exec bin/layer-render-krm",
            "  kpt fn source pipelines/ | layer-render krm",
            "",
            "Exit status: 0 success, 1 invalid input (results say why), 4 output lost (stdout could not be written)."
        })
final class KrmCommand implements Callable<Integer> {
    private final Main.Context ctx;

    KrmCommand(Main.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        KrmFunction.Request request;
        try {
            request =
                    KrmFunction.read(Inputs.read(List.of("-"), ctx.in()).get(0).content());
        } catch (Inputs.InputException e) {
            return fatal(e.getMessage());
        } catch (KrmFunction.NotAResourceList e) {
            return fatal(e.getMessage());
        }
        KrmFunction.Response response =
                new KrmFunction(ctx.parts().engine()).run(request, ctx.env(), read(request.filesToRead()));
        response.messages().forEach(ctx.err()::println);
        ctx.out().print(YamlWriter.write(List.of(response.resourceList())));
        if (response.failed()) {
            long errors = response.errors();
            ctx.err().println(errors + (errors == 1 ? " error" : " errors") + "; nothing rendered");
            return Main.INVALID;
        }
        return Main.OK;
    }

    /** The infra-rules file and the files and folders the functionConfig names, inside the working directory. */
    private KrmFunction.Read read(KrmFunction.Files files) {
        if (files.infraRules() == null && files.paths().isEmpty()) {
            return KrmFunction.Read.none();
        }
        YamlLoader loader = new YamlLoader(Limits.DEFAULT);
        Map<String, List<SourceDoc>> texts = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        List<SourceDoc> rules = new ArrayList<>();
        Inputs.Scope scope = workingDirectory();
        if (files.infraRules() != null) {
            Inputs.Scope rulesScope = new Inputs.Scope(scope.within(), true, Set.of(), scope.where(), scope.fix());
            rules = Inputs.infraRulesOnly(
                    load(loader, List.of(files.infraRules()), rulesScope, texts, problems), "infra-rules", problems);
            scope = scope.skipping(Set.copyOf(Inputs.roots(List.of(files.infraRules()))));
        }
        try {
            scope = scope.excluding(Excludes.of(files.exclude(), "exclude"));
        } catch (Excludes.BadGlob e) {
            problems.add(Problem.error(
                    Code.INVALID_FUNCTION_INPUT, new Position(FunctionConfig.LABEL, 0, 0), null, null, e.getMessage()));
            return new KrmFunction.Read(texts, rules, List.of(), problems);
        }
        List<SourceDoc> fromFiles = load(loader, files.paths(), scope, texts, problems);
        return new KrmFunction.Read(texts, rules, fromFiles, problems);
    }

    private List<SourceDoc> load(
            YamlLoader loader,
            List<String> paths,
            Inputs.Scope scope,
            Map<String, List<SourceDoc>> texts,
            List<Problem> problems) {
        List<SourceDoc> docs = new ArrayList<>();
        if (paths.isEmpty()) {
            return docs;
        }
        List<Inputs.Text> read;
        try {
            if (paths.contains("-")) {
                throw new Inputs.InputException("- (stdin) carries the ResourceList; name files or folders");
            }
            read = Inputs.read(paths, ctx.in(), scope);
        } catch (Inputs.InputException e) {
            for (String m : e.messages) {
                problems.add(Problem.error(
                        Code.INVALID_FUNCTION_INPUT,
                        new Position(FunctionConfig.LABEL, 0, 0),
                        null,
                        null,
                        m + (e.usage ? " (paths are relative to the kustomization's folder)" : "")));
            }
            return docs;
        }
        Map<String, List<SourceDoc>> parsed = Inputs.parse(loader, read, problems);
        texts.putAll(parsed);
        parsed.values().forEach(docs::addAll);
        return docs;
    }

    /** The KRM function's root: its working directory, which kustomize sets to the kustomization's folder. */
    private static Inputs.Scope workingDirectory() {
        List<Path> root;
        try {
            root = List.of(Path.of("").toRealPath());
        } catch (IOException e) {
            root = List.of(); // nothing is inside a working directory that cannot be resolved
        }
        return new Inputs.Scope(
                root,
                false,
                Set.of(),
                "the function's working directory (the kustomization's folder)",
                "name files and folders inside it, relative to it");
    }

    /** Input that is not a ResourceList: nothing sensible to write on stdout. */
    private int fatal(String message) {
        ctx.err().println(Problem.escaped("layer-render krm: " + message));
        return Main.INVALID;
    }
}
