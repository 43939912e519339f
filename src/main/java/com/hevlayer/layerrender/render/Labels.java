package com.hevlayer.layerrender.render;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels of everything rendered for one Pipeline (SPEC §3.3). */
public final class Labels {
    public static final String PIPELINE = "hevlayer.com/pipeline";

    private Labels() {}

    /** Every rendered object is called {@code <name>-worker}. */
    public static String objectName(String pipelineName) {
        return pipelineName + "-worker";
    }

    /** The labels on every object and on the pod template. Never app.kubernetes.io/instance: Argo CD tracks with it. */
    public static Map<String, String> of(String pipelineName, String pipelineId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("app.kubernetes.io/name", "pipeline-worker");
        m.put("app.kubernetes.io/component", "worker");
        m.put("app.kubernetes.io/part-of", "hevlayer");
        m.put("app.kubernetes.io/managed-by", "layer-render");
        m.put("layer.hev.dev/component", "worker");
        m.put("layer.hev.dev/pipeline-id", pipelineId);
        m.put(PIPELINE, pipelineName);
        return m;
    }

    /** The Deployment selector: the one label that never changes for a Pipeline. */
    public static Map<String, String> selector(String pipelineName) {
        return Map.of(PIPELINE, pipelineName);
    }
}
