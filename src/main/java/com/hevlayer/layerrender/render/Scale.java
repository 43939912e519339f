package com.hevlayer.layerrender.render;

import com.hevlayer.layerrender.model.Pipeline;

/**
 * How many replicas a Pipeline's Deployment declares and whether KEDA objects exist.
 * This is the replica table of SPEC §3.2, and the only place that decides it.
 *
 * @param replicas the Deployment's spec.replicas; null when KEDA's HPA owns it (omitted from output)
 * @param autoscaled whether a ScaledObject and TriggerAuthentication are rendered
 */
public record Scale(Integer replicas, boolean autoscaled) {

    public static Scale of(Pipeline p) {
        if (p.paused()) {
            return new Scale(0, false); // paused scales to zero, whatever the mode
        }
        switch (p.mode()) {
            case DISABLED:
                return new Scale(0, false);
            case FIXED:
                return new Scale(p.minReplicas(), false);
            case AUTOSCALE:
            default:
                return new Scale(null, true); // omitted: KEDA's HPA owns replicas, no GitOps diff fight
        }
    }
}
