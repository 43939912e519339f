package com.hevlayer.layerrender.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compute pool of InfraRules/default.
 *
 * @param nodeSelector node labels, in the order written
 * @param requests     resource requests, in the order written
 * @param limits       resource limits, in the order written
 */
public record Pool(
        String name,
        String kind,
        String gpuType,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Map<String, Quantity> requests,
        Map<String, Quantity> limits,
        int maxReplicasPerWorkload) {

    public Pool {
        nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        tolerations = List.copyOf(tolerations);
        requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
        limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }
}
