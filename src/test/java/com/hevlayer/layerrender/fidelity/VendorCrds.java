package com.hevlayer.layerrender.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The hev layer project's real CRDs, as test data: {@code src/test/resources/vendor/hev-layer/}
 * (provenance, licence and hash in the README there). Read with snakeyaml-engine (already on the
 * classpath) into plain Jackson trees. Every accessor returns a fresh deep copy.
 */
public final class VendorCrds {
    /** Classpath location of the copied CRD file. */
    public static final String RESOURCE = "/vendor/hev-layer/hevlayer.com_crds.yaml";

    public static final String LICENSE_RESOURCE = "/vendor/hev-layer/LICENSE";
    public static final String SHA256 = "8b82bc192827b34641568552d66379243a124bfd3eaa389808601c7c9b50c990";

    public static final String GROUP = "hevlayer.com";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** The kinds layer-render reads, in the order the tests report them. */
    public static final List<String> KINDS = List.of("Pipeline", "InfraRules", "VectorStore");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every CRD in the file, by {@code spec.names.kind}, in file order. */
    private static final Map<String, ObjectNode> BY_KIND = load();

    private VendorCrds() {}

    /** The bytes of the copied file, exactly as stored. */
    public static byte[] bytes() {
        return resource(RESOURCE);
    }

    /** The kinds the vendor file defines (more than the three layer-render reads). */
    public static List<String> allKinds() {
        return new ArrayList<>(BY_KIND.keySet());
    }

    /** The whole CustomResourceDefinition object of {@code kind}. */
    public static ObjectNode crd(String kind) {
        ObjectNode crd = BY_KIND.get(kind);
        if (crd == null) {
            throw new IllegalArgumentException(
                    "the vendor CRD file has no kind " + kind + " (it has " + BY_KIND.keySet() + ")");
        }
        return crd.deepCopy();
    }

    /** {@code spec.versions[name=v1alpha1].schema.openAPIV3Schema} of {@code kind}. */
    public static ObjectNode schema(String kind) {
        return (ObjectNode) version(crd(kind)).path("schema").path("openAPIV3Schema");
    }

    /** Whether {@code kind} is namespaced ({@code spec.scope}). */
    public static boolean namespaced(String kind) {
        return "Namespaced".equals(crd(kind).path("spec").path("scope").asText());
    }

    /** Whether {@code kind} has the status subresource. */
    public static boolean hasStatusSubresource(String kind) {
        return version(crd(kind)).path("subresources").has("status");
    }

    static JsonNode version(JsonNode crd) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (VERSION.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new IllegalStateException(crd.path("metadata").path("name").asText() + " has no version " + VERSION);
    }

    private static Map<String, ObjectNode> load() {
        String text = new String(resource(RESOURCE), StandardCharsets.UTF_8);
        Load load = new Load(LoadSettings.builder().setLabel(RESOURCE).build());
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (Object doc : load.loadAllFromString(text)) {
            if (doc == null) {
                continue; // the file ends with a bare ---
            }
            JsonNode node = MAPPER.valueToTree(doc);
            if (!"CustomResourceDefinition".equals(node.path("kind").asText())) {
                throw new IllegalStateException(
                        RESOURCE + " holds a " + node.path("kind").asText() + ", not only CRDs");
            }
            out.put(node.path("spec").path("names").path("kind").asText(), (ObjectNode) node);
        }
        return Collections.unmodifiableMap(out);
    }

    static byte[] resource(String path) {
        try (InputStream in = VendorCrds.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test resource not found on the classpath: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
