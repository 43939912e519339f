package com.hevlayer.layerrender.schema;

import java.util.Optional;

/** The hevlayer.com kinds layer-render reads, each described by one file in {@code schemas/}. */
public enum Kind {
    PIPELINE("Pipeline", "pipelines", "pipeline", true, "pipeline.schema.json"),
    INFRA_RULES("InfraRules", "infrarules", "infrarules", false, "infrarules.schema.json"),
    VECTOR_STORE("VectorStore", "vectorstores", "vectorstore", true, "vectorstore.schema.json");

    public static final String GROUP = "hevlayer.com";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    public final String kind;
    public final String plural;
    public final String singular;
    public final boolean namespaced;
    public final String schemaFile;

    Kind(String kind, String plural, String singular, boolean namespaced, String schemaFile) {
        this.kind = kind;
        this.plural = plural;
        this.singular = singular;
        this.namespaced = namespaced;
        this.schemaFile = schemaFile;
    }

    /** The API group of an apiVersion ({@code ""} for the core group, {@code v1}, or none). */
    public static String group(String apiVersion) {
        return apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
    }

    public static Optional<Kind> byName(String kind) {
        for (Kind k : values()) {
            if (k.kind.equals(kind)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
