package com.hevlayer.layerrender.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.hevlayer.layerrender.yaml.Position;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hints and wordings of validation at their thresholds: what a user reads. */
class WordingTest {
    @Test
    void didYouMeanAllowsTwoEditsOrAThirdOfTheWordWhicheverIsMore() {
        assertEquals("batchSize", DidYouMean.suggest("batchSzie", List.of("batchSize", "image")), "two edits");
        assertEquals("abcdef", DidYouMean.suggest("abxdyf", List.of("abcdef")), "two edits on six chars: allowed");
        assertNull(DidYouMean.suggest("axxdyf", List.of("abcdef")), "three edits on six chars: too far");
        assertEquals("abcdefghi", DidYouMean.suggest("abxxxfghi", List.of("abcdefghi")), "three edits on nine chars");
        assertEquals("open", DidYouMean.suggest("OPEN", List.of("keys", "open")), "case is not an edit");
    }

    @Test
    void didYouMeanPrefersTheFirstOfEquallyNearCandidates() {
        assertEquals("bat", DidYouMean.suggest("cat", List.of("bat", "hat")));
        assertEquals("hat", DidYouMean.suggest("cat", List.of("hat", "bat")));
    }

    @Test
    void didYouMeanCompletesAWordCutShortFromThreeCharsOn() {
        assertEquals("autoscale", DidYouMean.suggest("aut", List.of("fixed", "autoscale")));
        assertEquals("autoscale", DidYouMean.suggest("autos", List.of("fixed", "autoscale")));
        assertNull(DidYouMean.suggest("zz", List.of("zzzzzzzz")), "two chars are too few to guess from");
        assertNull(DidYouMean.suggest("quux", List.of("autoscale", "fixed")));
    }

    @Test
    void editDistance() {
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));
        assertEquals(3, DidYouMean.distance("", "abc"));
        assertEquals(3, DidYouMean.distance("abc", ""));
        assertEquals(1, DidYouMean.distance("ab", "abc"));
        assertEquals(0, DidYouMean.distance("same", "same"));
    }

    @Test
    void problemsSortByFileThenLineThenColumnThenText() {
        Problem b1 = Problem.error(Code.SCHEMA, new Position("b.yaml", 1, 1), null, null, "x");
        Problem a9 = Problem.error(Code.SCHEMA, new Position("a.yaml", 9, 1), null, null, "x");
        Problem a2c5 = Problem.error(Code.SCHEMA, new Position("a.yaml", 2, 5), null, null, "x");
        Problem a2c3 = Problem.error(Code.SCHEMA, new Position("a.yaml", 2, 3), null, null, "z");
        Problem a2c3y = Problem.error(Code.SCHEMA, new Position("a.yaml", 2, 3), null, null, "y");
        List<Problem> all = new ArrayList<>(List.of(b1, a9, a2c5, a2c3, a2c3y));
        Collections.sort(all);
        assertEquals(List.of(a2c3y, a2c3, a2c5, a9, b1), all);
    }

    @Test
    void problemFormat() {
        assertEquals(
                "f.yaml:3:5: warning: Pipeline layer/a: spec.schedule: not supported yet",
                Problem.warning(
                                Code.UNSUPPORTED_FIELD,
                                new Position("f.yaml", 3, 5),
                                new ObjectRef(null, "Pipeline", "layer", "a"),
                                "spec.schedule",
                                "not supported yet")
                        .format());
        assertEquals(
                "f.yaml:1:1: document 1 is not a Kubernetes object",
                Problem.error(
                                Code.UNKNOWN_DOCUMENT,
                                new Position("f.yaml", 1, 1),
                                null,
                                "",
                                "document 1 is not a Kubernetes object")
                        .format());
    }

    @Test
    void upstreamTypeErrorsAreRewordedLikeOurOwn() {
        assertEquals(
                "must be an integer, got a string (remove the quotes)",
                DeploymentSchema.reword("string found, [integer, null] expected"));
        assertEquals(
                "must be a boolean, got a string (remove the quotes)",
                DeploymentSchema.reword("string found, boolean expected"));
        assertEquals("must be a string, got an integer", DeploymentSchema.reword("integer found, string expected"));
        assertEquals("must be a list, got a mapping", DeploymentSchema.reword("object found, array expected"));
        assertEquals("must be a mapping, got a list", DeploymentSchema.reword("array found, object expected"));
        assertEquals(
                "must be a mapping or a list, got a boolean",
                DeploymentSchema.reword("boolean found, [object, array] expected"));
        assertEquals("must be a string, got a number", DeploymentSchema.reword("number found, string expected"));
        assertEquals("required property 'key' not found", DeploymentSchema.reword("required property 'key' not found"));
    }

    @Test
    void longStringsAreCutAtFortyChars() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        assertEquals("the string \"" + "a".repeat(40) + "\"", SchemaCheck.describeValue(f.textNode("a".repeat(40))));
        assertEquals("the string \"" + "a".repeat(40) + "...\"", SchemaCheck.describeValue(f.textNode("a".repeat(41))));
        assertEquals("the number 1.5", SchemaCheck.describeValue(f.numberNode(1.5)));
        assertEquals("null", SchemaCheck.describeValue(f.nullNode()));
    }

    @Test
    void schemaAtFollowsPropertiesItemsAndAdditionalProperties() throws Exception {
        JsonNode schema = new ObjectMapper()
                .readTree("{\"properties\":{\"a\":{\"items\":{\"additionalProperties\":"
                        + "{\"type\":\"string\"}}},\"b/c\":{\"type\":\"integer\"}}}");
        assertEquals(schema, SchemaCheck.schemaAt(schema, ""));
        assertEquals(
                "string",
                SchemaCheck.schemaAt(schema, "/a/0/anything").path("type").asText());
        assertEquals(
                "integer", SchemaCheck.schemaAt(schema, "/b~1c").path("type").asText());
        assertTrue(SchemaCheck.schemaAt(schema, "/nope").isMissingNode());
        assertTrue(SchemaCheck.schemaAt(schema, "/b~1c/deeper").isMissingNode());
    }
}
