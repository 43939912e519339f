package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.Pool;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a podSpec patch may not do, and where the messages point, beyond the golden cases. */
class PodSpecProtectionTest {
    static final Pool SIZED = new Pool(
            "sized",
            "cpu",
            null,
            Map.of(),
            List.of(),
            Map.of("cpu", new Quantity("1")),
            Map.of("cpu", new Quantity("2")),
            4);

    static PodSpec base() {
        return new PodSpecBuilder()
                .withContainers(new ContainerBuilder()
                        .withName("worker")
                        .withImage("img")
                        .withResources(new ResourceRequirementsBuilder()
                                .withRequests(Map.of("cpu", new Quantity("1")))
                                .withLimits(Map.of("cpu", new Quantity("2")))
                                .build())
                        .build())
                .build();
    }

    static PodSpecPatch.Outcome apply(String yaml) throws Exception {
        return PodSpecPatch.apply(
                base(), PodSpecPatchTest.patch(yaml), SIZED, List.of(), "img", PodSpecPatch.Validity.NONE);
    }

    @Test
    void aChangedLimitIsReportedLikeAChangedRequest() throws Exception {
        PodSpecPatch.Outcome o = apply("containers:\n- name: worker\n  resources:\n    limits: {cpu: '3'}\n");
        assertEquals(1, o.violations().size(), o.violations().toString());
        assertEquals(
                new Violation(
                        "/spec/worker/podSpec/containers/0/resources/limits/cpu",
                        "changes the pool's limits cpu from 2 to 3 (layer-render rule: pool \"sized\" owns the worker's size; choose another pool for other sizes)"),
                o.violations().get(0));
        assertEquals(
                List.of(
                        new Violation(
                                "/spec/worker/podSpec/containers/0/resources/requests/cpu",
                                "changes the pool's requests cpu from 1 to 500m (layer-render rule: pool \"sized\" owns the worker's size; choose another pool for other sizes)")),
                apply("containers:\n- name: worker\n  resources:\n    requests: {cpu: 500m}\n")
                        .violations());
        assertEquals(
                List.of(),
                apply("containers:\n- name: worker\n  resources:\n    limits: {cpu: 2000m}\n")
                        .violations(),
                "the same quantity in another notation");
    }

    @Test
    void anUnknownDirectiveIsReportedWhereItIsWritten() throws Exception {
        PodSpecPatch.Outcome o = apply("securityContext:\n  $patch: merge\n");
        assertEquals(
                List.of(new Violation(
                        "/spec/worker/podSpec/securityContext/$patch",
                        "unknown directive $patch: \"merge\" (use replace or delete)")),
                o.violations());
    }

    @Test
    void aToleratonThatIsNotEvenATolerationDoesNotCountAsThePools() throws Exception {
        PodSpecPatch.Outcome o = PodSpecPatch.apply(
                PodSpecPatchTest.base(),
                PodSpecPatchTest.patch(
                        "tolerations:\n- {key: spot, operator: Exists, effect: NoExecute, tolerationSeconds: soon}\n"),
                PodSpecPatchTest.POOL,
                List.of(),
                "img",
                PodSpecPatch.Validity.NONE);
        assertEquals(1, o.violations().size());
        assertTrue(
                o.violations().get(0).message().startsWith("removes the pool's toleration {\"effect\":\"NoExecute\""),
                o.violations().get(0).message());
    }

    @Test
    void withoutTheSchemaCheckAnUnconvertiblePatchIsStillReportedOnOneLine() throws Exception {
        PodSpecPatch.Outcome o = apply("terminationGracePeriodSeconds: soon\n");
        assertEquals(1, o.violations().size());
        Violation v = o.violations().get(0);
        assertEquals("/spec/worker/podSpec", v.pointer());
        assertTrue(v.message().startsWith("the patched pod spec is not a valid PodSpec: "), v.message());
        assertFalse(v.message().contains("\n"), v.message());
        assertTrue(v.message().length() > "the patched pod spec is not a valid PodSpec: ".length(), v.message());
    }

    @Test
    void locateFindsThePatchsOwnTextForAMergedNode() throws Exception {
        ObjectNode patch = PodSpecPatchTest.patch(
                "containers:\n- name: sidecar\n  args: [a, b]\n- name: worker\n  env: [{name: X}]\n");
        JsonNode merged = PodSpecPatchTest.patch(
                "containers:\n- name: worker\n  env: [{name: A}, {name: X}]\n" + "- name: sidecar\n  args: [a, b]\n");
        assertEquals("/containers/1/env/0", StrategicMerge.locate(merged, patch, "/containers/0/env/1"));
        assertEquals(
                "/containers/1/env",
                StrategicMerge.locate(merged, patch, "/containers/0/env/0"),
                "A is not the patch's");
        assertEquals(
                "/containers/0/args/1",
                StrategicMerge.locate(merged, patch, "/containers/1/args/1"),
                "a plain list: by index");
        assertEquals(
                "/containers/0/args",
                StrategicMerge.locate(merged, patch, "/containers/1/args/5"),
                "past the patch's list");
        assertEquals("/containers", StrategicMerge.locate(merged, patch, "/containers/x"));
        assertEquals("", StrategicMerge.locate(merged, patch, "/nodeName"));
        assertEquals(
                "/containers/1",
                StrategicMerge.locate(merged, patch, "/containers/0/image"),
                "the worker item, not its image");
        assertEquals("", StrategicMerge.locate(merged, patch, ""));
    }
}
