package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
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
 *
 * <p>{@link #tree} is the other direction, a built model object to the tree {@code valueToTree} gives,
 * by the same annotations: Jackson building its serializers for the classes of a Deployment was about
 * half of a cold render's main-thread CPU (BENCHMARKS.md, "Cold start").
 */
public final class ModelJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ModelJson() {}

    /**
     * How one model class is written, found from its annotations once per class: a pure function of
     * the class, memoized (like the serializers the shared {@link Json#MAPPER} keeps); null for a class
     * {@link #tree} leaves to Jackson.
     */
    private static final ClassValue<Bean> BEANS = new ClassValue<>() {
        @Override
        protected Bean computeValue(Class<?> type) {
            return Bean.of(type);
        }
    };

    /** A property: its JSON name, the field that holds it, and whether an empty value is left out. */
    private record Property(String name, Field field, boolean nonEmpty) {}

    /** A model class: its properties in writing order, then the any-getter's map (or null). */
    private record Bean(List<Property> properties, Field any) {
        static Bean of(Class<?> c) {
            List<String> layout = ModelLayout.of(c.getName());
            return layout != null ? fromLayout(c, layout) : fromAnnotations(c);
        }

        /** From {@link ModelLayout}: the same properties, found without parsing the class's annotations. */
        private static Bean fromLayout(Class<?> c, List<String> layout) {
            List<Property> properties = new ArrayList<>();
            Field any = null;
            try {
                for (String p : layout) {
                    if (p.equals("*")) {
                        any = c.getDeclaredField("additionalProperties");
                        any.setAccessible(true);
                        continue;
                    }
                    boolean nonEmpty = p.endsWith("?");
                    String[] nameField = (nonEmpty ? p.substring(0, p.length() - 1) : p).split("=", 2);
                    Field f = c.getDeclaredField(nameField.length > 1 ? nameField[1] : nameField[0]);
                    f.setAccessible(true);
                    properties.add(new Property(nameField[0], f, nonEmpty));
                }
            } catch (NoSuchFieldException e) {
                return fromAnnotations(c); // another fabric8 than the layout was made from
            }
            return new Bean(List.copyOf(properties), any);
        }

        /**
         * The properties as the class's annotations give them; {@link #layout} writes them in
         * {@link ModelLayout}'s form (which {@code ModelLayoutTest} keeps equal to this).
         */
        static Bean fromAnnotations(Class<?> c) {
            JsonPropertyOrder order = c.getAnnotation(JsonPropertyOrder.class);
            JsonInclude classInclude = c.getAnnotation(JsonInclude.class);
            JsonIgnoreProperties ignored = c.getAnnotation(JsonIgnoreProperties.class);
            if (order == null
                    || c.getSuperclass() != Object.class
                    || ownSerializer(c)
                    || (classInclude != null && !plain(classInclude.value()))
                    || (ignored != null && ignored.value().length > 0)) {
                return null;
            }
            Map<String, Property> byName = new HashMap<>();
            Map<String, String> fieldToName = new HashMap<>();
            Field any = null;
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (f.isAnnotationPresent(JsonIgnore.class)) {
                    if (f.getName().equals("additionalProperties") && f.getType() == Map.class) {
                        any = f;
                    }
                    continue;
                }
                if (p == null || p.value().isEmpty()) {
                    return null; // Jackson may still find it by its getter
                }
                JsonInclude include = f.getAnnotation(JsonInclude.class);
                JsonInclude.Include rule = include == null ? JsonInclude.Include.USE_DEFAULTS : include.value();
                if (rule != JsonInclude.Include.NON_EMPTY && !plain(rule)) {
                    return null;
                }
                f.setAccessible(true);
                byName.put(p.value(), new Property(p.value(), f, rule == JsonInclude.Include.NON_EMPTY));
                fieldToName.put(f.getName(), p.value());
            }
            // every getter Jackson would see is a property's, the any-getter, or ignored
            for (Method m : c.getMethods()) {
                String n = m.getName();
                boolean getter = m.getParameterCount() == 0
                        && !Modifier.isStatic(m.getModifiers())
                        && m.getDeclaringClass() != Object.class
                        && ((n.startsWith("get") && n.length() > 3) || (n.startsWith("is") && n.length() > 2));
                if (!getter || m.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                if (m.isAnnotationPresent(JsonAnyGetter.class)) {
                    if (any == null || !n.equals("getAdditionalProperties")) {
                        return null;
                    }
                    continue;
                }
                String bare = n.substring(n.startsWith("get") ? 3 : 2);
                String field = Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
                if (!fieldToName.containsKey(field) && !fieldToName.containsKey(bare)) {
                    return null;
                }
            }
            if (any != null) {
                any.setAccessible(true);
            }
            List<Property> ordered = new ArrayList<>();
            for (String name : order.value()) {
                Property p = byName.remove(name);
                if (p != null) {
                    ordered.add(p);
                }
            }
            if (!byName.isEmpty()) {
                return null; // a property outside @JsonPropertyOrder: an order this does not know
            }
            return new Bean(List.copyOf(ordered), any);
        }

        /** This bean in {@link ModelLayout}'s form: {@code json=field} ({@code =field} when the same), {@code ?}, {@code *}. */
        List<String> layout() {
            List<String> out = new ArrayList<>();
            for (Property p : properties) {
                String field = p.field().getName();
                out.add(p.name() + (field.equals(p.name()) ? "" : "=" + field) + (p.nonEmpty() ? "?" : ""));
            }
            if (any != null) {
                out.add("*");
            }
            return out;
        }

        private static boolean plain(JsonInclude.Include rule) {
            return rule == JsonInclude.Include.USE_DEFAULTS || rule == JsonInclude.Include.NON_NULL;
        }
    }

    /**
     * {@code type}'s properties as its annotations give them, in {@link ModelLayout}'s form, or null
     * when {@link #tree} leaves the class to Jackson (for {@code ModelLayoutTest}).
     */
    static List<String> annotationLayout(Class<?> type) {
        Bean b = Bean.fromAnnotations(type);
        return b == null ? null : b.layout();
    }

    /**
     * The tree {@code Json.MAPPER.valueToTree(model)} gives, for a fabric8 model object, without
     * Jackson's serializers; null when that is not certain (the caller then asks Jackson).
     */
    public static ObjectNode tree(Object model) {
        JsonNode n = written(model);
        return n instanceof ObjectNode o ? o : null;
    }

    private static JsonNode written(Object v) {
        if (v instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (v instanceof Integer i) {
            return IntNode.valueOf(i);
        }
        if (v instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (v instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (v instanceof List<?> list) {
            ArrayNode out = F.arrayNode(list.size());
            for (Object e : list) {
                JsonNode w = e == null ? null : written(e);
                if (w == null) {
                    return null; // a null element: leave it to Jackson
                }
                out.add(w);
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode out = F.objectNode();
            return entries(map, out) ? out : null;
        }
        if (v instanceof Quantity q) {
            // Quantity.Serializer: amount then format, each when present
            return TextNode.valueOf(
                    (q.getAmount() == null ? "" : q.getAmount()) + (q.getFormat() == null ? "" : q.getFormat()));
        }
        if (v != null && v.getClass() == io.fabric8.kubernetes.api.model.IntOrString.class) {
            // AnyType.Serializer writes the value itself
            Object inner = ((AnyType) v).getValue();
            return inner instanceof Integer || inner instanceof String ? written(inner) : null;
        }
        if (v != null && v.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            Bean bean = BEANS.get(v.getClass());
            return bean == null ? null : bean(v, bean);
        }
        return null;
    }

    private static boolean entries(Map<?, ?> map, ObjectNode out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k) || e.getValue() == null) {
                return false; // a null value or another key type: Jackson's rules, not these
            }
            JsonNode w = written(e.getValue());
            if (w == null) {
                return false;
            }
            out.set(k, w);
        }
        return true;
    }

    private static JsonNode bean(Object v, Bean bean) {
        ObjectNode out = F.objectNode();
        try {
            for (Property p : bean.properties()) {
                Object value = p.field().get(v);
                if (value == null) {
                    continue; // the mapper writes no nulls
                }
                if (p.nonEmpty()
                        && ((value instanceof List<?> l && l.isEmpty())
                                || (value instanceof Map<?, ?> m && m.isEmpty())
                                || (value instanceof String s && s.isEmpty()))) {
                    continue;
                }
                JsonNode w = written(value);
                if (w == null) {
                    return null;
                }
                out.set(p.name(), w);
            }
            if (bean.any() != null && bean.any().get(v) instanceof Map<?, ?> extra && !entries(extra, out)) {
                return null;
            }
        } catch (IllegalAccessException e) {
            return null;
        }
        return out;
    }

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
        if (type == Quantity.class && (node.isTextual() || node.isIntegralNumber())) {
            // Quantity.Deserializer reads a scalar as new Quantity(its text); Quantity.Serializer is written's
            try {
                return written(new Quantity(node.asText()));
            } catch (RuntimeException e) {
                return null; // as viaJackson: Jackson then says what is wrong
            }
        }
        if (type instanceof Class<?> c && c.getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return NORMALS.get(c).ownSerializer() ? viaJackson(node, c) : bean(node, c);
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

    /**
     * How {@link #normalize} reads one model class, found from its annotations once per class (a pure function of
     * the class, memoized as {@link #BEANS} is): whether it has a (de)serializer of its own, its properties in
     * {@code @JsonPropertyOrder}, each with its field, or null properties for a class {@link #bean(JsonNode, Class)}
     * leaves to Jackson.
     */
    private record Normal(boolean ownSerializer, List<String> ordered, Map<String, Slot> fields) {}

    /** One property's field: its declared type and the inclusion rule Jackson writes it by. */
    private record Slot(Type genericType, Class<?> type, JsonInclude.Include rule) {}

    private static final ClassValue<Normal> NORMALS = new ClassValue<>() {
        @Override
        protected Normal computeValue(Class<?> c) {
            boolean own = ownSerializer(c);
            JsonPropertyOrder order = c.getAnnotation(JsonPropertyOrder.class);
            if (own || order == null || c.getSuperclass() != Object.class) {
                return new Normal(own, null, null);
            }
            Map<String, Slot> fields = new HashMap<>();
            for (Field f : c.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p != null) {
                    JsonInclude include = f.getAnnotation(JsonInclude.class);
                    fields.put(
                            p.value(),
                            new Slot(
                                    f.getGenericType(),
                                    f.getType(),
                                    include == null ? JsonInclude.Include.USE_DEFAULTS : include.value()));
                }
            }
            return new Normal(false, List.of(order.value()), Map.copyOf(fields));
        }
    };

    private static JsonNode bean(JsonNode node, Class<?> c) {
        Normal normal = NORMALS.get(c);
        if (!node.isObject() || normal.ordered() == null) {
            return null;
        }
        Map<String, Slot> fields = normal.fields();
        List<String> ordered = normal.ordered();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name) || !ordered.contains(name)) {
                return null; // would land in additionalProperties, or an order this does not know
            }
        }
        ObjectNode out = F.objectNode();
        for (String name : ordered) {
            JsonNode v = node.get(name);
            Slot f = fields.get(name);
            if (v == null || v.isNull() || f == null) {
                continue; // absent, or null: the mapper writes no nulls
            }
            JsonNode w = value(v, f.genericType());
            if (w == null) {
                return null;
            }
            JsonInclude.Include rule = f.rule();
            if (rule == JsonInclude.Include.NON_EMPTY) {
                // empty as Jackson means it: a list, map or string with nothing in it (a model object never is)
                boolean collection = f.type() == List.class || f.type() == Map.class;
                if ((collection && w.isEmpty())
                        || (f.type() == String.class && w.textValue().isEmpty())) {
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
