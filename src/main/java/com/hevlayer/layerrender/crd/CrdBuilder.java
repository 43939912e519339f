package com.hevlayer.layerrender.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.schema.Schemas;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourcesBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code apiextensions.k8s.io/v1} CustomResourceDefinitions of the hevlayer.com kinds.
 *
 * <p>The {@code openAPIV3Schema} of each CRD is the kind's file in {@code schemas/} (the files are
 * written to be structural CRD schemas; the same files drive input validation and
 * docs/reference.md). Everything else (names,
 * scope, short names, printer columns) is decided here.
 */
public final class CrdBuilder {

    /** Labels carried by every CRD. */
    public static final Map<String, String> LABELS = labels();

    /** The category all hevlayer kinds belong to: {@code kubectl get hevlayer}. */
    public static final String CATEGORY = "hevlayer";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The Ready condition's status, as {@code kubectl get} shows it. */
    private static final String READY_STATUS = ".status.conditions[?(@.type==\"Ready\")].status";

    private static final String READY_REASON = ".status.conditions[?(@.type==\"Ready\")].reason";

    private CrdBuilder() {}

    /** The three CRDs, sorted by name. */
    public static List<CustomResourceDefinition> build() {
        return Arrays.stream(Kind.values())
                .map(CrdBuilder::build)
                .sorted(Comparator.comparing(crd -> crd.getMetadata().getName()))
                .toList();
    }

    /** The CRD of one kind. */
    public static CustomResourceDefinition build(Kind kind) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(name(kind))
                .withLabels(new LinkedHashMap<>(LABELS))
                .endMetadata()
                .withNewSpec()
                .withGroup(Kind.GROUP)
                .withNewNames()
                .withKind(kind.kind)
                .withListKind(kind.kind + "List")
                .withPlural(kind.plural)
                .withSingular(kind.singular)
                .withShortNames(shortNames(kind))
                .withCategories(CATEGORY)
                .endNames()
                .withScope(kind.namespaced ? "Namespaced" : "Cluster")
                .withVersions(new CustomResourceDefinitionVersionBuilder()
                        .withName(Kind.VERSION)
                        .withServed(true)
                        .withStorage(true)
                        .withNewSchema()
                        .withOpenAPIV3Schema(schema(kind))
                        .endSchema()
                        .withSubresources(
                                hasStatus(kind)
                                        ? new CustomResourceSubresourcesBuilder()
                                                .withNewStatus()
                                                .endStatus()
                                                .build()
                                        : null)
                        .withAdditionalPrinterColumns(printerColumns(kind))
                        .build())
                .endSpec()
                .build();
    }

    /** {@code <plural>.<group>}, e.g. {@code pipelines.hevlayer.com}. */
    public static String name(Kind kind) {
        return kind.plural + "." + Kind.GROUP;
    }

    /**
     * Short names for {@code kubectl get}. VectorStore deliberately avoids {@code vs}: Istio's
     * VirtualService owns that short name, and kubectl would resolve it to one of the two
     * depending on discovery order.
     */
    static List<String> shortNames(Kind kind) {
        return switch (kind) {
            case PIPELINE -> List.of("pl");
            case INFRA_RULES -> List.of("ir");
            case VECTOR_STORE -> List.of("vstore");
        };
    }

    /** A kind gets the status subresource when its schema declares a status. */
    static boolean hasStatus(Kind kind) {
        return Schemas.raw(kind).path("properties").has("status");
    }

    /**
     * The kind's schema file as {@link JSONSchemaProps}, unchanged. (The root {@code metadata}
     * schema may carry only {@code type: object}: the apiserver rejects anything else there, a
     * description included; the structural check in the tests guards that.) Fails loudly when the file uses
     * a keyword that a CRD schema cannot carry (the conversion would otherwise drop or alter it
     * silently).
     */
    public static JSONSchemaProps schema(Kind kind) {
        JsonNode raw = Schemas.raw(kind);
        JSONSchemaProps props;
        try {
            props = MAPPER.treeToValue(raw, JSONSchemaProps.class);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "schemas/" + kind.schemaFile + " is not a valid CRD openAPIV3Schema: " + e.getMessage(), e);
        }
        JsonNode back = MAPPER.valueToTree(props);
        if (!back.equals(JsonNumbers.NUMERIC_EQUALITY, raw)) {
            throw new IllegalStateException("schemas/" + kind.schemaFile
                    + " does not survive the conversion to a CRD openAPIV3Schema unchanged;"
                    + " it uses a keyword or value a CRD cannot carry");
        }
        return props;
    }

    static List<CustomResourceColumnDefinition> printerColumns(Kind kind) {
        return switch (kind) {
            case PIPELINE ->
                List.of(
                        column(
                                "Pipeline ID",
                                "string",
                                ".spec.pipelineId",
                                "Gateway queue the worker scales on (empty: the Pipeline's name)",
                                0),
                        column("Mode", "string", ".spec.scaling.mode", "autoscale, fixed or disabled", 0),
                        column(
                                "Pool",
                                "string",
                                ".spec.scaling.pool",
                                "Compute pool (empty: chosen from worker.computeClass)",
                                0),
                        column("Min", "integer", ".spec.scaling.replicas.min", "Lowest replica count", 0),
                        column("Max", "integer", ".spec.scaling.replicas.max", "Highest replica count", 0),
                        column("Paused", "boolean", ".spec.paused", "Scaled to zero whatever the mode", 0),
                        column("Ready", "string", READY_STATUS, "Status of the Ready condition", 0),
                        age(),
                        column("Reason", "string", READY_REASON, "Reason of the Ready condition", 1),
                        column("Class", "string", ".spec.worker.computeClass", "Worker compute class", 1),
                        column(
                                "Target",
                                "string",
                                ".spec.target.namespace",
                                "Turbopuffer namespace the pipeline writes",
                                1),
                        column("Image", "string", ".spec.worker.image", "Worker image", 1));
            // the vendor's columns first (Default, Kind, Region, Reachable; Pools, CacheNodes), then ours
            case VECTOR_STORE ->
                List.of(
                        column("Default", "boolean", ".spec.default", "The default store", 0),
                        column("Kind", "string", ".spec.kind", "The store's provider", 0),
                        column("Region", "string", ".spec.endpoint.region", "The store's region", 0),
                        column(
                                "Reachable",
                                "boolean",
                                ".status.reachable",
                                "Whether the operator reached the store",
                                0),
                        age(),
                        column(
                                "Secret",
                                "string",
                                ".spec.credential.secretRef.name",
                                "Secret holding the store's API key",
                                1),
                        column("Key", "string", ".spec.credential.secretRef.key", "Key within the Secret", 1),
                        column(
                                "Auth",
                                "string",
                                ".spec.inboundAuth.mode",
                                "How workers authenticate to the gateway",
                                1));
            // The apiserver shows only the first match of a printer column's jsonPath, so a list of
            // pool names is not expressible; the first pool alone would mislead.
            case INFRA_RULES ->
                List.of(
                        column(
                                "Pools",
                                "integer",
                                ".status.poolCount",
                                "Number of pools, as the operator counts them",
                                0),
                        column("CacheNodes", "string", ".status.documentCache.nodes", "Document cache nodes", 0),
                        age());
        };
    }

    private static CustomResourceColumnDefinition age() {
        return new CustomResourceColumnDefinitionBuilder()
                .withName("Age")
                .withType("date")
                .withJsonPath(".metadata.creationTimestamp")
                .build();
    }

    private static CustomResourceColumnDefinition column(
            String name, String type, String jsonPath, String description, int priority) {
        return new CustomResourceColumnDefinitionBuilder()
                .withName(name)
                .withType(type)
                .withJsonPath(jsonPath)
                .withDescription(description)
                .withPriority(priority == 0 ? null : priority)
                .build();
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/part-of", "hevlayer");
        labels.put("app.kubernetes.io/managed-by", "layer-render");
        return Collections.unmodifiableMap(labels);
    }
}
