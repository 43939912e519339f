package com.hevlayer.layerrender.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every problem the engine reports names its kind ({@link Code}) and, when its line names an object,
 * carries that object as an ObjectRef whose label is the line's: checked over the inputs of every
 * golden case, with and without a default namespace.
 */
class ProblemCodesTest {
    private static final Engine ENGINE = new Engine(new SchemaCheck(), DeploymentSchema::new);

    @Test
    void everyProblemOfEveryGoldenInputHasACodeAndTheObjectItNames() throws Exception {
        Set<Code> seen = EnumSet.noneOf(Code.class);
        int problems = 0;
        List<Path> inputs;
        try (Stream<Path> cases = Files.list(Path.of("golden"))) {
            inputs = cases.map(c -> c.resolve("input.yaml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        assertFalse(inputs.isEmpty());
        for (Path input : inputs) {
            List<SourceDoc> docs;
            try {
                docs = new YamlLoader(Limits.DEFAULT).load(input.toString(), Files.readString(input));
            } catch (YamlException e) {
                continue; // the reader's own problem, not the engine's
            }
            for (String namespace : new String[] {null, "team"}) {
                for (Problem p : ENGINE.run(new Engine.Request(docs, List.of(), namespace))
                        .problems()) {
                    problems++;
                    seen.add(p.code());
                    if (p.object() != null) {
                        assertTrue(p.ref() != null, p.format());
                        assertEquals(p.object(), p.ref().label(), p.format());
                    }
                }
            }
        }
        assertTrue(problems > 100, "the golden inputs hold many problems: " + problems);
        // the inputs reach the engine's kinds of problem, so the checks above are not vacuous
        assertTrue(
                seen.containsAll(EnumSet.of(
                        Code.SCHEMA,
                        Code.UNKNOWN_DOCUMENT,
                        Code.UNKNOWN_POOL,
                        Code.INVALID_POD_SPEC,
                        Code.INVALID_INFRA_RULES,
                        Code.INVALID_SPEC)),
                seen.toString());
    }
}
