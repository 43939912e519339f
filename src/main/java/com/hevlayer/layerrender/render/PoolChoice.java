package com.hevlayer.layerrender.render;

import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DidYouMean;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns SPEC §3.1, which pool a Pipeline runs on: {@code scaling.pool}; else the pool named like its
 * computeClass; else the first pool of that kind. Also owns the refusals of that choice (no pools,
 * an unknown pool, no pool for the class, a class that contradicts the chosen pool). Pure.
 */
public final class PoolChoice {
    private PoolChoice() {}

    /**
     * Why the choice failed or is wrong.
     *
     * @param pointer JSON pointer into the Pipeline where the user should look
     * @param field   the dotted field the refusal is about
     */
    public record Refusal(Code code, String pointer, String field, String message) {}

    /**
     * @param pool     the chosen pool, or null when there is none
     * @param refusals what is wrong with the choice; a chosen pool can come with a refusal (a contradicting class)
     */
    public record Choice(Pool pool, List<Refusal> refusals) {
        public Choice {
            refusals = List.copyOf(refusals);
        }
    }

    public static Choice choose(Pipeline p, List<Pool> pools) {
        List<String> names = new ArrayList<>();
        for (Pool pool : pools) {
            names.add(pool.name());
        }
        if (pools.isEmpty()) {
            return refused(new Refusal(
                    Code.NO_COMPUTE_POOLS,
                    p.pool() != null ? "/spec/scaling/pool" : "/spec/worker",
                    p.pool() != null ? "spec.scaling.pool" : "spec.worker.computeClass",
                    "no compute pool to run on: InfraRules/default defines no computePools (add the cluster's pools"
                            + " there, or give no InfraRules to use the built-in pools)"));
        }
        Pool chosen = null;
        if (p.pool() != null) {
            for (Pool pool : pools) {
                if (pool.name().equals(p.pool())) {
                    chosen = pool;
                }
            }
            if (chosen == null) {
                String guess = DidYouMean.suggest(p.pool(), names);
                return refused(new Refusal(
                        Code.UNKNOWN_POOL,
                        "/spec/scaling/pool",
                        "spec.scaling.pool",
                        "unknown pool \"" + p.pool() + "\" ("
                                + (guess != null ? "did you mean \"" + guess + "\"? " : "") + "known pools: "
                                + String.join(", ", names) + ")"));
            }
        } else {
            String cls = p.computeClass();
            for (Pool pool : pools) {
                if (pool.name().equals(cls)) {
                    chosen = pool;
                    break;
                }
            }
            if (chosen == null) {
                for (Pool pool : pools) {
                    if (pool.kind().equals(cls)) {
                        chosen = pool;
                        break;
                    }
                }
            }
            if (chosen == null) {
                String pointer = p.explicitComputeClass() != null ? "/spec/worker/computeClass" : "/spec/worker";
                return refused(new Refusal(
                        Code.NO_MATCHING_POOL,
                        pointer,
                        "spec.worker.computeClass",
                        "no pool for computeClass \"" + cls + "\": no pool is named " + cls + " or has kind " + cls
                                + " (set spec.scaling.pool to one of: " + String.join(", ", names) + ")"));
            }
        }
        // cpu is the CRD's default: the API server writes it into every stored Pipeline that does not
        // say, so it cannot contradict a pool; only an explicit other class can
        String cls = p.explicitComputeClass();
        if (cls != null && !cls.equals(Pipeline.DEFAULT_COMPUTE_CLASS) && !cls.equals(chosen.kind())) {
            return new Choice(
                    chosen,
                    List.of(new Refusal(
                            Code.COMPUTE_CLASS_MISMATCH,
                            "/spec/worker/computeClass",
                            "spec.worker.computeClass",
                            "\"" + cls + "\" contradicts pool \"" + chosen.name() + "\" of kind \""
                                    + chosen.kind() + "\" (layer-render rule: a " + cls + " worker on a "
                                    + chosen.kind()
                                    + " pool would not get the hardware it asks for; choose a " + cls
                                    + " pool in spec.scaling.pool, or drop computeClass)")));
        }
        return new Choice(chosen, List.of());
    }

    private static Choice refused(Refusal refusal) {
        return new Choice(null, List.of(refusal));
    }
}
