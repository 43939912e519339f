package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.crd.CrdBuilder;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "crds",
        mixinStandardHelpOptions = true,
        description =
                "Prints the CustomResourceDefinitions of Pipeline, InfraRules and VectorStore, built from schemas/.",
        footer = {
            "",
            "Examples:",
            "  layer-render crds | kubectl apply --server-side -f -",
            "  layer-render crds > crds.yaml",
            "",
            "Exit status: 0 success, 4 output lost (stdout could not be written)."
        })
final class CrdsCommand implements Callable<Integer> {
    private final Main.Context ctx;

    CrdsCommand(Main.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<JsonNode> docs = new ArrayList<>();
        CrdBuilder.build()
                .forEach(crd -> docs.add(Output.conventionalMetadata(wholeNumbers(Json.MAPPER.valueToTree(crd)))));
        ctx.out().print(YamlWriter.write(docs));
        return Main.OK;
    }

    /** fabric8 keeps minimum/maximum as doubles; print 1, not 1.0, as the API server returns them. */
    static <T extends JsonNode> T wholeNumbers(T node) {
        if (node instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                JsonNode v = o.get(n);
                if (v.isFloatingPointNumber()
                        && v.doubleValue() == Math.rint(v.doubleValue())
                        && !Double.isInfinite(v.doubleValue())) {
                    o.put(n, v.longValue());
                } else {
                    wholeNumbers(v);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(CrdsCommand::wholeNumbers);
        }
        return node;
    }
}
