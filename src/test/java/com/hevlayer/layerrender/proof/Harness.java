package com.hevlayer.layerrender.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** One engine for all generated cases (schemas compiled once), and helpers to run it. */
final class Harness {
    private Harness() {}

    private static final DeploymentSchema DEPLOYMENT_SCHEMA = new DeploymentSchema();
    static final Supplier<DeploymentSchema> SCHEMA = () -> DEPLOYMENT_SCHEMA;
    static final Engine ENGINE = new Engine(new SchemaCheck(), SCHEMA);

    static Engine.Outcome run(Scenario s) {
        return run(s, s.sourceDocs());
    }

    static Engine.Outcome run(Scenario s, List<SourceDoc> docs) {
        return ENGINE.run(new Engine.Request(docs, s.layers(), s.defaultNamespace()));
    }

    static boolean valid(Scenario s) {
        try {
            return !run(s).failed();
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    /** The rendered output of a scenario the generator made valid; fails when the engine refuses it. */
    static List<JsonNode> render(Scenario s) {
        Engine.Outcome o = run(s);
        if (o.failed()) {
            throw new AssertionError("a generated valid input was refused:\n"
                    + o.problems().stream().map(Problem::format).collect(Collectors.joining("\n")));
        }
        return Output.documents(o.objects(), o.passthrough());
    }

    static final java.util.function.Function<Scenario, List<Scenario>> SHRINKS =
            Property.scenarioShrinks(Harness::valid);
}
