package com.hevlayer.layerrender.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.schema.Schemas;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Generates docs/reference.md, the user-facing field reference of the hevlayer.com kinds, from the
 * JSON Schemas in {@code schemas/} and the template {@code templates/reference.md.mustache}.
 *
 * <p>Paths use {@code a.b} for an object field, {@code a[]} for a list item and {@code a.<key>}
 * for a map value. Rows follow the order in which the schema files declare the fields, so the
 * output is deterministic and changes only when a schema (or the template) does.
 */
public final class ReferenceDoc {

    /** Where the generated file lives, relative to the project base directory. */
    public static final String PATH = "docs/reference.md";

    /** How to regenerate docs/reference.md; printed in the file and by the staleness test. */
    public static final String REGENERATE = "mvn test -Dtest=ReferenceDocTest -Dgolden.update=true";

    private static final String TEMPLATE = "reference.md.mustache";

    /** The regular expression of a Kubernetes resource.Quantity, as CRD generators write it. */
    private static final String QUANTITY_PATTERN = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))"
            + "(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    private ReferenceDoc() {}

    /** The Markdown of docs/reference.md. */
    public static String generate() {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("regenerate", REGENERATE);
        scope.put("apiVersion", Kind.API_VERSION);
        List<Map<String, Object>> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            kinds.add(kind(kind));
        }
        scope.put("kinds", kinds);

        Mustache template = new MarkdownMustacheFactory().compile(TEMPLATE);
        StringWriter out = new StringWriter();
        try {
            template.execute(out, scope).flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // one trailing newline, whatever the template ends with
        return out.toString().stripTrailing() + "\n";
    }

    private static Map<String, Object> kind(Kind kind) {
        JsonNode schema = Schemas.raw(kind);
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("kind", kind.kind);
        k.put("anchor", kind.kind.toLowerCase(Locale.ROOT));
        k.put("plural", kind.plural);
        k.put("crd", CrdBuilder.name(kind));
        k.put("scope", kind.namespaced ? "namespaced" : "cluster");
        k.put("shortNames", code(String.join("`, `", CrdBuilder.shortNames(kind))));
        k.put("category", CrdBuilder.CATEGORY);
        k.put("description", text(schema.path("description").asText("")));
        List<Map<String, Object>> fields = new ArrayList<>();
        children("", schema, fields);
        k.put("fields", fields);
        return k;
    }

    /** Rows for everything below {@code schema}, whose own path is {@code path}. */
    private static void children(String path, JsonNode schema, List<Map<String, Object>> rows) {
        JsonNode properties = schema.path("properties");
        if (properties.isObject()) {
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Map.Entry<String, JsonNode> e : properties.properties()) {
                field(join(path, e.getKey()), e.getValue(), required.contains(e.getKey()), rows);
            }
        }
        JsonNode values = schema.path("additionalProperties");
        if (values.isObject()) {
            field(join(path, "<key>"), values, false, rows);
        }
        JsonNode items = schema.path("items");
        if (items.isObject()) {
            if (items.path("properties").isObject()) {
                // the list's own row says []object; its fields follow as path[].field
                children(path + "[]", items, rows);
            } else {
                field(path + "[]", items, false, rows);
            }
        }
    }

    private static void field(String path, JsonNode schema, boolean required, List<Map<String, Object>> rows) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("path", code(path));
        row.put("type", type(schema));
        row.put("required", required ? "yes" : "no");
        row.put("default", schema.has("default") ? code(scalar(schema.get("default"))) : "");
        row.put("limits", limits(schema));
        row.put("description", text(schema.path("description").asText("")));
        rows.add(row);
        children(path, schema, rows);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A type a user can read: {@code string}, {@code []object}, {@code map[string]string}, ... */
    static String type(JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return "int-or-string";
        }
        String type = schema.path("type").asText("");
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        String result;
        switch (type) {
            case "" -> result = "any";
            case "array" -> result = "[]" + (schema.path("items").isObject() ? type(schema.get("items")) : "any");
            case "object" -> {
                if (schema.path("additionalProperties").isObject()) {
                    result = "map[string]" + type(schema.get("additionalProperties"));
                } else if (open && !schema.path("properties").isObject()) {
                    result = "object (free-form)";
                } else {
                    result = "object";
                }
            }
            default -> result = type;
        }
        if (schema.has("format")) {
            result += " (" + schema.get("format").asText() + ")";
        }
        return result;
    }

    /** Allowed values and limits, e.g. one of `cpu`, `gpu`; >= 1; max length 63; pattern `...`. */
    static String limits(JsonNode schema) {
        List<String> parts = new ArrayList<>();
        if (schema.path("nullable").asBoolean(false)) {
            parts.add("may be null");
        }
        if (schema.path("enum").isArray()) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(code(scalar(v))));
            parts.add("one of " + String.join(", ", values));
        }
        if (schema.has("minimum")) {
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            parts.add((exclusive ? "> " : ">= ") + schema.get("minimum").asText());
        }
        if (schema.has("maximum")) {
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            parts.add((exclusive ? "< " : "<= ") + schema.get("maximum").asText());
        }
        if (schema.has("multipleOf")) {
            parts.add("multiple of " + schema.get("multipleOf").asText());
        }
        if (schema.has("minLength")) {
            parts.add("min length " + schema.get("minLength").asText());
        }
        if (schema.has("maxLength")) {
            parts.add("max length " + schema.get("maxLength").asText());
        }
        if (schema.has("minItems")) {
            parts.add("min items " + schema.get("minItems").asText());
        }
        if (schema.has("maxItems")) {
            parts.add("max items " + schema.get("maxItems").asText());
        }
        if (schema.has("minProperties")) {
            parts.add("min entries " + schema.get("minProperties").asText());
        }
        if (schema.has("maxProperties")) {
            parts.add("max entries " + schema.get("maxProperties").asText());
        }
        if (schema.path("uniqueItems").asBoolean(false)) {
            parts.add("unique items");
        }
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").asText();
            parts.add(
                    QUANTITY_PATTERN.equals(pattern)
                            ? "a Kubernetes quantity, e.g. `2`, `500m`, `4Gi`"
                            : "pattern " + code(pattern));
        }
        return String.join("; ", parts);
    }

    /** A JSON value as a user writes it in YAML: strings bare, everything else as compact JSON. */
    private static String scalar(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** An inline code span that survives a Markdown table cell. */
    static String code(String s) {
        String fence = s.contains("`") ? "``" : "`";
        String pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
        return fence + pad + cell(s) + pad + fence;
    }

    /** Prose for a Markdown table cell: one line, pipes escaped, no raw HTML. */
    static String text(String s) {
        return cell(s).replace("<", "&lt;");
    }

    private static String cell(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }

    /** Mustache for Markdown: values are escaped by this class, not as HTML. */
    private static final class MarkdownMustacheFactory extends DefaultMustacheFactory {
        MarkdownMustacheFactory() {
            super("templates");
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
