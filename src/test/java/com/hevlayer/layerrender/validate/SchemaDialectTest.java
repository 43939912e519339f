package com.hevlayer.layerrender.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.schema.Schemas;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import com.networknt.schema.keyword.Keyword;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SchemaCheck's dialect is networknt's OpenAPI 3.0 dialect without its formats (their regular
 * expressions cost every start): that changes nothing only while both hold, which is what this says.
 */
class SchemaDialectTest {

    private static Map<String, String> keywords(Dialect d) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Keyword> e : d.getKeywords().entrySet()) {
            out.put(
                    e.getKey(),
                    e.getValue().getClass().getName() + " " + e.getValue().getValue());
        }
        return out;
    }

    @Test
    void theDialectHasNetworkntsOpenApi30Keywords() {
        Dialect ours = SchemaCheck.dialect();
        Dialect theirs = Dialects.getOpenApi30();
        assertEquals(keywords(theirs), keywords(ours), "update SchemaCheck.dialect() to networknt's OpenApi30");
        assertEquals(theirs.getId(), ours.getId());
        assertEquals(theirs.getIdKeyword(), ours.getIdKeyword());
        assertEquals(theirs.getSpecificationVersion(), ours.getSpecificationVersion());
        assertEquals(theirs.getVocabularies(), ours.getVocabularies());
        assertTrue(
                ours.getKeywords().containsKey("format") && ours.getKeywords().containsKey("nullable"));
    }

    private static void formats(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            if (node.path("format").isTextual()) {
                out.add(node.path("format").asText());
            }
            node.elements().forEachRemaining(child -> formats(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> formats(child, out));
        }
    }

    /** A format networknt knows (date-time, say) would go unchecked without its formats: SchemaCheck.dialect() says so. */
    @Test
    void noSchemaNamesAFormatNetworkntKnows() {
        Set<String> known = Formats.DEFAULT.stream().map(Format::getName).collect(Collectors.toSet());
        assertTrue(known.contains("date-time") && known.contains("email"), known.toString());
        Set<String> used = new TreeSet<>();
        for (Kind kind : Kind.values()) {
            formats(StrictSchema.of(Schemas.raw(kind)), used);
        }
        assertEquals(Set.of("int32", "int64", "uint", "uint64"), used, "the formats schemas/ names");
        for (String format : used) {
            assertFalse(
                    known.contains(format),
                    format + " is a format networknt checks: give SchemaCheck.dialect() networknt's formats back");
        }
    }
}
