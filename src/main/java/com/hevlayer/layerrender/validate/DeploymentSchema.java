package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Locale;

/**
 * The upstream Kubernetes v1.31 apps/v1 Deployment schema (standalone-strict, from kubeconform's
 * registry), used to check that a podSpec patch leaves a valid PodSpec. Its unversioned
 * {@code $schema} IRI is read as Draft 4, as kubeconform does.
 */
public final class DeploymentSchema {
    public static final String RESOURCE = "/upstream-schemas/kubernetes/v1.31.0-standalone-strict/deployment-apps-v1.json";
    private static final String UNVERSIONED_DRAFT = "http://json-schema.org/schema#";

    private final Schema schema;

    public DeploymentSchema() {
        Dialect draft4 = Dialect.builder(UNVERSIONED_DRAFT, Dialects.getDraft4()).build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .locale(Locale.ENGLISH)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
                b -> b.dialectRegistry(new DefaultDialectRegistry(draft4)).schemaRegistryConfig(config));
        try (InputStream in = DeploymentSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            schema = registry.getSchema(new ObjectMapper().readTree(in));
            schema.initializeValidators();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Findings as (JSON pointer inside the Deployment, message). */
    public List<String[]> validate(JsonNode deployment) {
        List<String[]> out = new ArrayList<>();
        for (Error e : schema.validate(deployment)) {
            String pointer = e.getInstanceLocation().toString();
            String msg = e.getMessage();
            if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
                pointer = pointer + "/" + e.getProperty();
                msg = "unknown field";
            }
            out.add(new String[] {pointer, msg});
        }
        return out;
    }
}
