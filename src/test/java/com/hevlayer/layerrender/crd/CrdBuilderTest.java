package com.hevlayer.layerrender.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.schema.Schemas;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CrdBuilderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static CustomResourceDefinition crd(Kind kind) {
        String name = kind.plural + ".hevlayer.com";
        return CrdBuilder.build().stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CRD named " + name));
    }

    private static CustomResourceDefinitionVersion version(Kind kind) {
        List<CustomResourceDefinitionVersion> versions = crd(kind).getSpec().getVersions();
        assertEquals(1, versions.size(), "one version");
        return versions.get(0);
    }

    /** The CRD as the CLI prints it: plain Jackson 2 serialization of the fabric8 model. */
    private static JsonNode json(Kind kind) {
        return MAPPER.valueToTree(crd(kind));
    }

    private static JsonNode crdSchema(Kind kind) {
        return json(kind).path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    }

    // --- what kubectl shows ---------------------------------------------------------------------

    @Test
    void threeCrdsSortedByName() {
        List<String> names =
                CrdBuilder.build().stream().map(c -> c.getMetadata().getName()).toList();
        assertEquals(List.of("infrarules.hevlayer.com", "pipelines.hevlayer.com", "vectorstores.hevlayer.com"), names);
        for (CustomResourceDefinition crd : CrdBuilder.build()) {
            assertEquals("apiextensions.k8s.io/v1", crd.getApiVersion());
            assertEquals("CustomResourceDefinition", crd.getKind());
        }
    }

    @Test
    void namesScopesAndVersions() {
        assertNames(Kind.PIPELINE, "Pipeline", "pipelines", "pipeline", "Namespaced", "pl");
        assertNames(Kind.INFRA_RULES, "InfraRules", "infrarules", "infrarules", "Cluster", "ir");
        assertNames(Kind.VECTOR_STORE, "VectorStore", "vectorstores", "vectorstore", "Namespaced", "vstore");
        for (Kind kind : Kind.values()) {
            CustomResourceDefinitionVersion v = version(kind);
            assertEquals("v1alpha1", v.getName());
            assertTrue(v.getServed(), kind + " served");
            assertTrue(v.getStorage(), kind + " storage");
        }
    }

    private static void assertNames(
            Kind kind, String k, String plural, String singular, String scope, String shortName) {
        var spec = crd(kind).getSpec();
        assertEquals("hevlayer.com", spec.getGroup());
        assertEquals(scope, spec.getScope(), kind + " scope");
        assertEquals(k, spec.getNames().getKind());
        assertEquals(k + "List", spec.getNames().getListKind());
        assertEquals(plural, spec.getNames().getPlural());
        assertEquals(singular, spec.getNames().getSingular());
        assertEquals(List.of(shortName), spec.getNames().getShortNames());
        assertEquals(List.of("hevlayer"), spec.getNames().getCategories());
    }

    @Test
    void shortNamesDoNotCollideWithWellKnownResources() {
        // kubectl resolves a short name to one resource only; these are taken by core Kubernetes,
        // Istio (vs, dr, gw, se), KEDA (so, ta), Argo CD (app, appproj) and Argo Rollouts (ro).
        Set<String> taken = Set.of(
                "po", "svc", "deploy", "rs", "ds", "sts", "cm", "ns", "no", "pv", "pvc", "sa", "ep", "ing", "netpol",
                "pdb", "pc", "sc", "hpa", "cj", "ev", "limits", "quota", "csr", "crd", "crds", "vs", "dr", "gw", "se",
                "so", "ta", "app", "apps", "appproj", "ro");
        for (CustomResourceDefinition crd : CrdBuilder.build()) {
            for (String shortName : crd.getSpec().getNames().getShortNames()) {
                assertFalse(taken.contains(shortName), crd.getMetadata().getName() + " short name " + shortName);
            }
        }
    }

    @Test
    void statusSubresourceOnEveryKind() {
        // as in the vendor's CRDs: each kind declares a status, written through the subresource
        assertNotNull(version(Kind.PIPELINE).getSubresources().getStatus());
        assertNotNull(version(Kind.VECTOR_STORE).getSubresources().getStatus());
        assertNotNull(version(Kind.INFRA_RULES).getSubresources().getStatus());
        assertNull(version(Kind.PIPELINE).getSubresources().getScale(), "KEDA's HPA scales the Deployment");
        assertEquals(
                MAPPER.createObjectNode(),
                json(Kind.PIPELINE)
                        .path("spec")
                        .path("versions")
                        .path(0)
                        .path("subresources")
                        .path("status"));
    }

    @Test
    void pipelinePrinterColumns() {
        assertColumns(
                Kind.PIPELINE,
                0,
                "Pipeline ID",
                "string",
                ".spec.pipelineId",
                "Mode",
                "string",
                ".spec.scaling.mode",
                "Pool",
                "string",
                ".spec.scaling.pool",
                "Min",
                "integer",
                ".spec.scaling.replicas.min",
                "Max",
                "integer",
                ".spec.scaling.replicas.max",
                "Paused",
                "boolean",
                ".spec.paused",
                "Ready",
                "string",
                ".status.conditions[?(@.type==\"Ready\")].status",
                "Age",
                "date",
                ".metadata.creationTimestamp");
    }

    @Test
    void vectorStorePrinterColumns() {
        assertColumns(
                Kind.VECTOR_STORE,
                0,
                "Default",
                "boolean",
                ".spec.default",
                "Kind",
                "string",
                ".spec.kind",
                "Region",
                "string",
                ".spec.endpoint.region",
                "Reachable",
                "boolean",
                ".status.reachable",
                "Age",
                "date",
                ".metadata.creationTimestamp");
    }

    @Test
    void infraRulesPrinterColumns() {
        assertColumns(
                Kind.INFRA_RULES,
                0,
                "Pools",
                "integer",
                ".status.poolCount",
                "CacheNodes",
                "string",
                ".status.documentCache.nodes",
                "Age",
                "date",
                ".metadata.creationTimestamp");
    }

    /** The default (priority 0) columns of {@code kubectl get}, in order; wider ones may follow. */
    private static void assertColumns(Kind kind, int priority, String... expected) {
        List<String> actual = new ArrayList<>();
        for (CustomResourceColumnDefinition c : version(kind).getAdditionalPrinterColumns()) {
            int p = c.getPriority() == null ? 0 : c.getPriority();
            if (p == priority) {
                actual.addAll(List.of(c.getName(), c.getType(), c.getJsonPath()));
            }
        }
        assertEquals(List.of(expected), actual, kind + " printer columns");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void printerColumnsPointAtSchemaFieldsOfTheSameType(Kind kind) {
        JsonNode schema = Schemas.raw(kind);
        Set<String> names = new HashSet<>();
        for (CustomResourceColumnDefinition c : version(kind).getAdditionalPrinterColumns()) {
            assertTrue(names.add(c.getName()), "duplicate column " + c.getName());
            assertTrue(Set.of("string", "integer", "number", "boolean", "date").contains(c.getType()), c.getType());
            String path = c.getJsonPath();
            assertTrue(path.startsWith("."), path);
            if (path.equals(".metadata.creationTimestamp")) {
                assertEquals("date", c.getType());
                continue;
            }
            if (path.startsWith(".status.")) {
                assertTrue(schema.path("properties").has("status"), kind + " has no status for " + path);
                continue;
            }
            JsonNode node = schema;
            for (String segment : path.substring(1).split("\\.")) {
                node = node.path("properties").path(segment);
                assertFalse(
                        node.isMissingNode(),
                        kind + ": column " + c.getName() + " points at " + path + ", which is not in schemas/"
                                + kind.schemaFile);
            }
            assertEquals(node.path("type").asText(), c.getType(), kind + ": type of column " + c.getName());
        }
    }

    @Test
    void labelsAndNoTimestamps() {
        for (CustomResourceDefinition crd : CrdBuilder.build()) {
            assertEquals(
                    Map.of("app.kubernetes.io/part-of", "hevlayer", "app.kubernetes.io/managed-by", "layer-render"),
                    crd.getMetadata().getLabels());
            assertNull(crd.getMetadata().getCreationTimestamp());
            assertNull(crd.getStatus());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void serializedCrdHasNoNullOrEmptyFields(Kind kind) {
        List<String> problems = new ArrayList<>();
        noEmpties(json(kind), "", problems);
        assertEquals(List.of(), problems, kind + ": null or empty fields in the serialized CRD");
    }

    private static void noEmpties(JsonNode node, String path, List<String> problems) {
        if (node.isNull()) {
            problems.add(path + " is null");
        } else if (node.isContainerNode()
                && node.isEmpty()
                && !path.matches("/spec/versions/\\d+/subresources/status") // {} enables the subresource
                && !path.endsWith("/default")) { // default: [] as in the vendor's CRDs
            problems.add(path + " is empty");
        }
        if (node.isObject()) {
            if (node.has("creationTimestamp")) {
                problems.add(path + "/creationTimestamp");
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                noEmpties(e.getValue(), path + "/" + e.getKey(), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                noEmpties(node.get(i), path + "/" + i, problems);
            }
        }
    }

    @Test
    void deterministic() throws Exception {
        assertEquals(MAPPER.writeValueAsString(CrdBuilder.build()), MAPPER.writeValueAsString(CrdBuilder.build()));
    }

    // --- the schema is the schema file ----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void openApiSchemaIsTheSchemaFile(Kind kind) {
        JsonNode expected = Schemas.raw(kind);
        JsonNode actual = crdSchema(kind);
        if (!actual.equals(JsonNumbers.NUMERIC_EQUALITY, expected)) {
            fail("the openAPIV3Schema of " + CrdBuilder.name(kind) + " differs from schemas/" + kind.schemaFile
                    + "\nexpected: " + expected + "\nactual:   " + actual);
        }
        // and nothing else was touched: every other key of the file is there
        assertEquals(
                Schemas.raw(kind).path("properties").size(),
                actual.path("properties").size());
        // like the vendor's: the root declares spec and status; apiVersion, kind and metadata are the API server's
        assertEquals(
                List.of("spec", "status"),
                List.copyOf(iterable(actual.path("properties").fieldNames())));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void numbersKeepTheirValue(Kind kind) {
        // JSONSchemaProps holds minimum/maximum as Double: 1 comes out as 1.0, the same JSON number
        List<String> mismatches = new ArrayList<>();
        compareNumbers(Schemas.raw(kind), crdSchema(kind), "", mismatches);
        assertEquals(List.of(), mismatches);
    }

    private static void compareNumbers(JsonNode file, JsonNode crd, String path, List<String> mismatches) {
        if (file.isNumber()) {
            if (!crd.isNumber() || file.decimalValue().compareTo(crd.decimalValue()) != 0) {
                mismatches.add(path + ": " + file + " became " + crd);
            }
        } else if (file.isObject()) {
            for (Map.Entry<String, JsonNode> e : file.properties()) {
                compareNumbers(e.getValue(), crd.path(e.getKey()), path + "/" + e.getKey(), mismatches);
            }
        } else if (file.isArray()) {
            for (int i = 0; i < file.size(); i++) {
                compareNumbers(file.get(i), crd.path(i), path + "/" + i, mismatches);
            }
        }
    }

    // --- structural schema ----------------------------------------------------------------------

    /** Checks the CRD's schema as the apiserver would, both as served in the CRD and as written. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void schemaIsStructural(Kind kind) {
        List<String> violations = new ArrayList<>();
        Structural.check(crdSchema(kind), violations);
        assertEquals(List.of(), violations, CrdBuilder.name(kind) + " is not a structural schema");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void schemaFileIsStructural(Kind kind) {
        List<String> violations = new ArrayList<>();
        Structural.check(Schemas.raw(kind), violations);
        assertEquals(List.of(), violations, "schemas/" + kind.schemaFile);
    }

    @Test
    void structuralCheckCatchesWhatTheApiserverRejects() {
        List<String> v = new ArrayList<>();
        Structural.check(parse("""
                {"type":"object","additionalProperties":false,"properties":{
                  "metadata":{"type":"object","properties":{"labels":{"type":"object"}}},
                  "spec":{"type":"object","additionalProperties":false,"properties":{
                    "a":{"description":"no type"},
                    "b":{"type":"array"},
                    "c":{"type":"object","properties":{"x":{"type":"string"}},"additionalProperties":{"type":"string"}},
                    "d":{"type":"string","anyOf":[{"type":"string","description":"nested"}]},
                    "e":{"type":"integer","minimum":1,"default":0},
                    "f":{"x-kubernetes-preserve-unknown-fields":false},
                    "g":{"type":"string","enum":["a"],"default":"b"},
                    "h":{"x-kubernetes-int-or-string":true,"type":"string"}
                  }}}}"""), v);
        String all = String.join("\n", v);
        for (String expected : List.of(
                ": additionalProperties is not allowed at the root",
                ".properties.metadata: must not specify anything but type",
                ".properties.spec: additionalProperties: false is forbidden",
                ".properties.spec.properties.a: needs a type",
                ".properties.spec.properties.b: an array needs items",
                ".properties.spec.properties.c: properties and additionalProperties are mutually exclusive",
                ".properties.spec.properties.d.anyOf[0]: type is not allowed under anyOf",
                ".properties.spec.properties.d.anyOf[0]: description is not allowed under anyOf",
                ".properties.spec.properties.e: default 0 is below minimum 1",
                ".properties.spec.properties.f: x-kubernetes-preserve-unknown-fields must be true or absent",
                ".properties.spec.properties.g: default \"b\" is not in enum",
                ".properties.spec.properties.h: type must be empty with x-kubernetes-int-or-string")) {
            assertTrue(v.stream().anyMatch(s -> s.startsWith(expected)), "missing: " + expected + "\nin:\n" + all);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The apiserver's rules for an {@code openAPIV3Schema} of an apiextensions.k8s.io/v1 CRD
     * (structural schema plus the API validation of the keywords), as far as they apply to
     * hand-written schemas. See k8s.io/apiextensions-apiserver pkg/apiserver/schema/validation.go.
     */
    static final class Structural {
        private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");
        private static final Set<String> FORBIDDEN_KEYWORDS = Set.of(
                "$schema",
                "$ref",
                "id",
                "definitions",
                "dependencies",
                "additionalItems",
                "patternProperties",
                "const",
                "$defs",
                "if",
                "then",
                "else",
                "examples",
                "readOnly",
                "writeOnly",
                "contains");
        private static final Set<String> NOT_UNDER_JUNCTORS = Set.of(
                "description",
                "title",
                "default",
                "additionalProperties",
                "nullable",
                "externalDocs",
                "x-kubernetes-preserve-unknown-fields",
                "x-kubernetes-embedded-resource",
                "x-kubernetes-int-or-string",
                "x-kubernetes-list-type",
                "x-kubernetes-list-map-keys",
                "x-kubernetes-map-type",
                "x-kubernetes-validations");
        private static final List<String> JUNCTORS = List.of("allOf", "anyOf", "oneOf");

        static void check(JsonNode root, List<String> v) {
            node(root, "", true, v);
            if (root.has("additionalProperties")) {
                v.add(": additionalProperties is not allowed at the root");
            }
            if (!"object".equals(root.path("type").asText())) {
                v.add(": the root must have type object");
            }
            JsonNode props = root.path("properties");
            for (String typeMeta : List.of("apiVersion", "kind")) {
                if (props.has(typeMeta)
                        && !"string".equals(props.get(typeMeta).path("type").asText())) {
                    v.add(".properties." + typeMeta + ": must have type string");
                }
            }
            JsonNode metadata = props.path("metadata");
            if (metadata.isObject()) {
                List<String> extra = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : metadata.properties()) {
                    if (e.getKey().equals("properties")) {
                        e.getValue().fieldNames().forEachRemaining(n -> {
                            if (!n.equals("name") && !n.equals("generateName")) {
                                extra.add("properties." + n);
                            }
                        });
                    } else if (!e.getKey().equals("type")) {
                        extra.add(e.getKey());
                    }
                }
                if (!extra.isEmpty()) {
                    v.add(".properties.metadata: must not specify anything but type and properties "
                            + "name/generateName (found " + String.join(", ", extra) + ")");
                }
            }
        }

        private static void node(JsonNode s, String path, boolean needsType, List<String> v) {
            if (!s.isObject()) {
                v.add(path + ": a schema must be an object");
                return;
            }
            for (String keyword : FORBIDDEN_KEYWORDS) {
                if (s.has(keyword)) {
                    v.add(path + ": " + keyword + " is not allowed in a CRD schema");
                }
            }
            boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
            if (s.has("x-kubernetes-preserve-unknown-fields") && !preserve) {
                v.add(path + ": x-kubernetes-preserve-unknown-fields must be true or absent");
            }
            if (preserve && intOrString) {
                v.add(path
                        + ": x-kubernetes-preserve-unknown-fields and x-kubernetes-int-or-string exclude each other");
            }
            String type = s.path("type").asText("");
            if (intOrString) {
                if (!type.isEmpty()) {
                    v.add(path + ": type must be empty with x-kubernetes-int-or-string");
                }
            } else if (type.isEmpty() && needsType && !preserve) {
                v.add(path + ": needs a type (or x-kubernetes-preserve-unknown-fields / x-kubernetes-int-or-string)");
            }
            if (!type.isEmpty() && !TYPES.contains(type)) {
                v.add(path + ": unknown type " + type);
            }
            if (s.path("uniqueItems").asBoolean(false)) {
                v.add(path + ": uniqueItems: true is forbidden");
            }
            if (s.path("additionalProperties").isBoolean()
                    && !s.get("additionalProperties").asBoolean()) {
                v.add(path + ": additionalProperties: false is forbidden");
            }
            if (s.has("properties") && s.has("additionalProperties")) {
                v.add(path + ": properties and additionalProperties are mutually exclusive");
            }
            if (s.has("pattern")) {
                try {
                    Pattern.compile(s.get("pattern").asText());
                } catch (PatternSyntaxException e) {
                    v.add(path + ": pattern does not compile: " + e.getDescription());
                }
            }
            if ("array".equals(type) && !s.has("items")) {
                v.add(path + ": an array needs items");
            }
            if (s.has("items") && !s.get("items").isObject()) {
                v.add(path + ": items must be a single schema");
            }
            if (s.has("default")) {
                defaultValue(s, s.get("default"), path, v);
            }

            if (s.path("properties").isObject()) {
                for (Map.Entry<String, JsonNode> e : s.get("properties").properties()) {
                    node(e.getValue(), path + ".properties." + e.getKey(), true, v);
                }
            }
            if (s.path("additionalProperties").isObject()) {
                node(s.get("additionalProperties"), path + ".additionalProperties", true, v);
            }
            if (s.path("items").isObject()) {
                node(s.get("items"), path + ".items", true, v);
            }
            boolean intOrStringAnyOf =
                    intOrString && s.path("anyOf").equals(parse("[{\"type\":\"integer\"},{\"type\":\"string\"}]"));
            for (String junctor : JUNCTORS) {
                JsonNode list = s.path(junctor);
                for (int i = 0; i < list.size(); i++) {
                    if (!(junctor.equals("anyOf") && intOrStringAnyOf)) {
                        junctorChild(list.get(i), path + "." + junctor + "[" + i + "]", junctor, v);
                    }
                }
            }
            if (s.has("not")) {
                junctorChild(s.get("not"), path + ".not", "not", v);
            }
        }

        private static void junctorChild(JsonNode s, String path, String junctor, List<String> v) {
            if (s.has("type")) {
                v.add(path + ": type is not allowed under " + junctor);
            }
            for (String keyword : NOT_UNDER_JUNCTORS) {
                if (s.has(keyword)) {
                    v.add(path + ": " + keyword + " is not allowed under " + junctor);
                }
            }
            if (s.path("properties").has("metadata")) {
                v.add(path + ": metadata must not be specified in a nested context");
            }
        }

        /** The apiserver rejects a CRD whose defaults do not validate against their own schema. */
        private static void defaultValue(JsonNode s, JsonNode d, String path, List<String> v) {
            String type = s.path("type").asText("");
            boolean ok = switch (type) {
                case "string" -> d.isTextual();
                case "integer" -> d.isIntegralNumber();
                case "number" -> d.isNumber();
                case "boolean" -> d.isBoolean();
                case "object" -> d.isObject();
                case "array" -> d.isArray();
                default -> true;
            };
            if (!ok) {
                v.add(path + ": default " + d + " is not of type " + type);
            }
            if (s.has("enum")) {
                boolean found = false;
                for (JsonNode e : s.get("enum")) {
                    found |= e.equals(JsonNumbers.NUMERIC_EQUALITY, d);
                }
                if (!found) {
                    v.add(path + ": default " + d + " is not in enum " + s.get("enum"));
                }
            }
            if (d.isNumber()
                    && s.has("minimum")
                    && d.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
                v.add(path + ": default " + d + " is below minimum " + s.get("minimum"));
            }
            if (d.isNumber()
                    && s.has("maximum")
                    && d.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0) {
                v.add(path + ": default " + d + " is above maximum " + s.get("maximum"));
            }
            if (d.isTextual()) {
                int length = d.asText().codePointCount(0, d.asText().length());
                if (s.has("minLength") && length < s.get("minLength").asInt()) {
                    v.add(path + ": default " + d + " is shorter than minLength");
                }
                if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
                    v.add(path + ": default " + d + " is longer than maxLength");
                }
                if (s.has("pattern")
                        && !Pattern.compile(s.get("pattern").asText())
                                .matcher(d.asText())
                                .find()) {
                    v.add(path + ": default " + d + " does not match pattern");
                }
            }
            if (path.equals(".properties.metadata") || path.startsWith(".properties.metadata.")) {
                v.add(path + ": default is not allowed in metadata");
            }
        }
    }
}
