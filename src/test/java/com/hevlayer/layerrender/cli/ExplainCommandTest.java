package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code explain}'s arguments as a user writes them; the golden cases hold its output. */
class ExplainCommandTest {
    private static final String INPUT = "golden/explain-pipeline-field/input.yaml";

    private static InProcess.Result explain(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        return InProcess.run("", Map.of(), all);
    }

    @Test
    void aListItemByIndexIsTheSameItemByName() {
        InProcess.Result byName =
                explain("deployment/orders-worker", "spec.template.spec.containers[worker].image", INPUT);
        InProcess.Result byIndex = explain("deploy/orders-worker", "spec.template.spec.containers[0].image", INPUT);
        assertEquals(0, byName.code(), byName.err());
        assertEquals(byName.out(), byIndex.out());
        assertTrue(byName.out().contains("input.yaml:15:5: Pipeline spec.worker.image"), byName.out());
        assertEquals(3, byName.out().lines().count(), "the header, the column names, one field");
    }

    @Test
    void aPrefixExplainsEveryFieldBelowIt() {
        InProcess.Result r = explain("scaledobject/orders-worker", "spec.triggers[0].metadata", INPUT, "-o", "json");
        assertEquals(0, r.code(), r.err());
        for (String field : List.of("serverAddress", "query", "threshold", "activationThreshold", "authModes")) {
            assertTrue(r.out().contains("\"spec.triggers[0].metadata." + field + "\""), field + " in " + r.out());
        }
        assertTrue(!r.out().contains("\"spec.triggers[0].type\""), r.out());
    }

    @Test
    void allExplainsEveryObject() {
        InProcess.Result r = explain("all", INPUT);
        assertEquals(0, r.code(), r.err());
        for (String header : List.of(
                "Deployment shop/orders-worker",
                "TriggerAuthentication shop/orders-worker",
                "ScaledObject shop/orders-worker")) {
            assertTrue(r.out().contains(header + ", rendered from Pipeline shop/orders"), header);
        }
    }

    @Test
    void mistakesAreUsageErrorsWithTheNearestKnownWord() {
        InProcess.Result kind = explain("deploymnt/orders-worker", INPUT);
        assertEquals(2, kind.code());
        assertTrue(kind.err().contains("did you mean deployment/orders-worker?"), kind.err());

        InProcess.Result noObject = explain();
        assertEquals(2, noObject.code());
        assertTrue(noObject.err().contains("explain needs OBJECT"), noObject.err());

        InProcess.Result notKindName = explain("orders-worker", INPUT);
        assertEquals(2, notKindName.code());
        assertTrue(notKindName.err().contains("is not kind/name"), notKindName.err());

        InProcess.Result yaml = explain("deployment/orders-worker", INPUT, "-o", "yaml");
        assertEquals(2, yaml.code());
        assertTrue(yaml.err().contains("--output must be text or json"), yaml.err());

        InProcess.Result outputDir = explain("deployment/orders-worker", INPUT, "--output-dir", "out");
        assertEquals(2, outputDir.code(), "explain writes no folder");
    }

    @Test
    void helpDescribesTheArgumentsWithExamples() {
        InProcess.Result r = explain("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layer-render explain [OPTIONS] OBJECT [FIELD] PATH..."), r.out());
        assertTrue(r.out().contains("Examples:"), r.out());
        assertTrue(r.out().contains("text (one field per line"), r.out());
    }
}
