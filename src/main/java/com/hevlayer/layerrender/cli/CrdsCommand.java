package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.crd.CrdBuilder;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "crds", mixinStandardHelpOptions = true,
        description = "Prints the CustomResourceDefinitions of Pipeline, InfraRules and VectorStore, built from schemas/.")
final class CrdsCommand implements Callable<Integer> {
    private final Main.Context ctx;

    CrdsCommand(Main.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<JsonNode> docs = new ArrayList<>();
        CrdBuilder.build().forEach(crd -> docs.add(Json.MAPPER.valueToTree(crd)));
        ctx.out().print(YamlWriter.write(docs));
        return Main.OK;
    }
}
