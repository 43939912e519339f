package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.yaml.Pointer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Platform rules that keep a patched pod inside its pool (issue 14): the pool decides where the worker
 * runs and how large it may get, and a {@code worker.podSpec} may not escape that. Pure; each rule's
 * message says it is a layer-render rule, why, and how to get what was wanted legitimately
 * (docs/decisions.md, "Pool containment").
 *
 * <ul>
 *   <li>{@code nodeName}: binds the pod to a node past the scheduler, the pool's selector and taints;</li>
 *   <li>a toleration with operator {@code Exists} and no key: tolerates every taint, NoExecute included;</li>
 *   <li>{@code schedulerName}, {@code runtimeClassName}: another scheduler or sandbox than the pool's;
 *       {@code priorityClassName} only outside Kubernetes' reserved {@code system-} classes (a workload
 *       priority is the team's choice; a system one could preempt the control plane);
 *       {@code serviceAccountName} stays the Pipeline's: it is the workload's identity, which RBAC and
 *       the cloud's workload identity govern;</li>
 *   <li>required node affinity that no node of the pool can satisfy (every term contradicts the pool's
 *       nodeSelector): the pod could never be scheduled;</li>
 *   <li>extended resources (any resource name with a domain, {@code hugepages-*}) the pool does not
 *       offer, requested by any container;</li>
 *   <li>the containers beside the worker together may not request or limit more of a resource than
 *       the pool's limit of it (the pool is sized for the worker; sidecars share the node).</li>
 * </ul>
 */
public final class PoolContainment {
    private PoolContainment() {}

    private static final String BASE = PodSpecPatch.BASE;

    public static List<Violation> check(ObjectNode merged, ObjectNode patch, Pool pool) {
        List<Violation> v = new ArrayList<>();
        String why = "pool \"" + pool.name() + "\" decides where workers run";
        if (merged.hasNonNull("nodeName")) {
            v.add(new Violation(
                    BASE + "/nodeName",
                    "is not allowed (layer-render rule: it binds the pod to a node past"
                            + " the scheduler and the pool's selector and taints; " + why + ", so choose a pool with"
                            + " spec.scaling.pool, or add node labels to a pool's nodeSelector)"));
        }
        for (String field : new String[] {"schedulerName", "runtimeClassName"}) {
            if (merged.hasNonNull(field)) {
                v.add(new Violation(
                        BASE + "/" + field,
                        "is not allowed (layer-render rule: the platform sets the"
                                + " scheduler and the sandbox of its pools; ask for a pool that has what you need)"));
            }
        }
        String priority = merged.path("priorityClassName").asText("");
        if (priority.startsWith("system-")) {
            v.add(
                    new Violation(
                            BASE + "/priorityClassName",
                            "\"" + priority + "\" is not allowed (layer-render rule:"
                                    + " the system- priority classes are Kubernetes' own, for the control plane and node agents; a"
                                    + " worker that took one could preempt them; use one of the cluster's workload priority classes)"));
        }
        JsonNode tolerations = merged.path("tolerations");
        for (int i = 0; tolerations.isArray() && i < tolerations.size(); i++) {
            JsonNode t = tolerations.get(i);
            if ("Exists".equals(t.path("operator").asText())
                    && t.path("key").asText("").isEmpty()
                    && !isPoolToleration(t, pool)) { // a pool may tolerate everything: the platform's choice
                v.add(new Violation(
                        BASE + "/tolerations/" + i,
                        "tolerates every taint, NoExecute included (layer-render" + " rule: " + why
                                + "; tolerate the taints you mean by key)"));
            }
        }
        if (!pool.nodeSelector().isEmpty() && !affinityAllowsThePool(merged.path("affinity"), pool.nodeSelector())) {
            v.add(new Violation(
                    BASE + "/affinity",
                    "requires nodes that pool \"" + pool.name() + "\" does not have:"
                            + " every required node selector term contradicts the pool's nodeSelector "
                            + pool.nodeSelector()
                            + ", so the pod could never be scheduled (layer-render rule; choose another pool, or make a term"
                            + " agree with the pool's labels)"));
        }
        extendedResources(merged, patch, pool, v);
        sidecarSizes(merged, patch, pool, v);
        return v;
    }

    private static boolean isPoolToleration(JsonNode t, Pool pool) {
        try {
            return pool.tolerations().contains(Json.MAPPER.treeToValue(t, Toleration.class));
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether some required node selector term can be satisfied by a node carrying the pool's labels. */
    static boolean affinityAllowsThePool(JsonNode affinity, Map<String, String> poolLabels) {
        JsonNode terms = affinity.path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution")
                .path("nodeSelectorTerms");
        if (!terms.isArray() || terms.isEmpty()) {
            return true;
        }
        for (JsonNode term : terms) {
            if (termAllows(term, poolLabels)) {
                return true; // terms are ORed
            }
        }
        return false;
    }

    private static boolean termAllows(JsonNode term, Map<String, String> poolLabels) {
        for (JsonNode e : term.path("matchExpressions")) { // expressions are ANDed
            String key = e.path("key").asText(null);
            if (key == null || !poolLabels.containsKey(key)) {
                continue; // a label the pool does not fix: some node of the pool may have it
            }
            String value = poolLabels.get(key);
            List<String> values = new ArrayList<>();
            e.path("values").forEach(x -> values.add(x.asText()));
            switch (e.path("operator").asText("")) {
                case "In":
                    if (!values.contains(value)) {
                        return false;
                    }
                    break;
                case "NotIn":
                    if (values.contains(value)) {
                        return false;
                    }
                    break;
                case "DoesNotExist":
                    return false;
                case "Gt":
                case "Lt":
                    try {
                        long have = Long.parseLong(value);
                        long bound = Long.parseLong(values.isEmpty() ? "" : values.get(0));
                        if (e.path("operator").asText().equals("Gt") ? have <= bound : have >= bound) {
                            return false;
                        }
                    } catch (NumberFormatException ex) {
                        return false; // Gt/Lt on a non-integer label never matches
                    }
                    break;
                default:
                    break; // Exists, or an operator the API server refuses anyway
            }
        }
        return true;
    }

    /** A resource name with a domain or a hugepages size: hardware the pool must offer. */
    static boolean isExtended(String resource) {
        return resource.contains("/") || resource.startsWith("hugepages-");
    }

    private static void extendedResources(ObjectNode merged, ObjectNode patch, Pool pool, List<Violation> v) {
        Set<String> offered = new HashSet<>(pool.requests().keySet());
        offered.addAll(pool.limits().keySet());
        for (String list : new String[] {"containers", "initContainers"}) {
            JsonNode cs = merged.path(list);
            for (int i = 0; cs.isArray() && i < cs.size(); i++) {
                JsonNode c = cs.get(i);
                for (String which : new String[] {"requests", "limits"}) {
                    c.path("resources").path(which).fieldNames().forEachRemaining(r -> {
                        if (isExtended(r) && !offered.contains(r)) {
                            v.add(new Violation(
                                    where(patch, list, c.path("name").asText(""), which, r),
                                    "asks for " + r + ", which pool \"" + pool.name()
                                            + "\" does not offer (layer-render"
                                            + " rule: its nodes may not have it, and the pool decides the hardware; choose"
                                            + " a pool that offers " + r + ")"));
                        }
                    });
                }
            }
        }
    }

    private static void sidecarSizes(ObjectNode merged, ObjectNode patch, Pool pool, List<Violation> v) {
        if (pool.limits().isEmpty()) {
            return;
        }
        for (String which : new String[] {"requests", "limits"}) {
            Map<String, BigDecimal> total = new LinkedHashMap<>();
            Map<String, String> last = new LinkedHashMap<>();
            for (JsonNode c : merged.path("containers")) {
                String name = c.path("name").asText("");
                if (Renderer.CONTAINER.equals(name)) {
                    continue;
                }
                c.path("resources").path(which).fields().forEachRemaining(e -> {
                    if (!pool.limits().containsKey(e.getKey())) {
                        return;
                    }
                    try {
                        BigDecimal amount = Quantity.getAmountInBytes(
                                new Quantity(e.getValue().asText()));
                        total.merge(e.getKey(), amount, BigDecimal::add);
                        last.put(e.getKey(), name);
                    } catch (RuntimeException ex) {
                        // not a quantity: the API server rules report it
                    }
                });
            }
            total.forEach((r, sum) -> {
                Quantity limit = pool.limits().get(r);
                if (sum.compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                    v.add(new Violation(
                            where(patch, "containers", last.get(r), which, r),
                            "the containers beside the"
                                    + " worker " + (which.equals("requests") ? "request" : "limit") + " " + r + " of "
                                    + amount(sum) + " in total, more than pool \"" + pool.name()
                                    + "\"'s limit of " + limit
                                    + " (layer-render rule: the pool is sized for its worker and"
                                    + " sidecars share its node; make the sidecars smaller, or choose a larger pool)"));
                }
            });
        }
    }

    /** A quantity's amount as a person writes it: 256Gi rather than 274877906944. */
    static String amount(BigDecimal bytes) {
        String[] suffix = {"Ki", "Mi", "Gi", "Ti", "Pi"};
        BigDecimal v = bytes.stripTrailingZeros();
        String unit = "";
        BigDecimal k = BigDecimal.valueOf(1024);
        for (String s : suffix) {
            if (v.compareTo(k) < 0 || v.remainder(k).signum() != 0) {
                break;
            }
            v = v.divide(k);
            unit = s;
        }
        return v.stripTrailingZeros().toPlainString() + unit;
    }

    /** The pointer of a container's resource in the patch (the container's item, or the list). */
    private static String where(ObjectNode patch, String list, String container, String which, String resource) {
        JsonNode items = patch.path(list);
        for (int i = 0; items.isArray() && i < items.size(); i++) {
            if (container.equals(items.get(i).path("name").asText(null))) {
                JsonNode res = items.get(i).path("resources").path(which);
                String base = BASE + "/" + list + "/" + i;
                return res.has(resource) ? Pointer.child(base + "/resources/" + which, resource) : base;
            }
        }
        return BASE + "/" + list;
    }
}
