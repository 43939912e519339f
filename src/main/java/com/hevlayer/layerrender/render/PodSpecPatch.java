package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.yaml.Pointer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code worker.podSpec} to the generated pod spec (SPEC §3.4) and guards what the
 * platform owns: the pool's nodeSelector keys, tolerations and resource quantities, the injected
 * env and the worker container's name and image, and a push worker's container port and readiness
 * probe. A patch may add to these, never change or remove them; a patch that does is reported, not
 * silently overridden.
 */
public final class PodSpecPatch {
    static final String BASE = "/spec/worker/podSpec";

    private PodSpecPatch() {}

    /** @param podSpec the patched pod spec as fabric8 writes a PodSpec, or null when there are violations */
    public record Outcome(ObjectNode podSpec, List<Violation> violations) {}

    /**
     * Checks that a merged pod spec is a valid Kubernetes PodSpec before it is turned into one
     * (Jackson would otherwise coerce or drop what Kubernetes rejects). Pure.
     */
    @FunctionalInterface
    public interface Validity {
        /** Violations, with pointers into the Pipeline document. */
        List<Violation> check(ObjectNode merged, ObjectNode patch);

        Validity NONE = (merged, patch) -> List.of();
    }

    public static Outcome apply(
            PodSpec base, ObjectNode patch, Pool pool, List<EnvVar> env, String image, Validity validity) {
        ObjectNode merged;
        try {
            ObjectNode tree = ModelJson.tree(base); // Jackson's tree without Jackson's serializers
            merged = StrategicMerge.apply(tree != null ? tree : Json.MAPPER.valueToTree(base), patch);
        } catch (StrategicMerge.PatchException e) {
            return new Outcome(null, List.of(new Violation(BASE + e.pointer, e.getMessage())));
        }
        if (merged == null) { // $patch: delete of the whole pod spec
            return new Outcome(
                    null,
                    List.of(
                            new Violation(
                                    BASE,
                                    "deletes the whole pod spec (layer-render rule: the"
                                            + " platform owns the worker container and the pool's placement; patch the fields you mean instead)")));
        }
        List<Violation> v = new ArrayList<>();
        checkUniqueNames(merged, patch, v);
        if (!v.isEmpty()) {
            return new Outcome(null, v);
        }
        checkNodeSelector(merged, patch, pool, v);
        checkTolerations(merged, pool, v);
        checkWorker(merged, patch, pool, env, image, v);
        checkPushWorker(merged, patch, base, v);
        if (!v.isEmpty()) {
            return new Outcome(null, v);
        }
        v.addAll(validity.check(merged, patch));
        if (v.isEmpty()) {
            v.addAll(PoolContainment.check(merged, patch, pool)); // on a valid pod spec only
        }
        if (!v.isEmpty()) {
            return new Outcome(null, v);
        }
        ObjectNode written = ModelJson.normalize(merged, PodSpec.class);
        if (written != null) {
            return new Outcome(written, List.of());
        }
        try { // what ModelJson is not sure of, Jackson decides: the full round trip through a PodSpec
            return new Outcome(Json.MAPPER.valueToTree(Json.MAPPER.treeToValue(merged, PodSpec.class)), List.of());
        } catch (Exception e) {
            return new Outcome(
                    null,
                    List.of(new Violation(
                            BASE, "the patched pod spec is not a valid PodSpec: " + firstLine(e.getMessage()))));
        }
    }

    /** {@code Json.MAPPER.valueToTree(model)}, by {@link ModelJson#tree} where it is sure (as {@link RenderedObject#toTree}). */
    private static JsonNode tree(Object model) {
        ObjectNode t = ModelJson.tree(model);
        return t != null ? t : Json.MAPPER.valueToTree(model);
    }

    /**
     * Container names are unique across containers, initContainers and ephemeralContainers, as the API
     * server requires ({@code validateContainers}: "Duplicate value"), so a second container named
     * worker cannot slip past the checks of the worker; env names are unique in the worker container
     * (a layer-render rule: with two entries of one name the later one silently wins over the injected
     * one).
     */
    private static void checkUniqueNames(ObjectNode merged, ObjectNode patch, List<Violation> v) {
        // the merge folds items of one name into one, so duplicates written in the patch are looked for there
        for (String list : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
            duplicatesIn(patch.path(list), BASE + "/" + list, "container names are unique; rename one", v);
        }
        JsonNode patchContainers = patch.path("containers");
        for (int i = 0; patchContainers.isArray() && i < patchContainers.size(); i++) {
            if (Renderer.CONTAINER.equals(patchContainers.get(i).path("name").asText(null))) {
                duplicatesIn(
                        patchContainers.get(i).path("env"),
                        BASE + "/containers/" + i + "/env",
                        "layer-render rule: with two env entries of one name one silently wins; keep one",
                        v);
            }
        }
        Set<String> names = new HashSet<>();
        for (String list : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
            for (JsonNode c : merged.path(list)) {
                String name = c.path("name").asText(null);
                if (name != null && !names.add(name)) {
                    v.add(new Violation(
                            lastInPatch(patch, BASE, list, name),
                            "Duplicate value: \"" + name + "\" (container names are unique across containers,"
                                    + " initContainers and ephemeralContainers; rename one)"));
                }
            }
        }
        for (JsonNode c : merged.path("containers")) {
            if (!Renderer.CONTAINER.equals(c.path("name").asText(null))) {
                continue;
            }
            Set<String> env = new HashSet<>();
            for (JsonNode e : c.path("env")) {
                String name = e.path("name").asText(null);
                if (name != null && !env.add(name)) {
                    String where = BASE + "/containers";
                    JsonNode pc = patchWorker(patch);
                    int ci = indexOfName(patch.path("containers"), Renderer.CONTAINER);
                    if (ci >= 0) {
                        where = lastInPatch(pc, BASE + "/containers/" + ci, "env", name);
                    }
                    v.add(new Violation(
                            where,
                            "Duplicate value: \"" + name + "\" (layer-render rule: with two env"
                                    + " entries of one name the later silently wins; keep one)"));
                }
            }
        }
    }

    private static void duplicatesIn(JsonNode items, String base, String why, List<Violation> v) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; items.isArray() && i < items.size(); i++) {
            String name = items.get(i).path("name").asText(null);
            if (name != null && !seen.add(name)) {
                v.add(new Violation(base + "/" + i, "Duplicate value: \"" + name + "\" (" + why + ")"));
            }
        }
    }

    /** The pointer of the last item named {@code name} in the patch's {@code list}, or of the list. */
    private static String lastInPatch(JsonNode parent, String base, String list, String name) {
        JsonNode items = parent.path(list);
        int found = -1;
        for (int i = 0; items.isArray() && i < items.size(); i++) {
            if (name.equals(items.get(i).path("name").asText(null))) {
                found = i;
            }
        }
        return base + "/" + list + (found >= 0 ? "/" + found : "");
    }

    private static int indexOfName(JsonNode items, String name) {
        for (int i = 0; items.isArray() && i < items.size(); i++) {
            if (name.equals(items.get(i).path("name").asText(null))) {
                return i;
            }
        }
        return -1;
    }

    private static void checkNodeSelector(ObjectNode merged, ObjectNode patch, Pool pool, List<Violation> v) {
        JsonNode selector = merged.path("nodeSelector");
        for (Map.Entry<String, String> e : pool.nodeSelector().entrySet()) {
            JsonNode actual = selector.get(e.getKey());
            String where = patch.path("nodeSelector").has(e.getKey())
                    ? Pointer.child(BASE + "/nodeSelector", e.getKey())
                    : BASE + "/nodeSelector";
            if (actual == null) {
                v.add(new Violation(
                        where,
                        "removes the pool's nodeSelector " + e.getKey() + "=" + e.getValue()
                                + " (layer-render rule: pool \"" + pool.name()
                                + "\" owns it, so that workers run on the pool's nodes;"
                                + " a patch may add selector keys, not remove these)"));
            } else if (!actual.isTextual() || !actual.asText().equals(e.getValue())) {
                v.add(new Violation(
                        where,
                        "changes the pool's nodeSelector " + e.getKey() + " from \"" + e.getValue()
                                + "\" to " + actual + " (layer-render rule: pool \"" + pool.name()
                                + "\" owns it, so that workers run on the"
                                + " pool's nodes; choose another pool instead)"));
            }
        }
    }

    private static void checkTolerations(ObjectNode merged, Pool pool, List<Violation> v) {
        JsonNode actual = merged.path("tolerations");
        for (Toleration t : pool.tolerations()) {
            JsonNode want = tree(t);
            boolean present = false;
            for (JsonNode a : actual) {
                if (sameToleration(a, t)) {
                    present = true;
                    break;
                }
            }
            if (!present) {
                v.add(new Violation(
                        BASE + "/tolerations",
                        "removes the pool's toleration " + Renderer.compactJson(want)
                                + " (layer-render rule: pool \"" + pool.name()
                                + "\" owns it; a patch replaces the whole tolerations"
                                + " list: list the pool's tolerations too, then add yours)"));
            }
        }
    }

    /** Compared as tolerations, not as JSON trees: 600 read from YAML (an int) equals the model's 600L. */
    private static boolean sameToleration(JsonNode actual, Toleration owned) {
        try {
            return owned.equals(Json.MAPPER.treeToValue(actual, Toleration.class));
        } catch (Exception e) {
            return false; // not even a toleration; the PodSpec check words what is wrong with it
        }
    }

    private static void checkWorker(
            ObjectNode merged, ObjectNode patch, Pool pool, List<EnvVar> env, String image, List<Violation> v) {
        String workerPointer = BASE + "/containers";
        JsonNode patchContainers = patch.path("containers");
        for (int i = 0; patchContainers.isArray() && i < patchContainers.size(); i++) {
            if (Renderer.CONTAINER.equals(patchContainers.get(i).path("name").asText(null))) {
                workerPointer = BASE + "/containers/" + i;
            }
        }
        JsonNode worker = null;
        for (JsonNode c : merged.path("containers")) {
            if (Renderer.CONTAINER.equals(c.path("name").asText(null))) {
                worker = c;
            }
        }
        if (worker == null) {
            v.add(new Violation(
                    workerPointer,
                    "removes the worker container (layer-render rule: the platform owns the" + " container named \""
                            + Renderer.CONTAINER + "\"; add containers beside it instead)"));
            return;
        }
        JsonNode img = worker.get("image");
        if (img == null || !img.isTextual() || !img.asText().equals(image)) {
            v.add(new Violation(
                    workerPointer + "/image",
                    "changes the worker container's image to "
                            + (img == null ? "nothing" : img.toString())
                            + " (layer-render rule: the image comes from spec.worker.image; set \"" + image
                            + "\" there instead)"));
        }
        checkQuantities("requests", pool.requests(), worker.path("resources").path("requests"), workerPointer, pool, v);
        checkQuantities("limits", pool.limits(), worker.path("resources").path("limits"), workerPointer, pool, v);
        JsonNode actualEnv = worker.path("env");
        JsonNode patchEnv = patchWorker(patch).path("env");
        for (EnvVar injected : env) {
            JsonNode want = tree(injected);
            JsonNode found = null;
            for (JsonNode a : actualEnv) {
                if (injected.getName().equals(a.path("name").asText(null))) {
                    found = a;
                }
            }
            if (found != null && found.equals(want)) {
                continue;
            }
            String where = workerPointer + "/env";
            for (int i = 0; patchEnv.isArray() && i < patchEnv.size(); i++) {
                if (injected.getName().equals(patchEnv.get(i).path("name").asText(null))) {
                    where = workerPointer + "/env/" + i;
                }
            }
            v.add(new Violation(
                    where,
                    (found == null ? "removes" : "changes") + " the injected env variable "
                            + injected.getName() + " (layer-render rule: " + injectedFrom(injected.getName())
                            + "; set it there,"
                            + " or use another variable name)"));
        }
    }

    /** Probe fields a patch may add to the rendered readiness probe of a push worker: when and how often, not what. */
    private static final Set<String> PROBE_TIMING = Set.of(
            "initialDelaySeconds",
            "periodSeconds",
            "timeoutSeconds",
            "successThreshold",
            "failureThreshold",
            "terminationGracePeriodSeconds");

    /**
     * A push worker's container port and readiness probe come from {@code worker.port}, which its Service
     * uses too: a patch may add ports beside it and timing fields to the probe, never change or remove them.
     */
    private static void checkPushWorker(ObjectNode merged, ObjectNode patch, PodSpec base, List<Violation> v) {
        Container rendered = null;
        for (Container c : base.getContainers()) {
            if (Renderer.CONTAINER.equals(c.getName())) {
                rendered = c;
            }
        }
        if (rendered == null || rendered.getReadinessProbe() == null) {
            return; // a pull worker: nothing of the kind is rendered
        }
        JsonNode worker = null;
        for (JsonNode c : merged.path("containers")) {
            if (Renderer.CONTAINER.equals(c.path("name").asText(null))) {
                worker = c;
            }
        }
        if (worker == null) {
            return; // reported by checkWorker
        }
        int ci = indexOfName(patch.path("containers"), Renderer.CONTAINER);
        String workerPointer = BASE + "/containers" + (ci >= 0 ? "/" + ci : "");
        String why = " (layer-render rule: it comes from spec.worker.port, which the worker's Service uses too, so that"
                + " the gateway's calls reach pods that accept them; ";
        for (ContainerPort port : rendered.getPorts()) {
            String want = Renderer.compactJson(tree(port));
            JsonNode found = null;
            for (JsonNode a : worker.path("ports")) {
                if (a.path("containerPort").canConvertToInt()
                        && a.path("containerPort").asInt() == port.getContainerPort()) {
                    found = a;
                }
            }
            if (found == null || !Renderer.compactJson(found).equals(want)) {
                v.add(new Violation(
                        workerPointer + "/ports",
                        (found == null
                                        ? "removes the push worker's container port " + want
                                        : "changes the push worker's container port " + want + " to "
                                                + Renderer.compactJson(found))
                                + why
                                + "set the port there; add other ports beside it)"));
            }
        }
        String want = Renderer.compactJson(tree(rendered.getReadinessProbe()));
        JsonNode probe = worker.get("readinessProbe");
        if (!(probe instanceof ObjectNode o)) {
            v.add(new Violation(
                    workerPointer + "/readinessProbe",
                    "removes the push worker's readiness probe " + want + why
                            + "a patch may add timing fields to it, not remove it)"));
            return;
        }
        ObjectNode check = o.deepCopy();
        check.remove(PROBE_TIMING);
        if (!Renderer.compactJson(check).equals(want)) {
            v.add(new Violation(
                    workerPointer + "/readinessProbe",
                    "changes the push worker's readiness probe " + want + " to " + Renderer.compactJson(probe) + why
                            + "a patch may add "
                            + String.join(", ", PROBE_TIMING.stream().sorted().toList())
                            + ", not change the check)"));
        }
    }

    /** Where each injected variable comes from, so that the worker agrees with its Pipeline and its KEDA trigger. */
    private static String injectedFrom(String name) {
        switch (name) {
            case "HEVLAYER_PIPELINE_ID":
                return "it is the queue the KEDA trigger scales on, spec.pipelineId (or metadata.name)";
            case "HEVLAYER_TARGET_NAMESPACE":
                return "it comes from spec.target.namespace";
            case "HEVLAYER_BASE_URL":
                return "it is the gateway the KEDA trigger reads too, the gateway base URL setting"
                        + " (--gateway-base-url, GATEWAY_BASE_URL)";
            case "HEVLAYER_SOURCE_REF":
                return "it comes from spec.sourceRef";
            case "HEVLAYER_BATCH_SIZE":
                return "it is the KEDA trigger's per-replica target too, spec.worker.batchSize";
            case "HEVLAYER_TIMEOUT_SECONDS":
                return "it comes from spec.worker.timeoutSeconds";
            default:
                return "it is the worker's gateway credential, which the TriggerAuthentication uses too; to use a Secret"
                        + " of your own, give " + name + " a valueFrom.secretKeyRef";
        }
    }

    private static JsonNode patchWorker(ObjectNode patch) {
        for (JsonNode c : patch.path("containers")) {
            if (Renderer.CONTAINER.equals(c.path("name").asText(null))) {
                return c;
            }
        }
        return patch.missingNode();
    }

    private static void checkQuantities(
            String which,
            Map<String, Quantity> owned,
            JsonNode actual,
            String workerPointer,
            Pool pool,
            List<Violation> v) {
        for (Map.Entry<String, Quantity> e : owned.entrySet()) {
            JsonNode a = actual.get(e.getKey());
            String where = workerPointer + "/resources/" + which;
            if (a == null) {
                v.add(new Violation(
                        where,
                        "removes the pool's " + which + " " + e.getKey() + ": " + e.getValue()
                                + " (layer-render rule: pool \"" + pool.name()
                                + "\" owns the worker's size; choose another pool for"
                                + " other sizes)"));
                continue;
            }
            boolean same;
            try {
                same = Quantity.getAmountInBytes(Quantity.parse(a.asText()))
                                .compareTo(Quantity.getAmountInBytes(e.getValue()))
                        == 0;
            } catch (RuntimeException ex) {
                same = false;
            }
            if (!same) {
                v.add(new Violation(
                        Pointer.child(where, e.getKey()),
                        "changes the pool's " + which + " " + e.getKey()
                                + " from " + e.getValue() + " to " + a.asText() + " (layer-render rule: pool \""
                                + pool.name()
                                + "\" owns the worker's size; choose another pool for other sizes)"));
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
