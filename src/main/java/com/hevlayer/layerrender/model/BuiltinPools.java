package com.hevlayer.layerrender.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stock Helm pools, used when the input holds no InfraRules (SPEC §1). */
public final class BuiltinPools {
    private BuiltinPools() {}

    public static List<Pool> pools() {
        Map<String, String> cpuSelector =
                ordered("layer.hev.dev/node-role", "worker-cpu", "layer.hev.dev/compute", "cpu");
        Map<String, String> gpuSelector =
                ordered("layer.hev.dev/node-role", "worker-gpu", "layer.hev.dev/compute", "gpu");
        List<Toleration> cpuTolerations = List.of(equal("layer.hev.dev/node-role", "worker-cpu"));
        List<Toleration> gpuTolerations = List.of(
                equal("layer.hev.dev/node-role", "worker-gpu"),
                new TolerationBuilder()
                        .withKey("nvidia.com/gpu")
                        .withOperator("Exists")
                        .withEffect("NoSchedule")
                        .build());
        return List.of(
                new Pool(
                        "cpu",
                        "cpu",
                        null,
                        cpuSelector,
                        cpuTolerations,
                        quantities("cpu", "1", "memory", "2Gi"),
                        quantities("cpu", "2", "memory", "4Gi"),
                        32),
                new Pool(
                        "cpu-large",
                        "cpu",
                        null,
                        cpuSelector,
                        cpuTolerations,
                        quantities("cpu", "1", "memory", "2Gi", "ephemeral-storage", "35Gi"),
                        quantities("cpu", "4", "memory", "4Gi", "ephemeral-storage", "40Gi"),
                        8),
                new Pool(
                        "gpu",
                        "gpu",
                        null,
                        gpuSelector,
                        gpuTolerations,
                        quantities("cpu", "250m", "memory", "4Gi", "nvidia.com/gpu", "1"),
                        quantities("cpu", "2", "memory", "10Gi", "nvidia.com/gpu", "1"),
                        4));
    }

    private static Toleration equal(String key, String value) {
        return new TolerationBuilder()
                .withKey(key)
                .withOperator("Equal")
                .withValue(value)
                .withEffect("NoSchedule")
                .build();
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Quantity> quantities(String... kv) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], new Quantity(kv[i + 1]));
        }
        return m;
    }
}
