package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree as fabric8's model would write it back after reading it: the same as
 * {@code valueToTree(treeToValue(tree, type))}, without building the model object. Reading a tree
 * into a {@code PodSpec} makes Jackson introspect the two hundred classes a pod spec can hold
 * (most of a small render in a fresh process: BENCHMARKS.md); this walks only the fields present,
 * reading the model's own annotations: field names and order ({@code @JsonPropertyOrder}), which
 * empty values are left out ({@code @JsonInclude}), Java types (an Integer field writes an int),
 * and for classes with their own Jackson (de)serializer ({@code Quantity}, {@code IntOrString}),
 * Jackson itself on that one value.
 *
 * <p>It answers only where it is sure: anything else (a field the model does not declare, a type
 * Jackson would coerce or refuse, a null inside a map, a type it does not know) gives null, and
 * the caller does the real round trip. {@code ModelJsonTest} holds it to Jackson's result.
 */
public final class ModelJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ModelJson() {}

    /** The tree as {@code type} writes it, or null when that is not certain without Jackson. */
    public static ObjectNode normalize(ObjectNode tree, Class<?> type) {
        JsonNode n = value(tree, type);
        return n instanceof ObjectNode o ? o : null;
    }

    private static JsonNode value(JsonNode node, Type type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class && node.isArray()) {
                ArrayNode out = F.arrayNode(node.size());
                for (JsonNode e : node) {
                    if (e.isNull()) {
                        return null; // a null element: leave it to Jackson
                    }
                    JsonNode v = value(e, args[0]);
                    if (v == null) {
                        return null;
                    }
                    out.add(v);
                }
                return out;
            }
            if (raw == Map.class && args[0] == String.class && node.isObject()) {
                ObjectNode out = F.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = value(e.getValue(), args[1]);
                    if (v == null) {
                        return null;
                    }
                    out.set(e.getKey(), v);
                }
                return out;
            }
            return null;
        }
        if (type == String.class) {
            return node.isTextual() ? node : null;
        }
        if (type == Boolean.class) {
            return node.isBoolean() ? node : null;
        }
        if (type == Integer.class) {
            return node.isIntegralNumber() && node.canConvertToInt() ? IntNode.valueOf(node.intValue()) : null;
        }
        if (type == Long.class) {
            return node.isIntegralNumber() && node.canConvertToLong() ? LongNode.valueOf(node.longValue()) : null;
        }
        if (type instanceof Class<?> c && c.getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return ownSerializer(c) ? viaJackson(node, c) : bean(node, c);
        }
        return null;
    }

    /** A model class with a Jackson (de)serializer of its own, such as Quantity and IntOrString (via AnyType). */
    private static boolean ownSerializer(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            JsonDeserialize d = k.getAnnotation(JsonDeserialize.class);
            JsonSerialize s = k.getAnnotation(JsonSerialize.class);
            if ((d != null && d.using() != JsonDeserializer.None.class)
                    || (s != null && s.using() != JsonSerializer.None.class)) {
                return true;
            }
        }
        return false;
    }

    /** One small value through Jackson: its own (de)serializer needs no introspection of a class graph. */
    private static JsonNode viaJackson(JsonNode node, Class<?> c) {
        try {
            return Json.MAPPER.valueToTree(Json.MAPPER.treeToValue(node, c));
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode bean(JsonNode node, Class<?> c) {
        JsonPropertyOrder order = c.getAnnotation(JsonPropertyOrder.class);
        if (!node.isObject() || order == null || c.getSuperclass() != Object.class) {
            return null;
        }
        Map<String, Field> fields = new HashMap<>();
        for (Field f : c.getDeclaredFields()) {
            JsonProperty p = f.getAnnotation(JsonProperty.class);
            if (p != null) {
                fields.put(p.value(), f);
            }
        }
        List<String> ordered = List.of(order.value());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name) || !ordered.contains(name)) {
                return null; // would land in additionalProperties, or an order this does not know
            }
        }
        ObjectNode out = F.objectNode();
        for (String name : ordered) {
            JsonNode v = node.get(name);
            Field f = fields.get(name);
            if (v == null || v.isNull() || f == null) {
                continue; // absent, or null: the mapper writes no nulls
            }
            JsonNode w = value(v, f.getGenericType());
            if (w == null) {
                return null;
            }
            JsonInclude include = f.getAnnotation(JsonInclude.class);
            JsonInclude.Include rule = include == null ? JsonInclude.Include.USE_DEFAULTS : include.value();
            if (rule == JsonInclude.Include.NON_EMPTY) {
                // empty as Jackson means it: a list, map or string with nothing in it (a model object never is)
                boolean collection = f.getType() == List.class || f.getType() == Map.class;
                if ((collection && w.isEmpty())
                        || (f.getType() == String.class && w.textValue().isEmpty())) {
                    continue;
                }
            } else if (rule != JsonInclude.Include.USE_DEFAULTS && rule != JsonInclude.Include.NON_NULL) {
                return null;
            }
            out.set(name, w);
        }
        return out;
    }
}
