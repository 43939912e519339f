package com.hevlayer.layerrender.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field paths a reviewer reads, and which changes count as restarting pods; the rest is in golden/diff-*. */
class ObjectDiffTest {
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode obj(String apiVersion, String kind, String body) throws Exception {
        return M.readTree("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind
                + "\",\"metadata\":{\"name\":\"w\",\"namespace\":\"ns\"}," + body + "}");
    }

    static List<String> paths(JsonNode a, JsonNode b) {
        return ObjectDiff.diff(List.of(a), List.of(b)).changes().get(0).fields().stream()
                .map(ObjectDiff.FieldChange::pathText)
                .toList();
    }

    @Test
    void listsWithoutUniqueNamesGoByIndexAndOddKeysAreQuoted() throws Exception {
        JsonNode a = obj("v1", "ConfigMap", "\"spec\":{\"t\":[{\"key\":\"a\"},{\"key\":\"b\"}],\"m\":{\"x.y/z\":1}}");
        JsonNode b = obj("v1", "ConfigMap", "\"spec\":{\"t\":[{\"key\":\"c\"}],\"m\":{\"x.y/z\":2}}");
        assertEquals(List.of("spec.t[0].key", "spec.t[1]", "spec.m[\"x.y/z\"]"), paths(a, b));
    }

    @Test
    void aNameThatIsNotAPlainWordIsQuotedAndANewOrderIsOneChangeOfTheList() throws Exception {
        JsonNode a = obj("v1", "ConfigMap", "\"l\":[{\"name\":\"a b\",\"v\":1},{\"name\":\"c\"}]");
        JsonNode b = obj("v1", "ConfigMap", "\"l\":[{\"name\":\"a b\",\"v\":2},{\"name\":\"c\"}]");
        assertEquals(List.of("l[name=\"a b\"].v"), paths(a, b));
        JsonNode reordered = obj("v1", "ConfigMap", "\"l\":[{\"name\":\"c\"},{\"name\":\"a b\",\"v\":1}]");
        assertEquals(List.of("l"), paths(a, reordered));
    }

    @Test
    void onlyAWorkloadsPodTemplateRestartsPods() throws Exception {
        String before = "\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"x\":1}}}";
        JsonNode d = obj("apps/v1", "Deployment", before);
        assertTrue(ObjectDiff.diff(
                        List.of(d), List.of(obj("apps/v1", "Deployment", before.replace("\"x\":1", "\"x\":2"))))
                .changes()
                .get(0)
                .restartsPods());
        assertFalse(ObjectDiff.diff(
                        List.of(d),
                        List.of(obj("apps/v1", "Deployment", before.replace("\"replicas\":1", "\"replicas\":2"))))
                .changes()
                .get(0)
                .restartsPods());
        JsonNode other = obj("example.com/v1", "Deployment", before);
        assertFalse(ObjectDiff.diff(
                        List.of(other),
                        List.of(obj("example.com/v1", "Deployment", before.replace("\"x\":1", "\"x\":2"))))
                .changes()
                .get(0)
                .restartsPods());
    }

    @Test
    void markdownEscapesWhatCouldMentionLinkOrBreakTheTable() {
        assertEquals(
                "&#64;team &#124; &#60;b&#62; https&#58;//x &#8238;", DiffReport.md("@team | <b> https://x \u202e"));
    }
}
