package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlLoader;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSpecPatchTest {
    static final Toleration NO_EXECUTE = new TolerationBuilder()
            .withKey("spot")
            .withOperator("Exists")
            .withEffect("NoExecute")
            .withTolerationSeconds(600L)
            .build();
    static final Pool POOL = new Pool("spot", "cpu", null, Map.of(), List.of(NO_EXECUTE), Map.of(), Map.of(), 4);

    static ObjectNode patch(String yaml) throws Exception {
        return (ObjectNode)
                new YamlLoader(Limits.DEFAULT).load("p.yaml", yaml).get(0).root();
    }

    static PodSpec base() {
        return new PodSpecBuilder()
                .withContainers(new ContainerBuilder()
                        .withName("worker")
                        .withImage("img")
                        .build())
                .withTolerations(NO_EXECUTE)
                .build();
    }

    /**
     * Found by the property tests: a patch that lists the pool's toleration with tolerationSeconds,
     * exactly as the pool writes it, was refused as "removes the pool's toleration" because the
     * number read from YAML (an int) was compared with the model's (a long) as JSON trees.
     */
    @Test
    void aPatchThatRestatesATolerationWithSecondsKeepsIt() throws Exception {
        ObjectNode p = patch("tolerations:\n- {key: extra, operator: Exists}\n"
                + "- {effect: NoExecute, key: spot, operator: Exists, tolerationSeconds: 600}\n");
        PodSpecPatch.Outcome o = PodSpecPatch.apply(base(), p, POOL, List.of(), "img", PodSpecPatch.Validity.NONE);
        assertEquals(List.of(), o.violations());
        PodSpec written = Json.MAPPER.treeToValue(o.podSpec(), PodSpec.class);
        assertEquals(2, written.getTolerations().size());
        assertTrue(written.getTolerations().contains(NO_EXECUTE));
    }

    @Test
    void aPatchThatChangesTheSecondsStillRemovesThePoolsToleration() throws Exception {
        ObjectNode p =
                patch("tolerations:\n- {effect: NoExecute, key: spot, operator: Exists, tolerationSeconds: 60}\n");
        PodSpecPatch.Outcome o = PodSpecPatch.apply(base(), p, POOL, List.of(), "img", PodSpecPatch.Validity.NONE);
        assertEquals(1, o.violations().size());
        assertEquals("/spec/worker/podSpec/tolerations", o.violations().get(0).pointer());
        assertTrue(
                o.violations().get(0).message().startsWith("removes the pool's toleration"),
                o.violations().get(0).message());
    }

    /**
     * Found by the fuzzer: {@code containers} (or the worker's {@code env}) written as a mapping
     * instead of a list made the protected-field check throw a NullPointerException (exit 3,
     * "internal error") instead of reporting the patch.
     */
    @Test
    void containersOrEnvWrittenAsAMappingAreReportedNotCrashed() throws Exception {
        PodSpecPatch.Outcome o = PodSpecPatch.apply(
                base(), patch("containers:\n  values: [a, b]\n"), POOL, List.of(), "img", PodSpecPatch.Validity.NONE);
        assertEquals("/spec/worker/podSpec/containers", o.violations().get(0).pointer());
        assertTrue(
                o.violations().get(0).message().startsWith("removes the worker container"),
                o.violations().get(0).message());

        List<io.fabric8.kubernetes.api.model.EnvVar> env =
                List.of(new io.fabric8.kubernetes.api.model.EnvVar("HEVLAYER_PIPELINE_ID", "p", null));
        PodSpec withEnv = new PodSpecBuilder(base())
                .editFirstContainer()
                .withEnv(env)
                .endContainer()
                .build();
        o = PodSpecPatch.apply(
                withEnv,
                patch("containers:\n- name: worker\n  env: {a: 1}\n"),
                POOL,
                env,
                "img",
                PodSpecPatch.Validity.NONE);
        assertEquals(
                "/spec/worker/podSpec/containers/0/env", o.violations().get(0).pointer());
        assertTrue(
                o.violations().get(0).message().startsWith("removes the injected env variable HEVLAYER_PIPELINE_ID"),
                o.violations().get(0).message());
    }
}
