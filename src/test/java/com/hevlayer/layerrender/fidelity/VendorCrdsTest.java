package com.hevlayer.layerrender.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The copied vendor CRD file is the pinned one, carries its licence, and reads as the three kinds. */
class VendorCrdsTest {

    @Test
    void theFileIsThePinnedCopy() throws Exception {
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(VendorCrds.bytes()));
        assertEquals(
                VendorCrds.SHA256,
                sha,
                VendorCrds.RESOURCE + " is not the pinned copy of hev/layer"
                        + " infra/helm/layer/crds/hevlayer.com_crds.yaml@812aeb0 (see the README next to it)");
    }

    @Test
    void theLicenceAndReadmeAreNextToIt() {
        String licence = new String(VendorCrds.resource(VendorCrds.LICENSE_RESOURCE), StandardCharsets.UTF_8);
        assertTrue(licence.startsWith("Business Source License 1.1"), "LICENSE is the BSL 1.1 text");
        String readme = new String(VendorCrds.resource("/vendor/hev-layer/README.md"), StandardCharsets.UTF_8);
        for (String must : List.of(
                "hev/layer",
                "infra/helm/layer/crds/hevlayer.com_crds.yaml",
                "812aeb09bcdca601f31804ada33d62043cb03dc1",
                VendorCrds.SHA256,
                "Business Source License 1.1")) {
            assertTrue(readme.contains(must), "README.md names " + must);
        }
    }

    @Test
    void theThreeKindsAreThere() {
        assertTrue(
                VendorCrds.allKinds().containsAll(VendorCrds.KINDS),
                VendorCrds.allKinds().toString());
        for (String kind : VendorCrds.KINDS) {
            JsonNode crd = VendorCrds.crd(kind);
            assertEquals("hevlayer.com", crd.path("spec").path("group").asText());
            JsonNode schema = VendorCrds.schema(kind);
            assertEquals("object", schema.path("type").asText());
            assertTrue(schema.path("properties").has("spec"), kind + " has spec");
            assertTrue(VendorCrds.hasStatusSubresource(kind), kind + " has the status subresource");
        }
        assertTrue(VendorCrds.namespaced("Pipeline"));
        assertTrue(VendorCrds.namespaced("VectorStore"));
        assertFalse(VendorCrds.namespaced("InfraRules"));
    }

    @Test
    void copiesAreIndependent() {
        VendorCrds.schema("Pipeline").remove("properties");
        assertTrue(VendorCrds.schema("Pipeline").has("properties"));
    }
}
