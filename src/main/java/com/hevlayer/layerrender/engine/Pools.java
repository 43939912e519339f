package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.model.BuiltinPools;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pools step: the compute pools Pipelines choose from, read from InfraRules/default (or the
 * built-in pools when there is none), and the rules of an InfraRules document (exactly one, named
 * default, cluster-scoped, pools of a valid shape with distinct names).
 */
final class Pools {
    private Pools() {}

    static List<Pool> of(
            List<SourceDoc> infraRules, Supplier<DeploymentSchema> deploymentSchema, List<Problem> problems) {
        if (infraRules.isEmpty()) {
            return BuiltinPools.pools();
        }
        for (int i = 1; i < infraRules.size(); i++) {
            SourceDoc extra = infraRules.get(i);
            problems.add(Problem.error(
                    Code.INVALID_INFRA_RULES,
                    extra.positionOf(""),
                    ObjectRef.of(extra, null),
                    null,
                    "more than one InfraRules given (the first is at "
                            + infraRules.get(0).positionOf("") + "; a cluster has exactly one, InfraRules/default)"));
        }
        SourceDoc doc = infraRules.get(0);
        ObjectRef ref = ObjectRef.of(doc, null);
        if (!"default".equals(doc.name())) {
            problems.add(Problem.error(
                    Code.INVALID_INFRA_RULES,
                    doc.positionOf(doc.name() == null ? "/metadata" : "/metadata/name"),
                    ref,
                    "metadata.name",
                    (doc.name() == null ? "required field is missing" : "must be \"default\"")
                            + " (layer-render reads InfraRules/default only)"));
        }
        if (doc.root().path("metadata").has("namespace")) {
            problems.add(Problem.error(
                    Code.INVALID_INFRA_RULES,
                    doc.positionOf("/metadata/namespace"),
                    ref,
                    "metadata.namespace",
                    "InfraRules is cluster-scoped (remove metadata.namespace)"));
        }
        List<Pool> pools = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        JsonNode list = doc.root().path("spec").path("computePools");
        for (int i = 0; i < list.size(); i++) {
            if (!Rules.poolShape(doc, ref, i, deploymentSchema, problems)) {
                continue; // tolerations or resources Kubernetes would refuse; reported
            }
            Pool p = Decode.pool(list.get(i));
            Integer first = names.putIfAbsent(p.name(), i);
            if (first != null) {
                problems.add(Problem.error(
                        Code.INVALID_INFRA_RULES,
                        doc.positionOf("/spec/computePools/" + i + "/name"),
                        ref,
                        "spec.computePools[" + i + "].name",
                        "duplicate pool name \"" + p.name() + "\" (computePools["
                                + first + "] has it already) "
                                + Rules.rule(
                                        "a Pipeline's scaling.pool must name one pool",
                                        "give each pool its own name")));
            }
            pools.add(p);
        }
        return pools;
    }

    /** For an InfraRules that failed its schema check: the pools' own rules still run where the pool is intact. */
    static void checkIntactPools(
            SourceDoc doc,
            Set<String> errorPointers,
            Supplier<DeploymentSchema> deploymentSchema,
            List<Problem> problems) {
        JsonNode list = doc.root().path("spec").path("computePools");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            String base = "/spec/computePools/" + i;
            if (Engine.intact(
                    errorPointers,
                    List.of(base + "/tolerations", base + "/resources", base + "/maxReplicasPerWorkload"))) {
                Rules.poolShape(doc, ObjectRef.of(doc, null), i, deploymentSchema, problems);
            }
        }
    }
}
