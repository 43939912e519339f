package com.hevlayer.layerrender.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the JSON Schemas of {@code schemas/} (packaged on the classpath under {@code /schemas}).
 * They are the single source of truth for input validation, the CRDs and docs/reference.md.
 */
public final class Schemas {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Schemas() {}

    /** The schema of a kind exactly as written in {@code schemas/} (a fresh copy each call). */
    public static JsonNode raw(Kind kind) {
        String resource = "/schemas/" + kind.schemaFile;
        try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the jar: " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
