package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hevlayer.layerrender.yaml.Pointer;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.DefaultDialectRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstream Kubernetes v1.31 apps/v1 Deployment schema (standalone-strict, from kubeconform's
 * registry), used to check that a podSpec patch leaves a valid PodSpec. Its unversioned
 * {@code $schema} IRI is read as Draft 4, as kubeconform does.
 */
public final class DeploymentSchema {
    public static final String RESOURCE =
            "/upstream-schemas/kubernetes/v1.31.0-standalone-strict/deployment-apps-v1.json";
    private static final String UNVERSIONED_DRAFT = "http://json-schema.org/schema#";

    private final Schema schema;
    private final JsonNode raw;
    private final boolean eager;

    /** Compiled lazily: a pod spec touches a small part of this 650 KB schema (the CLI's case). */
    public DeploymentSchema() {
        this(false);
    }

    /** @param eager compile every part now, for long-running processes that validate from several threads */
    public DeploymentSchema(boolean eager) {
        Dialect draft4 =
                Dialect.builder(UNVERSIONED_DRAFT, Dialects.getDraft4()).build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .locale(Locale.ENGLISH)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_4,
                b -> b.dialectRegistry(new DefaultDialectRegistry(draft4)).schemaRegistryConfig(config));
        try (InputStream in = DeploymentSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            this.eager = eager;
            raw = new ObjectMapper().readTree(in);
            schema = registry.getSchema(raw);
            if (eager) {
                schema.initializeValidators();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern TYPE = Pattern.compile("(\\w+) found, \\[?([\\w, ]+?)\\]? expected");

    /** networknt's "string found, [integer, null] expected" in the words the rest of layer-render uses. */
    static String reword(String msg) {
        Matcher m = TYPE.matcher(msg);
        if (!m.matches()) {
            return msg;
        }
        List<String> types = new ArrayList<>();
        for (String t : m.group(2).split(",\\s*")) {
            if (!t.equals("null")) {
                types.add(SchemaCheck.article(t));
            }
        }
        String found = m.group(1);
        return "must be " + String.join(" or ", types) + ", got " + SchemaCheck.article(found)
                + (found.equals("string") && (types.contains("an integer") || types.contains("a boolean"))
                        ? " (remove the quotes)"
                        : "");
    }

    /** "must be a string or a number, got a boolean" for a value no branch of a oneOf accepts (quantities). */
    private static String oneOfWords(JsonNode schemaAt, JsonNode value) {
        List<String> types = new ArrayList<>();
        for (JsonNode branch : schemaAt.path("oneOf")) {
            JsonNode t = branch.path("type");
            for (JsonNode one : t.isArray() ? t : List.of(t)) {
                if (one.isTextual()
                        && !one.asText().equals("null")
                        && !types.contains(SchemaCheck.article(one.asText()))) {
                    types.add(SchemaCheck.article(one.asText()));
                }
            }
        }
        String found = value.isObject()
                ? "object"
                : value.isArray()
                        ? "array"
                        : value.isBoolean()
                                ? "boolean"
                                : value.isNumber() ? "number" : value.isTextual() ? "string" : "null";
        return "must be " + String.join(" or ", types) + ", got " + SchemaCheck.article(found);
    }

    /** Thread-safe: a lazily compiled schema compiles its parts under a lock as a validation reaches them. */
    public List<Finding> validate(JsonNode deployment) {
        List<Error> errors;
        if (eager) {
            errors = schema.validate(deployment);
        } else {
            synchronized (this) {
                errors = schema.validate(deployment);
            }
        }
        List<Finding> out = new ArrayList<>();
        Set<String> oneOf = new HashSet<>();
        for (Error e : errors) {
            if ("oneOf".equals(e.getKeyword())) {
                oneOf.add(e.getInstanceLocation().toString());
            }
        }
        for (Error e : errors) {
            String pointer = e.getInstanceLocation().toString();
            String msg = e.getMessage();
            if (oneOf.contains(pointer)) {
                if (!"oneOf".equals(e.getKeyword())) {
                    continue; // the branches' own type errors; one line says it better
                }
                out.add(new Finding(pointer, oneOfWords(SchemaCheck.schemaAt(raw, pointer), deployment.at(pointer))));
                continue;
            }
            if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
                List<String> known = new ArrayList<>();
                SchemaCheck.schemaAt(raw, pointer)
                        .path("properties")
                        .fieldNames()
                        .forEachRemaining(known::add);
                String guess = DidYouMean.suggest(e.getProperty(), known);
                pointer = Pointer.child(pointer, e.getProperty());
                msg = "unknown field" + (guess != null ? " (did you mean \"" + guess + "\"?)" : "");
            } else if (msg.startsWith(pointer.isEmpty() ? "$" : pointer)) {
                msg = msg.substring(msg.indexOf(':') + 1).trim();
            }
            out.add(new Finding(pointer, reword(msg)));
        }
        return out;
    }
}
