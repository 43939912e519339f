package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The one Jackson configuration used to turn model objects into trees and back. Immutable once built. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private Json() {}

    /**
     * Map keys in the order the Kubernetes API server stores and returns them (Go's encoding/json sorts
     * map keys bytewise in UTF-8, which is code point order): an object read back from a cluster and
     * the file it was applied from then give the same bytes.
     */
    public static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** A copy of {@code node} with the keys of every object in {@link #KEY_ORDER}; arrays keep their order. */
    public static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(KEY_ORDER);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String k : keys) {
                out.set(k, sortedKeys(node.get(k)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(sortedKeys(n)));
            return out;
        }
        return node;
    }

    /** A copy of {@code map} in {@link #KEY_ORDER}. */
    public static <V> Map<String, V> sorted(Map<String, V> map) {
        Map<String, V> out = new TreeMap<>(KEY_ORDER);
        out.putAll(map);
        return new LinkedHashMap<>(out);
    }
}
