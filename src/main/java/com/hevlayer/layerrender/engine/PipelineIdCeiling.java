package com.hevlayer.layerrender.engine;

import com.hevlayer.layerrender.settings.GatewaySettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's ceiling on distinct {@code pipeline_id} label values (issue 15). The gateway exports
 * {@code layer_pipeline_stage_count} for at most {@link #LIMIT} distinct ids, shared with UDF ids and
 * never freed; every later id is exported as {@code pipeline_id="other"} (hev/layer
 * {@code apps/layer-gateway/src/metrics.rs}: {@code PIPELINE_LABEL_CAP = 50}, {@code LabelLimiter::cap}).
 * A Pipeline whose id is beyond it reads {@code or vector(0)} forever and never scales up. The gateway
 * admits ids in the order it first sees them; layer-render cannot know that order, so it names the
 * first id beyond the limit in its own order and says how many are affected.
 */
public final class PipelineIdCeiling {
    /** The gateway's {@code PIPELINE_LABEL_CAP}. */
    public static final int LIMIT = 50;

    private PipelineIdCeiling() {}

    /** The distinct ids in order, and the first one beyond the limit (null when all fit). */
    public record Count(Set<String> distinct, String firstBeyond) {
        public boolean exceeded() {
            return firstBeyond != null;
        }

        /** The ids beyond the limit, in order. */
        public List<String> beyond() {
            return distinct.stream().skip(LIMIT).toList();
        }
    }

    public static Count count(List<String> idsInOrder) {
        Set<String> distinct = new LinkedHashSet<>(idsInOrder);
        String first = distinct.size() > LIMIT
                ? distinct.stream().skip(LIMIT).findFirst().orElseThrow()
                : null;
        return new Count(distinct, first);
    }

    /** Whether the settings make KEDA read the gateway's labelled metric (the status API has no such limit). */
    public static boolean applies(GatewaySettings settings) {
        return !settings.pipelineStatusSignal();
    }

    /**
     * The warning's text.
     *
     * @param scope "this run" or "the cluster"
     */
    public static String message(String pipelineId, int distinct, String scope) {
        return "pipelineId \"" + pipelineId + "\" is the " + (LIMIT + 1) + "st distinct pipelineId of " + scope
                + " (" + distinct + " in all); the gateway exports"
                + " layer_pipeline_stage_count for at most " + LIMIT + " distinct pipeline_id values (shared with"
                + " UDF ids, never freed) and every later id as \"other\" (hev/layer"
                + " apps/layer-gateway/src/metrics.rs, PIPELINE_LABEL_CAP = " + LIMIT + "), so the query of "
                + (distinct - LIMIT) + " of these Pipelines reads 0 and their workers never scale up; fix: scale"
                + " on the gateway's pipeline status API instead (scaling-signal pipeline-status: --scaling-signal,"
                + " SCALING_SIGNAL), which has no such limit, or use fewer pipelineIds";
    }
}
