package com.hevlayer.layerrender.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Judges a document the way a real API server with the vendor's CRDs installed does for
 * {@code kubectl apply --validate=strict} (server-side field validation {@code Strict}).
 *
 * <ol>
 *   <li>{@code apiVersion} must be {@code hevlayer.com/v1alpha1} and {@code kind} one of the vendor's
 *       Pipeline, InfraRules, VectorStore.</li>
 *   <li>{@code metadata} as the API server validates a custom resource's ObjectMeta: an object with only
 *       ObjectMeta's fields (strict: others are errors), {@code name} required and a DNS-1123 subdomain
 *       (at most 253 characters; custom resources use {@code NameIsDNSSubdomain}), {@code namespace} a
 *       DNS-1123 label for namespaced kinds (ignored, then cleared, for cluster-scoped ones),
 *       {@code labels} qualified-name keys and label values, {@code annotations} qualified-name keys,
 *       string values and at most 256 KiB in all.</li>
 *   <li>{@code null}s of non-nullable fields are pruned and defaults applied ({@link ApiServer}); the API
 *       server validates the defaulted object. (Defaults are valid values and none of the vendor's required
 *       fields has one, so the defaults change no verdict; the null pruning does.)</li>
 *   <li>The schema, made strict: {@code additionalProperties: false} on every object schema that declares
 *       {@code properties} and has no {@code x-kubernetes-preserve-unknown-fields: true}; the root also
 *       allows {@code apiVersion}, {@code kind} and {@code metadata}. Validated with networknt
 *       json-schema-validator 2.0.8's OpenAPI 3.0 dialect, which honours {@code nullable}.</li>
 *   <li>{@code status}: with a status subresource (all three kinds), a create or update of the main
 *       resource cannot set it: the API server drops it before validating, so only its unknown fields
 *       (found while decoding, reported by strict field validation) count. {@link #judgeStatusWrite}
 *       validates it too, as a write to {@code /status} is.</li>
 *   <li>Integer formats, checked here: networknt's OpenAPI 3.0 dialect knows no numeric format (its format
 *       list is the JSON Schema one: date-time, hostname, uuid, ...; {@code int32} and the others are
 *       ignored, see {@code VendorValidatorTest.networkntAloneIgnoresIntegerFormats}). The API server
 *       (kube-openapi's {@code IsValueValidAgainstRange}) checks the ranges of {@code int8} to {@code int32}
 *       and {@code uint8} to {@code uint64} and reads every other format ({@code int64}, {@code uint}, none)
 *       as int64;
 *       an integer beyond int64 is decoded as a float and fails {@code type: integer}.</li>
 * </ol>
 *
 * <p>Not modelled: CEL rules (none in these kinds); YAML decoding differences (the document is
 * judged as the tree it is; kubectl would turn a YAML {@code 5.0} into {@code 5}); {@code ownerReferences}, {@code finalizers} and the other ObjectMeta fields beyond
 * their names; namespace existence; admission webhooks.
 */
public final class VendorValidator {
    /** One reason for refusal: the JSON pointer, the dotted field path, the keyword and a message. */
    public record Issue(String pointer, String path, String keyword, String message) {
        public String format() {
            return (path.isEmpty() ? "(root)" : path) + ": " + message;
        }
    }

    /** Accepted or refused, why, and the object as the API server would store it (before pruning). */
    public record Verdict(boolean accepted, List<Issue> errors, JsonNode admitted) {
        public String describe() {
            return accepted
                    ? "accepted"
                    : "refused: " + errors.stream().map(Issue::format).collect(Collectors.joining("; "));
        }
    }

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static final Map<String, VendorValidator> BY_KIND = new LinkedHashMap<>();

    static {
        for (String kind : VendorCrds.KINDS) {
            BY_KIND.put(kind, new VendorValidator(kind));
        }
    }

    private final String kind;
    private final ApiServer api;
    private final JsonNode schema;
    private final Schema compiled;

    private VendorValidator(String kind) {
        this.kind = kind;
        this.api = ApiServer.vendor(kind);
        this.schema = VendorCrds.schema(kind);
        this.compiled = compile(strict(schema));
    }

    /** The validator of the vendor's {@code kind}. */
    public static VendorValidator of(String kind) {
        VendorValidator v = BY_KIND.get(kind);
        if (v == null) {
            throw new IllegalArgumentException("no vendor kind " + kind);
        }
        return v;
    }

    /** Judges one document of any kind: what {@code kubectl apply --validate=strict} would answer. */
    public static Verdict judge(JsonNode doc) {
        return judge(doc, false);
    }

    /** Judges one document with its status validated too, as a controller's write to {@code /status} is. */
    public static Verdict judgeStatusWrite(JsonNode doc) {
        return judge(doc, true);
    }

    private static Verdict judge(JsonNode doc, boolean withStatus) {
        if (doc == null || !doc.isObject()) {
            return refused(new Issue("", "", "type", "not an object"));
        }
        String apiVersion = doc.path("apiVersion").asText("");
        String k = doc.path("kind").asText("");
        if (!VendorCrds.API_VERSION.equals(apiVersion) || !BY_KIND.containsKey(k)) {
            return refused(
                    new Issue("", "", "kind", "no matches for kind \"" + k + "\" in version \"" + apiVersion + "\""));
        }
        return BY_KIND.get(k).validate(doc, withStatus);
    }

    private static Verdict refused(Issue issue) {
        return new Verdict(false, List.of(issue), null);
    }

    public Verdict validate(JsonNode doc, boolean withStatus) {
        boolean dropStatus = !withStatus && VendorCrds.hasStatusSubresource(kind);
        List<Issue> errors = new ArrayList<>();
        metadata(doc, errors);
        ObjectNode admitted = api.applyDefaults(api.pruneNulls(doc));
        for (Error e : compiled.validate(admitted)) {
            String pointer = e.getInstanceLocation().toString();
            String keyword = e.getKeyword() == null ? "" : e.getKeyword();
            if (e.getProperty() != null && (keyword.equals("required") || keyword.equals("additionalProperties"))) {
                pointer = Paths.pointerChild(pointer, e.getProperty());
            }
            if (dropStatus
                    && (pointer.equals("/status") || pointer.startsWith("/status/"))
                    && !keyword.equals("additionalProperties")) {
                continue; // dropped before validation; unknown fields were reported while decoding
            }
            errors.add(new Issue(pointer, Paths.dotted(admitted, pointer), keyword, e.getMessage()));
        }
        ObjectNode checked = admitted;
        if (dropStatus) {
            checked = admitted.deepCopy();
            checked.remove("status");
        }
        integerFormats(checked, schema, "", checked, errors);
        return new Verdict(errors.isEmpty(), List.copyOf(errors), admitted);
    }

    // ---- metadata -------------------------------------------------------------------------------

    private void metadata(JsonNode doc, List<Issue> errors) {
        JsonNode m = doc.get("metadata");
        if (m == null || !m.isObject()) {
            errors.add(
                    new Issue("/metadata", "metadata", "required", m == null ? "Required value" : "must be an object"));
            return;
        }
        m.fieldNames().forEachRemaining(f -> {
            if (!ApiServer.OBJECT_META_FIELDS.contains(f)) {
                errors.add(new Issue(
                        "/metadata/" + f,
                        Paths.child("metadata", f),
                        "additionalProperties",
                        "unknown field \"metadata." + f + "\""));
            }
        });
        JsonNode name = m.get("name");
        if (name == null || name.isNull() || name.isTextual() && name.asText().isEmpty()) {
            errors.add(new Issue("/metadata/name", "metadata.name", "required", "Required value: name is required"));
        } else if (!name.isTextual()) {
            errors.add(new Issue("/metadata/name", "metadata.name", "type", "must be a string"));
        } else if (name.asText().length() > 253
                || !DNS_SUBDOMAIN.matcher(name.asText()).matches()) {
            errors.add(new Issue(
                    "/metadata/name",
                    "metadata.name",
                    "pattern",
                    "Invalid value: \"" + name.asText()
                            + "\": a lowercase RFC 1123 subdomain (at most 253 characters)"));
        }
        JsonNode ns = m.get("namespace");
        if (VendorCrds.namespaced(kind) && ns != null && !ns.isNull()) {
            if (!ns.isTextual()
                    || ns.asText().length() > 63
                    || !DNS_LABEL.matcher(ns.asText()).matches()) {
                errors.add(new Issue(
                        "/metadata/namespace",
                        "metadata.namespace",
                        "pattern",
                        "Invalid value: " + ns + ": a lowercase RFC 1123 label (at most 63 characters)"));
            }
        }
        stringMap(m, "labels", true, errors);
        stringMap(m, "annotations", false, errors);
    }

    private static void stringMap(JsonNode m, String field, boolean labelValues, List<Issue> errors) {
        JsonNode map = m.get(field);
        if (map == null || map.isNull()) {
            return;
        }
        String base = "metadata." + field;
        if (!map.isObject()) {
            errors.add(new Issue("/metadata/" + field, base, "type", "must be an object of strings"));
            return;
        }
        long size = 0;
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String path = Paths.child(base, e.getKey());
            String pointer = Paths.pointerChild("/metadata/" + field, e.getKey());
            if (!qualifiedName(e.getKey())) {
                errors.add(new Issue(
                        pointer, path, "pattern", "Invalid value: \"" + e.getKey() + "\": not a qualified name"));
            }
            if (!e.getValue().isTextual()) {
                errors.add(new Issue(pointer, path, "type", "must be a string"));
                continue;
            }
            String v = e.getValue().asText();
            size += e.getKey().length() + v.getBytes(StandardCharsets.UTF_8).length;
            if (labelValues && (v.length() > 63 || !LABEL_VALUE.matcher(v).matches())) {
                errors.add(
                        new Issue(pointer, path, "pattern", "Invalid value: \"" + v + "\": not a valid label value"));
            }
        }
        if (!labelValues && size > 256 * 1024) {
            errors.add(
                    new Issue("/metadata/annotations", base, "maxLength", "Too long: must have at most 262144 bytes"));
        }
    }

    /** A qualified name: an optional DNS-1123 subdomain prefix and {@code /}, then 1–63 name characters. */
    static boolean qualifiedName(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > 253
                    || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty()
                && name.length() <= 63
                && QUALIFIED_NAME.matcher(name).matches();
    }

    // ---- integer formats ------------------------------------------------------------------------

    private static void integerFormats(JsonNode value, JsonNode s, String pointer, JsonNode root, List<Issue> errors) {
        if (s == null || value == null) {
            return;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                JsonNode child = ApiServer.childSchema(s, e.getKey());
                integerFormats(e.getValue(), child, Paths.pointerChild(pointer, e.getKey()), root, errors);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                integerFormats(value.get(i), s.get("items"), pointer + "/" + i, root, errors);
            }
        } else if (value.isIntegralNumber() && "integer".equals(s.path("type").asText())) {
            BigInteger v = value.bigIntegerValue();
            String format = s.path("format").asText("");
            String path = Paths.dotted(root, pointer);
            if (v.compareTo(INT64_MIN) < 0 || v.compareTo(INT64_MAX) > 0) {
                errors.add(new Issue(
                        pointer,
                        path,
                        "type",
                        "Invalid value: \"number\": must be of type integer: \"number\""
                                + " (beyond int64, the API server decodes " + v + " as a float)"));
                return;
            }
            long lo;
            long hi;
            switch (format) {
                case "int8" -> {
                    lo = Byte.MIN_VALUE;
                    hi = Byte.MAX_VALUE;
                }
                case "int16" -> {
                    lo = Short.MIN_VALUE;
                    hi = Short.MAX_VALUE;
                }
                case "int32" -> {
                    lo = Integer.MIN_VALUE;
                    hi = Integer.MAX_VALUE;
                }
                case "uint8" -> {
                    lo = 0;
                    hi = 0xff;
                }
                case "uint16" -> {
                    lo = 0;
                    hi = 0xffff;
                }
                case "uint32" -> {
                    lo = 0;
                    hi = 0xffff_ffffL;
                }
                case "uint64" -> {
                    lo = 0;
                    hi = Long.MAX_VALUE;
                }
                default -> {
                    return;
                } // int64, uint, none: any int64
            }
            long l = v.longValue();
            if (l < lo || l > hi) {
                errors.add(new Issue(
                        pointer,
                        path,
                        "format",
                        "Invalid value: " + v + ": must be of type integer with format " + format + " (" + lo + ".."
                                + hi + ")"));
            }
        }
    }

    // ---- the strict schema ----------------------------------------------------------------------

    /** The vendor schema as {@code kubectl apply --validate=strict} applies it; the argument is not modified. */
    static ObjectNode strict(JsonNode vendorSchema) {
        ObjectNode copy = vendorSchema.deepCopy();
        walk(copy);
        ObjectNode properties = copy.withObjectProperty("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object"); // its fields: see metadata()
        copy.put("additionalProperties", false);
        return copy;
    }

    private static void walk(ObjectNode s) {
        if (s.get("properties") instanceof ObjectNode properties) {
            if (!ApiServer.preserveUnknown(s) && !s.has("additionalProperties")) {
                s.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                if (p.getValue() instanceof ObjectNode child) {
                    walk(child);
                }
            }
        }
        for (String key : new String[] {"items", "additionalProperties"}) {
            if (s.get(key) instanceof ObjectNode child) {
                walk(child);
            }
        }
    }

    static Schema compile(JsonNode schema) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .locale(Locale.ENGLISH)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaRegistry registry =
                SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemaRegistryConfig(config));
        Schema s = registry.getSchema(schema);
        s.initializeValidators();
        return s;
    }

    static final JsonNodeFactory F = JsonNodeFactory.instance;
}
