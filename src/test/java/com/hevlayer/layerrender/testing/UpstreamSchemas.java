package com.hevlayer.layerrender.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.util.Lazy;
import com.hevlayer.layerrender.validate.StrictSchema;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Validates rendered Kubernetes objects against real, unmodified upstream schemas kept under
 * {@code src/test/resources/upstream-schemas/} (see the README there for provenance and hashes).
 *
 * <ul>
 *   <li>{@code apps/v1} Deployment: yannh/kubernetes-json-schema v1.31.0 standalone-strict (JSON Schema,
 *       validated as Draft 4 like kubeconform does).
 *   <li>{@code v1} Service: the same repository's v1.31.0 standalone-strict {@code service-v1.json}.
 *   <li>What {@code deploy/} holds besides its Deployment: {@code v1} Namespace and ServiceAccount,
 *       {@code rbac.authorization.k8s.io/v1} ClusterRole, ClusterRoleBinding, Role and RoleBinding,
 *       {@code apiextensions.k8s.io/v1} CustomResourceDefinition: the same repository's v1.31.0
 *       standalone-strict files (the CRD schema stops at {@code openAPIV3Schema: object}: the structural
 *       rules an API server applies to a CRD's own schema are not in it).
 *   <li>{@code keda.sh/v1alpha1} ScaledObject / TriggerAuthentication: {@code openAPIV3Schema} of the KEDA
 *       v2.20.2 CRDs, made strict in memory (unknown fields fail, as with {@code kubectl apply
 *       --validate=strict}), plus a hand-written check of the CRD's CEL rule.
 * </ul>
 *
 * Each schema is loaded and compiled once, lazily and thread-safely; {@link #validate} may be called
 * concurrently.
 */
public final class UpstreamSchemas {

    /** Classpath folder holding the copied upstream files. */
    public static final String RESOURCE_ROOT = "/upstream-schemas/";

    public static final String KUBERNETES_DEPLOYMENT = "kubernetes/v1.31.0-standalone-strict/deployment-apps-v1.json";
    public static final String KUBERNETES_SERVICE = "kubernetes/v1.31.0-standalone-strict/service-v1.json";
    public static final String KUBERNETES_NAMESPACE = "kubernetes/v1.31.0-standalone-strict/namespace-v1.json";
    public static final String KUBERNETES_SERVICE_ACCOUNT =
            "kubernetes/v1.31.0-standalone-strict/serviceaccount-v1.json";
    public static final String KUBERNETES_CLUSTER_ROLE =
            "kubernetes/v1.31.0-standalone-strict/clusterrole-rbac-v1.json";
    public static final String KUBERNETES_CLUSTER_ROLE_BINDING =
            "kubernetes/v1.31.0-standalone-strict/clusterrolebinding-rbac-v1.json";
    public static final String KUBERNETES_ROLE = "kubernetes/v1.31.0-standalone-strict/role-rbac-v1.json";
    public static final String KUBERNETES_ROLE_BINDING =
            "kubernetes/v1.31.0-standalone-strict/rolebinding-rbac-v1.json";
    public static final String KUBERNETES_CUSTOM_RESOURCE_DEFINITION =
            "kubernetes/v1.31.0-standalone-strict/customresourcedefinition-apiextensions-v1.json";

    /**
     * The plain yannh schemas, keyed by {@code "apiVersion kind"}: each compiled on first use. The map itself
     * is immutable; the values are thread-safe {@link Lazy} holders.
     */
    private static final Map<String, Lazy<Schema>> KUBERNETES = kubernetesSchemas();

    public static final String KEDA_SCALED_OBJECT_CRD = "keda/v2.20.2/keda.sh_scaledobjects.yaml";
    public static final String KEDA_TRIGGER_AUTHENTICATION_CRD = "keda/v2.20.2/keda.sh_triggerauthentications.yaml";

    /**
     * The yannh schemas declare {@code "$schema": "http://json-schema.org/schema#"}, an unversioned IRI that
     * networknt does not know (it fails with "Failed to load dialect"). kubeconform compiles these files with
     * Draft 4 as default draft, so that IRI is registered here as an alias of the Draft 4 dialect. The file
     * itself is not modified.
     */
    static final String KUBERNETES_UNVERSIONED_DIALECT_ID = "http://json-schema.org/schema#";

    /**
     * The CEL rules ({@code x-kubernetes-validations}) of the CRDs that are re-implemented by hand in
     * {@link #checkScaledObjectCel}; keyed by JSON pointer of the schema node inside {@code openAPIV3Schema}.
     * If a newer CRD adds or changes a rule, loading fails loudly instead of silently ignoring it.
     */
    private static final String SCALED_OBJECT_REPLICA_RULE =
            "!has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount)"
                    + " ? self.maxReplicaCount : 100)";

    private static final Map<String, String> SCALED_OBJECT_CEL_RULES = Map.of("/spec", SCALED_OBJECT_REPLICA_RULE);
    private static final Map<String, String> TRIGGER_AUTHENTICATION_CEL_RULES = Map.of();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Lazy<SchemaRegistry> REGISTRY = Lazy.of(UpstreamSchemas::newRegistry);

    private static Map<String, Lazy<Schema>> kubernetesSchemas() {
        Map<String, Lazy<Schema>> m = new LinkedHashMap<>();
        m.put("apps/v1 Deployment", kubernetes(KUBERNETES_DEPLOYMENT));
        m.put("v1 Service", kubernetes(KUBERNETES_SERVICE));
        m.put("v1 Namespace", kubernetes(KUBERNETES_NAMESPACE));
        m.put("v1 ServiceAccount", kubernetes(KUBERNETES_SERVICE_ACCOUNT));
        m.put("rbac.authorization.k8s.io/v1 ClusterRole", kubernetes(KUBERNETES_CLUSTER_ROLE));
        m.put("rbac.authorization.k8s.io/v1 ClusterRoleBinding", kubernetes(KUBERNETES_CLUSTER_ROLE_BINDING));
        m.put("rbac.authorization.k8s.io/v1 Role", kubernetes(KUBERNETES_ROLE));
        m.put("rbac.authorization.k8s.io/v1 RoleBinding", kubernetes(KUBERNETES_ROLE_BINDING));
        m.put("apiextensions.k8s.io/v1 CustomResourceDefinition", kubernetes(KUBERNETES_CUSTOM_RESOURCE_DEFINITION));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Lazy<Schema> kubernetes(String resource) {
        return Lazy.of(() -> compile(readJson(resource)));
    }

    /** Every {@code "apiVersion kind"} with a schema here, in a stable order. */
    public static List<String> knownKinds() {
        List<String> known = new ArrayList<>(KUBERNETES.keySet());
        known.add("keda.sh/v1alpha1 ScaledObject");
        known.add("keda.sh/v1alpha1 TriggerAuthentication");
        return known;
    }

    private static final Lazy<Schema> SCALED_OBJECT =
            Lazy.of(() -> compile(strictCrdSchema(KEDA_SCALED_OBJECT_CRD, "ScaledObject", SCALED_OBJECT_CEL_RULES)));

    private static final Lazy<Schema> TRIGGER_AUTHENTICATION = Lazy.of(() -> compile(strictCrdSchema(
            KEDA_TRIGGER_AUTHENTICATION_CRD, "TriggerAuthentication", TRIGGER_AUTHENTICATION_CEL_RULES)));

    private UpstreamSchemas() {}

    /**
     * Validates one Kubernetes object. Returns an empty list if it is valid; otherwise one string per error,
     * each starting with the instance location as a JSON pointer ({@code (root)} for the object itself).
     * An apiVersion/kind without a known schema yields a single error.
     */
    public static List<String> validate(JsonNode object) {
        if (object == null || !object.isObject()) {
            return List.of("(root): no upstream schema: expected a Kubernetes object, got "
                    + (object == null ? "null" : object.getNodeType()));
        }
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String gvk = apiVersion + " " + kind;
        Lazy<Schema> kubernetes = KUBERNETES.get(gvk);
        if (kubernetes != null) {
            return run(kubernetes.get(), object);
        }
        switch (gvk) {
            case "keda.sh/v1alpha1 ScaledObject": {
                List<String> errors = run(SCALED_OBJECT.get(), object);
                checkScaledObjectCel(object, errors);
                return errors;
            }
            case "keda.sh/v1alpha1 TriggerAuthentication":
                return run(TRIGGER_AUTHENTICATION.get(), object);
            default:
                return List.of("(root): no upstream schema for apiVersion '" + apiVersion + "' kind '" + kind
                        + "' (known: " + String.join(", ", knownKinds()) + ")");
        }
    }

    /** Throws an {@link AssertionError} listing every error, with the object's kind and name. */
    public static void assertValid(JsonNode object) {
        List<String> errors = validate(object);
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(describe(object))
                .append(" is not valid against its upstream schema (")
                .append(errors.size())
                .append(errors.size() == 1 ? " error" : " errors")
                .append("):");
        for (String e : errors) {
            sb.append("\n  - ").append(e);
        }
        throw new AssertionError(sb.toString());
    }

    private static String describe(JsonNode object) {
        if (object == null || !object.isObject()) {
            return "object";
        }
        JsonNode meta = object.path("metadata");
        String ns = meta.path("namespace").asText("");
        String name = meta.path("name").asText("<unnamed>");
        return object.path("apiVersion").asText("?") + " " + object.path("kind").asText("?") + " "
                + (ns.isEmpty() ? "" : ns + "/") + name;
    }

    // ---------------------------------------------------------------------------------------------------------
    // JSON Schema

    private static SchemaRegistry newRegistry() {
        Dialect kubernetesDraft4 = Dialect.builder(KUBERNETES_UNVERSIONED_DIALECT_ID, Dialects.getDraft4())
                .build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .locale(Locale.ENGLISH) // deterministic messages whatever the JVM's default locale
                .pathType(PathType.JSON_POINTER)
                .build();
        // Default dialect Draft 4 (documents without $schema, i.e. the KEDA openAPIV3Schema); the unversioned
        // IRI used by the Kubernetes schemas is an alias of Draft 4.
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_4,
                builder -> builder.dialectRegistry(new DefaultDialectRegistry(kubernetesDraft4))
                        .schemaRegistryConfig(config));
    }

    private static Schema compile(JsonNode schemaNode) {
        Schema schema = REGISTRY.get().getSchema(schemaNode);
        schema.initializeValidators(); // compile everything now, not on first use from several threads
        return schema;
    }

    private static List<String> run(Schema schema, JsonNode object) {
        List<Error> found = schema.validate(object);
        List<String> errors = new ArrayList<>(found.size());
        for (Error e : found) {
            errors.add(location(e.getInstanceLocation().toString()) + ": " + e.getMessage());
        }
        return errors;
    }

    private static String location(String pointer) {
        return pointer.isEmpty() ? "(root)" : pointer;
    }

    // ---------------------------------------------------------------------------------------------------------
    // CRD handling

    /**
     * Extracts {@code spec.versions[0].schema.openAPIV3Schema} (version v1alpha1) of a CRD and makes it strict:
     * every object schema with {@code properties} and neither {@code additionalProperties} nor
     * {@code x-kubernetes-preserve-unknown-fields: true} gets {@code additionalProperties: false}.
     */
    static JsonNode strictCrdSchema(String resource, String expectedKind, Map<String, String> expectedCelRules) {
        JsonNode crd = readYaml(resource);
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())
                || !expectedKind.equals(
                        crd.path("spec").path("names").path("kind").asText())) {
            throw new IllegalStateException(resource + " is not the CRD of " + expectedKind);
        }
        JsonNode version = crd.path("spec").path("versions").path(0);
        if (!"v1alpha1".equals(version.path("name").asText())) {
            throw new IllegalStateException(resource + ": spec.versions[0] is not v1alpha1");
        }
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        if (!schema.isObject()) {
            throw new IllegalStateException(resource + ": no spec.versions[0].schema.openAPIV3Schema");
        }
        ObjectNode copy = StrictSchema.of(schema); // the same derivation layer-render uses for its own kinds

        Map<String, String> celRules = new LinkedHashMap<>();
        collectCelRules(schema, "", celRules);
        if (!celRules.equals(expectedCelRules)) {
            throw new IllegalStateException(resource + ": x-kubernetes-validations " + celRules
                    + " differ from the CEL rules implemented by hand " + expectedCelRules);
        }
        return copy;
    }

    /** Gathers the CEL rules ({@code x-kubernetes-validations}) at the structural positions of a schema. */
    private static void collectCelRules(JsonNode schema, String pointer, Map<String, String> celRules) {
        for (JsonNode v : schema.path("x-kubernetes-validations")) {
            celRules.merge(pointer, v.path("rule").asText(), (a, b) -> a + " && " + b);
        }
        for (Map.Entry<String, JsonNode> field : schema.path("properties").properties()) {
            collectCelRules(field.getValue(), Pointer.child(pointer, field.getKey()), celRules);
        }
        if (schema.path("items").isObject()) {
            collectCelRules(schema.get("items"), pointer + "/*", celRules);
        }
        if (schema.path("additionalProperties").isObject()) {
            collectCelRules(schema.get("additionalProperties"), pointer + "/*", celRules);
        }
    }

    /**
     * The ScaledObject CRD's CEL rule on {@code spec} (JSON Schema cannot express it):
     * {@code !has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount) ? self.maxReplicaCount : 100)}.
     * Only evaluated when the fields are integers (type errors are already reported by the schema).
     */
    private static void checkScaledObjectCel(JsonNode object, List<String> errors) {
        JsonNode spec = object.path("spec");
        JsonNode min = spec.get("minReplicaCount");
        JsonNode max = spec.get("maxReplicaCount");
        if (min == null || !min.isIntegralNumber()) {
            return;
        }
        long maxValue;
        if (max == null) {
            maxValue = 100; // the rule's default when maxReplicaCount is not set
        } else if (max.isIntegralNumber()) {
            maxValue = max.longValue();
        } else {
            return;
        }
        if (min.longValue() > maxValue) {
            errors.add("/spec: minReplicaCount must be less than or equal to maxReplicaCount (minReplicaCount "
                    + min.longValue() + ", maxReplicaCount " + (max == null ? "unset, default 100" : maxValue)
                    + "; CRD x-kubernetes-validations rule)");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // resources

    static byte[] readResource(String relative) {
        String path = RESOURCE_ROOT + relative;
        try (InputStream in = UpstreamSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test resource not found on the classpath: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static JsonNode readJson(String relative) {
        try {
            return MAPPER.readTree(readResource(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + relative, e);
        }
    }

    private static JsonNode readYaml(String relative) {
        Load load = new Load(LoadSettings.builder().setLabel(relative).build());
        Object document = load.loadFromString(new String(readResource(relative), StandardCharsets.UTF_8));
        return MAPPER.valueToTree(document);
    }
}
