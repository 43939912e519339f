package com.hevlayer.layerrender.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.crd.CrdBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRDs {@code layer-render crds} prints ({@link CrdBuilder#build()}) against the vendor's, kind by
 * kind, structurally ({@link CrdDiff}). Every difference must be listed, with its reason, in the table
 * under {@code ## CRD differences} in docs/fidelity.md ({@code | kind | field | difference | why |},
 * matched on kind, field and difference); a listed difference that no longer exists fails too. And
 * installing ours over the vendor's must prune nothing the vendor's CRD keeps.
 */
class CrdCompatibilityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Ours, as the CLI prints them: plain Jackson serialization of the fabric8 model. */
    static Map<String, JsonNode> ours() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (CustomResourceDefinition crd : CrdBuilder.build()) {
            JsonNode tree = MAPPER.valueToTree(crd);
            out.put(tree.path("spec").path("names").path("kind").asText(), tree);
        }
        return out;
    }

    static List<CrdDiff.Difference> differences() {
        Map<String, JsonNode> ours = ours();
        List<CrdDiff.Difference> out = new ArrayList<>();
        for (String kind : VendorCrds.KINDS) {
            JsonNode mine = ours.get(kind);
            if (mine == null) {
                out.add(new CrdDiff.Difference(kind, CrdDiff.CRD, "missing", "declared", "(no CRD)"));
                continue;
            }
            out.addAll(CrdDiff.crds(kind, VendorCrds.crd(kind), mine));
        }
        return out;
    }

    static List<FidelityDoc.Row> listed() {
        return FidelityDoc.table(FidelityDoc.CRD_DIFFERENCES, "difference")
                .orElseThrow(() -> new AssertionError(FidelityDoc.FILE + " needs a section \"## "
                        + FidelityDoc.CRD_DIFFERENCES + "\" with a table | kind | field | difference | why |"));
    }

    static String key(FidelityDoc.Row r) {
        return r.kind() + " | " + r.field() + " | " + r.what();
    }

    @Test
    void everyDifferenceIsListed() {
        List<CrdDiff.Difference> found = differences();
        Map<String, FidelityDoc.Row> listed = new HashMap<>();
        listed().forEach(r -> listed.put(key(r), r));
        List<CrdDiff.Difference> unlisted =
                found.stream().filter(d -> !listed.containsKey(d.key())).toList();
        System.out.println("CrdCompatibilityTest: " + found.size() + " differences between `layer-render crds` and the"
                + " vendor's CRDs, " + (found.size() - unlisted.size()) + " listed in " + FidelityDoc.FILE);
        if (!unlisted.isEmpty()) {
            StringBuilder b = new StringBuilder();
            b.append(unlisted.size())
                    .append(" difference(s) between `layer-render crds` and the vendor's CRDs are not listed"
                            + " under \"## CRD differences\" in ")
                    .append(FidelityDoc.FILE)
                    .append(" (make the CRD match, or list the" + " difference with its reason):\n");
            Map<String, Integer> perKind = new LinkedHashMap<>();
            for (CrdDiff.Difference d : unlisted) {
                perKind.merge(d.kind(), 1, Integer::sum);
                b.append("  ").append(d.describe()).append('\n');
            }
            b.append("per kind: ").append(perKind).append('\n');
            b.append("rows to start from:\n");
            unlisted.forEach(d -> b.append(d.markdownRow()).append('\n'));
            fail(b.toString());
        }
    }

    @Test
    void noListedDifferenceIsStale() {
        Map<String, CrdDiff.Difference> found = new HashMap<>();
        differences().forEach(d -> found.put(d.key(), d));
        List<String> stale = new ArrayList<>();
        Map<String, FidelityDoc.Row> seen = new HashMap<>();
        for (FidelityDoc.Row r : listed()) {
            FidelityDoc.Row first = seen.putIfAbsent(key(r), r);
            if (first != null) {
                stale.add(r.where() + ": " + key(r) + " is listed twice (first at line " + first.line() + ")");
            } else if (!found.containsKey(key(r))) {
                stale.add(r.where() + ": " + key(r) + " is listed, but `layer-render crds` no longer differs there");
            }
        }
        if (!stale.isEmpty()) {
            fail(stale.size() + " row(s) under \"## CRD differences\" in " + FidelityDoc.FILE
                    + " are stale (remove them):\n  " + String.join("\n  ", stale));
        }
    }

    @Test
    void installingOursOverTheVendorsPrunesNothing() {
        Map<String, JsonNode> ours = ours();
        List<String> pruned = new ArrayList<>();
        for (String kind : VendorCrds.KINDS) {
            JsonNode mine = ours.get(kind);
            if (mine == null) {
                continue; // no CRD of ours, nothing replaced
            }
            JsonNode oursSchema = VendorCrds.version(mine).path("schema").path("openAPIV3Schema");
            for (String p : CrdDiff.pruned(VendorCrds.schema(kind), oursSchema)) {
                pruned.add(kind + " " + p);
            }
        }
        if (!pruned.isEmpty()) {
            fail(pruned.size() + " place(s) where objects stored under the vendor's CRDs would lose data once"
                    + " `layer-render crds` is applied over them (the API server prunes on every read and write):\n  "
                    + String.join("\n  ", pruned));
        }
    }

    // ---- the comparison itself ------------------------------------------------------------------

    @Test
    void theVendorsCrdEqualsItself() {
        for (String kind : VendorCrds.KINDS) {
            assertEquals(List.of(), CrdDiff.crds(kind, VendorCrds.crd(kind), VendorCrds.crd(kind)), kind);
            assertEquals(List.of(), CrdDiff.pruned(VendorCrds.schema(kind), VendorCrds.schema(kind)), kind);
        }
    }

    @Test
    void theComparisonSeesEachKindOfChange() {
        ObjectNode vendor = VendorCrds.crd("Pipeline");
        ObjectNode ours = VendorCrds.crd("Pipeline");
        JsonNode schema = VendorCrds.version(ours).path("schema").path("openAPIV3Schema");
        ObjectNode worker = (ObjectNode) schema.at("/properties/spec/properties/worker");
        ((ObjectNode) worker.at("/properties/batchSize")).remove("format");
        ((ObjectNode) worker.at("/properties/batchSize")).put("minimum", 1);
        ((ObjectNode) worker.at("/properties/port")).remove("nullable");
        ((ObjectNode) worker.at("/properties/dispatch")).putArray("enum").add("pull");
        ((ObjectNode) worker.get("properties")).remove("url");
        ((ObjectNode) worker.get("properties")).putObject("extra").put("type", "string");
        ((ObjectNode) schema.at("/properties/spec")).putArray("required").add("target");
        ((ObjectNode) schema.get("properties")).putObject("metadata").put("type", "object");
        ((ObjectNode) schema).putArray("required").add("spec").add("metadata");
        ((ObjectNode) ours.get("spec")).put("scope", "Cluster");
        ((ObjectNode) ours.at("/spec/names")).putArray("shortNames").add("pl");
        List<String> got = CrdDiff.crds("Pipeline", vendor, ours).stream()
                .map(CrdDiff.Difference::key)
                .toList();
        assertEquals(
                List.of(
                        "Pipeline | (crd) | scope",
                        "Pipeline | (crd) | names.shortNames",
                        "Pipeline | metadata | extra",
                        "Pipeline | spec | required",
                        "Pipeline | spec.worker.batchSize | format",
                        "Pipeline | spec.worker.batchSize | minimum",
                        "Pipeline | spec.worker.dispatch | enum",
                        "Pipeline | spec.worker.extra | extra",
                        "Pipeline | spec.worker.port | nullable",
                        "Pipeline | spec.worker.url | missing"),
                got,
                "root `required: [metadata]` is implicit, not a difference");
        List<String> pruned = CrdDiff.pruned(VendorCrds.schema("Pipeline"), schema);
        assertEquals(List.of("spec.worker.url: declared by the vendor, pruned by ours"), pruned);
        ((ObjectNode) schema.at("/properties/spec/properties/sourceRef"))
                .remove("x-kubernetes-preserve-unknown-fields");
        assertTrue(CrdDiff.pruned(VendorCrds.schema("Pipeline"), schema)
                .contains("spec.sourceRef: the vendor keeps unknown fields here, ours prunes them"));
    }
}
