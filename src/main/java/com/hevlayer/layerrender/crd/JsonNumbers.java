package com.hevlayer.layerrender.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/**
 * JSON equality where numbers compare by value: fabric8's {@code JSONSchemaProps} holds
 * {@code minimum}/{@code maximum}/{@code multipleOf} as {@code Double}, so {@code 1} in a schema
 * file comes back as {@code 1.0}, which is the same JSON number.
 */
final class JsonNumbers {
    private JsonNumbers() {}

    static final Comparator<JsonNode> NUMERIC_EQUALITY = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
