package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.schema.Schemas;
import com.hevlayer.layerrender.util.Lazy;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.yaml.Pointer;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.DialectId;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.KeywordType;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks hevlayer.com documents against the strict form of their schema in {@code schemas/} and
 * words each finding for a user: where, which field, what is wrong, what would be right.
 * Compiled once per instance; immutable afterwards.
 */
public final class SchemaCheck {
    private final Map<Kind, Lazy<Compiled>> compiled = new EnumMap<>(Kind.class);
    private final SchemaRegistry registry;

    public SchemaCheck() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .locale(Locale.ENGLISH)
                .pathType(PathType.JSON_POINTER)
                .build();
        registry = SchemaRegistry.withDialect(dialect(), b -> b.schemaRegistryConfig(config));
        // each kind compiled the first time a document of that kind is checked (a CLI run with
        // Pipelines only never pays for the others), under its own lock: one thread may compile a
        // kind while another checks documents of a compiled one
        for (Kind kind : Kind.values()) {
            compiled.put(kind, Lazy.of(() -> compile(kind)));
        }
    }

    /**
     * OpenAPI 3.0, the dialect of a CRD's openAPIV3Schema (it knows {@code nullable}): networknt's own
     * ({@code Dialects.getOpenApi30()}) keyword for keyword, but without its formats (email, uri, uuid,
     * ...), whose set-up compiled some twenty regular expressions at every start. {@code schemas/} names
     * none of them: its integer formats (int32, int64, uint, uint64) are unknown to networknt and checked
     * by {@link #formats}. SchemaCheckTest holds both to that: the same keywords as networknt's dialect,
     * and no format in {@code schemas/} that networknt knows.
     */
    static Dialect dialect() {
        return Dialect.builder(DialectId.OPENAPI_3_0)
                .specificationVersion(SpecificationVersion.DRAFT_4)
                .idKeyword("id")
                .keywords(List.of(
                        new AnnotationKeyword("title"),
                        KeywordType.PATTERN,
                        KeywordType.REQUIRED,
                        KeywordType.ENUM,
                        KeywordType.MINIMUM,
                        KeywordType.MAXIMUM,
                        KeywordType.MULTIPLE_OF,
                        KeywordType.MIN_LENGTH,
                        KeywordType.MAX_LENGTH,
                        KeywordType.MIN_ITEMS,
                        KeywordType.MAX_ITEMS,
                        KeywordType.UNIQUE_ITEMS,
                        KeywordType.MIN_PROPERTIES,
                        KeywordType.MAX_PROPERTIES,
                        KeywordType.TYPE,
                        KeywordType.FORMAT,
                        new AnnotationKeyword("description"),
                        KeywordType.ITEMS_LEGACY,
                        KeywordType.PROPERTIES,
                        KeywordType.ADDITIONAL_PROPERTIES,
                        new AnnotationKeyword("default"),
                        KeywordType.ALL_OF,
                        KeywordType.ONE_OF,
                        KeywordType.ANY_OF,
                        KeywordType.NOT,
                        new AnnotationKeyword("deprecated"),
                        KeywordType.DISCRIMINATOR,
                        new AnnotationKeyword("example"),
                        new AnnotationKeyword("externalDocs"),
                        new NonValidationKeyword("nullable"),
                        KeywordType.READ_ONLY,
                        KeywordType.WRITE_ONLY,
                        new AnnotationKeyword("xml"),
                        KeywordType.REF))
                .build();
    }

    /** A kind's strict schema, as JSON (for wording findings) and compiled. */
    private record Compiled(JsonNode strict, Schema schema) {}

    private Compiled compile(Kind kind) {
        JsonNode strict = StrictSchema.of(Schemas.raw(kind));
        Schema schema = registry.getSchema(strict);
        schema.initializeValidators();
        return new Compiled(strict, schema);
    }

    /** Compiles {@code kind}'s schema now, if it is not yet (a warm-up does, before a document of that kind comes). */
    public void prepare(Kind kind) {
        compiled.get(kind).get();
    }

    private Schema schema(Kind kind) {
        return compiled.get(kind).get().schema();
    }

    private JsonNode strictSchema(Kind kind) {
        return compiled.get(kind).get().strict();
    }

    /** A finding with the JSON pointer of the field it is about (for a missing field, where it belongs). */
    public record Finding(String pointer, Problem problem) {}

    public List<Problem> check(Kind kind, SourceDoc doc, ObjectRef ref) {
        List<Problem> out = new ArrayList<>();
        for (Finding f : findings(kind, doc, ref)) {
            out.add(f.problem());
        }
        return out;
    }

    /**
     * The document as layer-render checks and reads it: what the API server would keep before it
     * validates ({@code null} in a field the schema declares and does not mark {@code nullable} is
     * dropped; the API server then applies the field's default) and without {@code status}, which is
     * the controller's output and never an input (kubectl get -o yaml prints whatever the controller
     * wrote). The same document when there is nothing to drop; a copy otherwise, positions kept.
     */
    public SourceDoc normalized(Kind kind, SourceDoc doc) {
        JsonNode schema = strictSchema(kind);
        boolean status = doc.root().has("status");
        if (!status && !hasPrunedNull(schema, doc.root())) {
            return doc;
        }
        JsonNode copy = doc.root().deepCopy();
        if (status) {
            ((ObjectNode) copy).remove("status");
        }
        pruneNulls(schema, copy);
        return new SourceDoc(doc.file(), doc.index(), copy, doc.positions());
    }

    private static boolean hasPrunedNull(JsonNode schema, JsonNode value) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                JsonNode s = fieldSchema(schema, e.getKey());
                if (s != null
                        && (e.getValue().isNull()
                                ? !s.path("nullable").asBoolean(false)
                                : hasPrunedNull(s, e.getValue()))) {
                    return true;
                }
            }
        } else if (value.isArray() && schema.get("items") != null) {
            for (JsonNode item : value) {
                if (hasPrunedNull(schema.get("items"), item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void pruneNulls(JsonNode schema, JsonNode value) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) value).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode s = fieldSchema(schema, e.getKey());
                if (s == null) {
                    continue;
                }
                if (e.getValue().isNull()) {
                    if (!s.path("nullable").asBoolean(false)) {
                        it.remove();
                    }
                } else {
                    pruneNulls(s, e.getValue());
                }
            }
        } else if (value.isArray() && schema.get("items") != null) {
            for (JsonNode item : value) {
                pruneNulls(schema.get("items"), item);
            }
        }
    }

    /** The schema of an object's field: a declared property, else the map's value schema, else null (unknown). */
    private static JsonNode fieldSchema(JsonNode objectSchema, String field) {
        JsonNode p = objectSchema.path("properties").get(field);
        if (p != null) {
            return p;
        }
        JsonNode additional = objectSchema.get("additionalProperties");
        return additional != null && additional.isObject() ? additional : null;
    }

    /** The ranges of the integer formats the CRDs use, as the API server (kube-openapi) checks them. */
    private static final Map<String, long[]> INTEGER_FORMATS = Map.of(
            "int32", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "int64", new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
            "uint64", new long[] {0, Long.MAX_VALUE},
            "uint", new long[] {0, Long.MAX_VALUE});

    /** Integers outside their field's format, which JSON Schema's {@code type: integer} lets through. */
    private static void formats(JsonNode schema, JsonNode value, String pointer, List<String> out) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                JsonNode s = fieldSchema(schema, e.getKey());
                if (s != null) {
                    formats(s, e.getValue(), Pointer.child(pointer, e.getKey()), out);
                }
            }
        } else if (value.isArray() && schema.get("items") != null) {
            for (int i = 0; i < value.size(); i++) {
                formats(schema.get("items"), value.get(i), pointer + "/" + i, out);
            }
        } else if (value.isIntegralNumber()
                && INTEGER_FORMATS.containsKey(schema.path("format").asText())) {
            long[] range = INTEGER_FORMATS.get(schema.path("format").asText());
            if (!value.canConvertToLong() || value.asLong() < range[0] || value.asLong() > range[1]) {
                out.add(pointer);
            }
        }
    }

    public List<Finding> findings(Kind kind, SourceDoc doc, ObjectRef ref) {
        List<Error> errors = schema(kind).validate(doc.root());
        List<Finding> out = new ArrayList<>();
        List<String> outOfRange = new ArrayList<>();
        formats(strictSchema(kind), doc.root(), "", outOfRange);
        for (String pointer : outOfRange) {
            String format = schemaAt(strictSchema(kind), pointer).path("format").asText();
            long[] range = INTEGER_FORMATS.get(format);
            JsonNode value = doc.root().at(pointer);
            boolean low = value.canConvertToLong() && value.asLong() < range[0]
                    || !value.canConvertToLong() && value.bigIntegerValue().signum() < 0;
            out.add(new Finding(
                    pointer,
                    Problem.error(
                            Code.SCHEMA,
                            doc.positionOf(pointer),
                            ref,
                            FieldPath.of(doc.root(), pointer),
                            "is too " + (low ? "small" : "large") + " (format " + format + ": at "
                                    + (low ? "least " + range[0] : "most " + range[1]) + ")")));
        }
        Set<String> anyOfLocations = new HashSet<>();
        for (Error e : errors) {
            if ("anyOf".equals(e.getKeyword())) {
                anyOfLocations.add(e.getInstanceLocation().toString());
            }
        }
        Set<String> seen = new HashSet<>();
        for (Error e : errors) {
            String pointer = e.getInstanceLocation().toString();
            if (!"anyOf".equals(e.getKeyword()) && anyOfLocations.contains(pointer)) {
                continue; // the branches' own type errors; the anyOf finding says it better
            }
            Problem p = word(kind, doc, ref, e, pointer);
            if (p != null && seen.add(p.format())) {
                boolean child = e.getProperty() != null
                        && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword()));
                out.add(new Finding(child ? Pointer.child(pointer, e.getProperty()) : pointer, p));
            }
        }
        return out;
    }

    private Problem word(Kind kind, SourceDoc doc, ObjectRef ref, Error e, String pointer) {
        JsonNode schemaAt = schemaAt(strictSchema(kind), pointer);
        JsonNode value = doc.root().at(pointer);
        String field = FieldPath.of(doc.root(), pointer);
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        switch (keyword) {
            case "required": {
                String prop = e.getProperty();
                String childField = FieldPath.child(field, prop);
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        childField,
                        "required field is missing (add " + prop
                                + describe(schemaAt.path("properties").path(prop)) + ")");
            }
            case "additionalProperties": {
                String prop = e.getProperty();
                String childPointer = Pointer.child(pointer, prop);
                Set<String> known = new TreeSet<>();
                schemaAt.path("properties").fieldNames().forEachRemaining(known::add);
                String guess = DidYouMean.suggest(prop, known);
                String hint =
                        guess != null ? "did you mean \"" + guess + "\"?" : "known fields: " + String.join(", ", known);
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(childPointer),
                        ref,
                        FieldPath.child(field, prop),
                        "unknown field (" + hint + ")");
            }
            case "type": {
                String want = typeWords(schemaAt);
                String hint = "";
                if (value.isTextual() && (want.contains("integer") || want.contains("boolean"))) {
                    hint = " (remove the quotes)";
                } else if (want.equals("a string") && value.isBoolean()) {
                    hint = " (put it in quotes: YAML reads yes, no, on, off, y and n as booleans, as Kubernetes does)";
                } else if (want.equals("a string") && value.isNumber()) {
                    hint = " (put it in quotes to make it a string)";
                }
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        field,
                        "must be " + want + ", got " + describeValue(value) + hint);
            }
            case "anyOf":
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        field,
                        "must be " + typeWords(schemaAt) + ", got " + describeValue(value));
            case "enum": {
                List<String> allowed = new ArrayList<>();
                schemaAt.path("enum").forEach(n -> allowed.add(n.asText()));
                String guess = value.isTextual() ? DidYouMean.suggest(value.asText(), allowed) : null;
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        field,
                        describeValue(value) + " is not allowed (use one of: " + String.join(", ", allowed)
                                + (guess != null ? "; did you mean \"" + guess + "\"?" : "") + ")");
            }
            case "minimum":
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        field,
                        "must be at least " + schemaAt.path("minimum").asText() + ", got " + value);
            case "maximum":
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        field,
                        "must be at most " + schemaAt.path("maximum").asText() + ", got " + value);
            case "minLength":
                return Problem.error(Code.SCHEMA, doc.positionOf(pointer), ref, field, "must not be empty");
            case "maxLength":
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        field,
                        "is " + value.asText().length() + " characters long, at most "
                                + schemaAt.path("maxLength").asText() + " are allowed");
            case "minItems":
                return Problem.error(
                        Code.SCHEMA,
                        doc.positionOf(pointer),
                        ref,
                        field,
                        "needs at least " + schemaAt.path("minItems").asText() + " item(s)");
            case "pattern":
                return Problem.error(Code.SCHEMA, doc.positionOf(pointer), ref, field, patternWords(schemaAt, value));
            default:
                return Problem.error(Code.SCHEMA, doc.positionOf(pointer), ref, field, e.getMessage());
        }
    }

    private static String patternWords(JsonNode schemaAt, JsonNode value) {
        if (schemaAt.has("x-kubernetes-int-or-string")) {
            return describeValue(value) + " is not a Kubernetes quantity (write e.g. 500m, 2, 4Gi)";
        }
        return describeValue(value) + " does not match "
                + schemaAt.path("pattern").asText()
                + " (letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
    }

    private static String describe(JsonNode propertySchema) {
        String t = propertySchema.path("type").asText("");
        return t.isEmpty() ? "" : ", " + article(t);
    }

    /** A JSON Schema type in a user's words: {@code object} is "a mapping". */
    static String article(String type) {
        switch (type) {
            case "integer":
                return "an integer";
            case "object":
                return "a mapping";
            case "array":
                return "a list";
            default:
                return "a " + type;
        }
    }

    private static String typeWords(JsonNode schemaAt) {
        if (schemaAt.has("x-kubernetes-int-or-string")) {
            return "an integer or a string";
        }
        return article(schemaAt.path("type").asText("value"));
    }

    public static String describeValue(JsonNode v) {
        if (v.isTextual()) {
            String s = v.asText();
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isBoolean()) {
            return "the boolean " + v.asText();
        }
        if (v.isIntegralNumber()) {
            return "the integer " + v.asText();
        }
        return "the number " + v.asText();
    }

    /** The schema node that describes the instance at {@code pointer}. */
    public static JsonNode schemaAt(JsonNode schema, String pointer) {
        JsonNode s = schema;
        if (pointer.isEmpty()) {
            return s;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String seg = Pointer.unescape(raw);
            if (s.has("items")) {
                s = s.get("items");
            } else if (s.path("properties").has(seg)) {
                s = s.path("properties").get(seg);
            } else if (s.get("additionalProperties") != null
                    && s.get("additionalProperties").isObject()) {
                s = s.get("additionalProperties");
            } else {
                return MissingNode.getInstance();
            }
        }
        return s;
    }
}
