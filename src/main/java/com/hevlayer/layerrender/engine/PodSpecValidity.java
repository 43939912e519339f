package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.render.StrategicMerge;
import com.hevlayer.layerrender.render.Violation;
import com.hevlayer.layerrender.validate.ApiServerRules;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.Finding;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.PodSecurity;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pod-spec validity step: a worker pod must be one Kubernetes accepts (the upstream PodSpec
 * schema, the API server's own pod rules) at the platform's Pod Security Standards level. Owns
 * how a finding in the merged pod is traced back to the text of the Pipeline's patch.
 */
final class PodSpecValidity {
    private final Supplier<DeploymentSchema> deploymentSchema;

    PodSpecValidity(Supplier<DeploymentSchema> deploymentSchema) {
        this.deploymentSchema = deploymentSchema;
    }

    /**
     * The patched pod spec must be a valid Kubernetes PodSpec: it is checked, inside a Deployment,
     * against the upstream schema, and each finding points at the patch's own text where it wrote
     * the field.
     */
    List<Violation> ofPatch(ObjectNode merged, ObjectNode patch, PodSecurity.Level level) {
        ObjectNode deployment = JsonNodeFactory.instance.objectNode();
        deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "check");
        ObjectNode spec = deployment.putObject("spec");
        spec.putObject("selector");
        spec.putObject("template").set("spec", merged);
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Finding f : deploymentSchema.get().validate(deployment)) {
            if (!f.pointer().startsWith("/spec/template/spec")) {
                continue;
            }
            String inPod = f.pointer().substring("/spec/template/spec".length());
            String inPatch = StrategicMerge.locate(merged, patch, inPod);
            boolean exact = inPatch.split("/", -1).length == inPod.split("/", -1).length;
            String message = exact
                    ? f.message()
                    : "the patched pod spec is not a valid PodSpec at " + FieldPath.of(merged, inPod) + ": "
                            + f.message();
            if (seen.add(inPatch + message)) {
                out.add(new Violation("/spec/worker/podSpec" + inPatch, message));
            }
        }
        if (!out.isEmpty()) {
            return out; // the API server's own rules below assume a schema-valid pod spec
        }
        for (Finding f : ApiServerRules.podTemplate(merged)) {
            String inPatch = StrategicMerge.locate(merged, patch, f.pointer());
            boolean exact = inPatch.split("/", -1).length == f.pointer().split("/", -1).length;
            String message = exact
                    ? f.message()
                    : "the patched pod spec is not one the API server accepts at " + FieldPath.of(merged, f.pointer())
                            + ": " + f.message();
            if (seen.add(inPatch + message)) {
                out.add(new Violation("/spec/worker/podSpec" + inPatch, message));
            }
        }
        // the Pod Security Standards level the platform demands (--pod-security-level, POD_SECURITY_LEVEL, ...)
        for (PodSecurity.Finding f : PodSecurity.check(merged, level)) {
            String inPatch = StrategicMerge.locate(merged, patch, f.pointer());
            boolean exact = inPatch.split("/", -1).length == f.pointer().split("/", -1).length;
            String message = exact ? f.message() : "at " + FieldPath.of(merged, f.pointer()) + ": " + f.message();
            if (seen.add(inPatch + message)) {
                out.add(new Violation("/spec/worker/podSpec" + inPatch, message));
            }
        }
        return out;
    }

    /**
     * A pod without a patch is checked too: at restricted it needs the Pipeline's securityContext.
     * Returns whether the pod passes.
     */
    static boolean unpatchedPod(
            SourceDoc doc, ObjectRef ref, JsonNode pod, PodSecurity.Level level, List<Problem> problems) {
        List<PodSecurity.Finding> findings = PodSecurity.check(pod, level);
        for (PodSecurity.Finding f : findings) {
            problems.add(Problem.error(
                    Code.POD_SECURITY,
                    doc.positionOf("/spec/worker"),
                    ref,
                    "spec.worker",
                    "the worker pod at " + FieldPath.of(pod, f.pointer()) + ": " + f.message()
                            + " (set it in spec.worker.podSpec)"));
        }
        return findings.isEmpty();
    }
}
