package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.model.Schedule;
import com.hevlayer.layerrender.settings.FrontEndSettings;
import com.hevlayer.layerrender.settings.GatewaySettings;
import com.hevlayer.layerrender.settings.SettingOrigins;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every field of the objects of one Pipeline came from ({@code layer-render explain}, issue 18): a walk
 * over each rendered object's leaves that names, for each, the Pipeline field, the InfraRules pool (or the
 * built-in pool), the gateway setting and where it was decided, the podSpec patch, or the rule of SPEC §3 that
 * made it. Pure, and run only when asked: the renderer itself neither knows nor pays for it. A leaf no rule
 * here covers gets a null origin, which a test over every golden input refuses ({@code ProvenanceTest}).
 */
public final class Provenance {
    private static final String POD = "spec.template.spec";
    /**
     * Lists whose items a path names by their {@code name} (as Kubernetes merges them, and kubectl users name
     * them); the items of any other list go by index: a secretTargetRef's name is no identity.
     */
    private static final Set<String> BY_NAME = Set.of(
            "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets", "ports");

    private Provenance() {}

    /**
     * What explain knows of one Pipeline beside its objects.
     *
     * @param doc           the Pipeline's document (positions of its fields)
     * @param infraRules    the InfraRules/default document, or null when the built-in pools were used
     * @param settingOrigin where each gateway setting was decided, by front-end name
     * @param namespaceFrom where the namespace of a Pipeline without one was decided (e.g. {@code flag
     *                      --namespace}), or null
     */
    public record Sources(
            SourceDoc doc,
            Pipeline pipeline,
            Pool pool,
            SourceDoc infraRules,
            GatewaySettings settings,
            Map<String, SettingOrigins.Decided> settingOrigin,
            String namespaceFrom) {}

    /** The objects with the origin of each of their fields. */
    public static List<RenderedObject> of(List<RenderedObject> objects, Sources s) {
        List<RenderedObject> out = new ArrayList<>(objects.size());
        for (RenderedObject o : objects) {
            out.add(o.withOrigins(of(o, s)));
        }
        return out;
    }

    static List<FieldOrigin> of(RenderedObject o, Sources s) {
        Walk w = new Walk(s, o.object().getKind());
        w.walk(conventionalMetadata(o.toTree()), new ArrayList<>(), new ArrayList<>(), null, null);
        return w.out;
    }

    private static final class Walk {
        final Sources s;
        final String kind;
        final List<FieldOrigin> out = new ArrayList<>();
        /** Rendered toleration {@code [i]} to the index of the pool's toleration it equals. */
        final Map<String, Integer> tolerationPool = new java.util.HashMap<>();

        Walk(Sources s, String kind) {
            this.s = s;
            this.kind = kind;
        }

        /**
         * @param patch        the podSpec patch's node at this place, or null (outside the pod spec, or not patched)
         * @param patchPointer its JSON pointer in the Pipeline document
         */
        void walk(JsonNode n, List<String> segs, List<String> indices, JsonNode patch, String patchPointer) {
            String path = path(segs);
            if (path.equals(POD) && s.pipeline.podSpec() != null && kind.equals("Deployment")) {
                patch = s.pipeline.podSpec();
                patchPointer = "/spec/worker/podSpec";
            }
            if (n.isObject() && n.size() > 0) {
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    JsonNode p = patch != null && patch.isObject() ? patch.get(e.getKey()) : null;
                    segs.add(e.getKey());
                    indices.add(null);
                    walk(e.getValue(), segs, indices, p, p == null ? null : patchPointer + "/" + escape(e.getKey()));
                    segs.remove(segs.size() - 1);
                    indices.remove(indices.size() - 1);
                }
                return;
            }
            if (n.isArray() && n.size() > 0) {
                Set<String> names = new HashSet<>();
                Set<String> repeated = new HashSet<>();
                String list = segs.isEmpty() ? "" : segs.get(segs.size() - 1);
                for (JsonNode item : n) {
                    String name = name(list, item);
                    if (name != null && !names.add(name)) {
                        repeated.add(name);
                    }
                }
                if (kind.equals("Deployment") && path.equals(POD + ".tolerations")) {
                    for (int i = 0; i < n.size(); i++) {
                        for (int k = 0; k < s.pool.tolerations().size(); k++) {
                            if (Json.MAPPER
                                    .valueToTree(s.pool.tolerations().get(k))
                                    .equals(n.get(i))) {
                                tolerationPool.putIfAbsent("[" + i + "]", k);
                            }
                        }
                    }
                }
                for (int i = 0; i < n.size(); i++) {
                    JsonNode item = n.get(i);
                    String name = name(list, item);
                    int at = patch != null && patch.isArray() ? patchIndex(list, item, i, patch) : -1;
                    segs.add("[" + (name != null && !repeated.contains(name) ? name : Integer.toString(i)) + "]");
                    indices.add(Integer.toString(i));
                    walk(item, segs, indices, at < 0 ? null : patch.get(at), at < 0 ? null : patchPointer + "/" + at);
                    segs.remove(segs.size() - 1);
                    indices.remove(indices.size() - 1);
                }
                return;
            }
            out.add(new FieldOrigin(path, segs, indices, n, origin(segs, n, patch, patchPointer)));
        }

        Origin origin(List<String> segs, JsonNode value, JsonNode patch, String patchPointer) {
            String path = path(segs);
            if (kind.equals("Deployment") && path.startsWith(POD + ".")) {
                List<String> rel = segs.subList(3, segs.size());
                Origin owned = podOwned(rel, value);
                if (owned != null) {
                    return owned;
                }
                if (patch != null) {
                    return new Origin(
                            Origin.Kind.PATCH,
                            s.doc.positionOf(patchPointer),
                            "Pipeline " + FieldPath.of(s.doc.root(), patchPointer) + " (SPEC §3.4: the podSpec patch)",
                            "podSpec patch");
                }
                return podBase(rel);
            }
            return switch (kind) {
                case "Deployment" -> deployment(segs, path);
                case "Service" -> service(segs, path);
                case "TriggerAuthentication" -> triggerAuthentication(segs, path);
                case "ScaledObject" -> scaledObject(segs, path);
                default -> null;
            };
        }

        // ---- every object -------------------------------------------------------------------------------

        Origin common(List<String> segs, String path) {
            if (path.equals("apiVersion") || path.equals("kind")) {
                return Origin.rule(
                        kind.equals("Service")
                                ? "layer-render rule: a push worker gets a Service (docs/fidelity.md, Push workers)"
                                : "SPEC §3.3: objects (" + kind + ")");
            }
            if (path.equals("metadata.name")) {
                return pipeline("/metadata/name", "+ \"-worker\" (SPEC §3.3: objects are named <name>-worker)");
            }
            if (path.equals("metadata.namespace")) {
                if (s.doc.namespace() != null) {
                    return pipeline("/metadata/namespace", "(SPEC §3.3: objects live in <ns>)");
                }
                return new Origin(
                        Origin.Kind.SETTING,
                        null,
                        "namespace for Pipelines without one, from "
                                + (s.namespaceFrom == null ? "the front end" : s.namespaceFrom),
                        "namespace from " + (s.namespaceFrom == null ? "the front end" : s.namespaceFrom));
            }
            if (segs.size() == 3
                    && segs.get(0).equals("metadata")
                    && segs.get(1).equals("labels")) {
                return label(segs.get(2));
            }
            return null;
        }

        Origin label(String key) {
            if (key.equals("layer.hev.dev/pipeline-id")) {
                return pipelineId("(SPEC §3.3: labels)");
            }
            if (key.equals(Labels.PIPELINE)) {
                return pipeline("/metadata/name", "(SPEC §3.3: labels)");
            }
            return Origin.rule("SPEC §3.3: labels");
        }

        // ---- Deployment ---------------------------------------------------------------------------------

        Origin deployment(List<String> segs, String path) {
            Origin c = common(segs, path);
            if (c != null) {
                return c;
            }
            if (path.equals("spec.replicas")) {
                Pipeline p = s.pipeline;
                if (p.paused()) {
                    return pipeline("/spec/paused", "true: 0 replicas (SPEC §3.2)");
                }
                return switch (p.mode()) {
                    case DISABLED -> pipeline("/spec/scaling/mode", "disabled: 0 replicas (SPEC §3.2)");
                    case FIXED ->
                        pipelineOr(
                                "/spec/scaling/replicas/min",
                                "in mode fixed (SPEC §3.2)",
                                "spec.scaling.replicas.min, default " + Pipeline.DEFAULT_MIN_REPLICAS
                                        + ", in mode fixed (SPEC §3.2)");
                    default -> null; // autoscaled: no spec.replicas
                };
            }
            if (segs.size() == 4 && path.startsWith("spec.selector.matchLabels")) {
                return pipeline("/metadata/name", "(SPEC §3.3: selector matchLabels hevlayer.com/pipeline)");
            }
            if (segs.size() == 5 && path.startsWith("spec.template.metadata.labels")) {
                return label(segs.get(4));
            }
            if (path.startsWith("spec.strategy")) {
                return pool(
                        "kind",
                        "is " + Renderer.GPU_POOL_KIND + ": replace a pod in place, maxSurge 0"
                                + " (layer-render rule: a one-GPU cluster cannot surge; issue 15)");
            }
            return null;
        }

        /** Pod spec fields the platform owns (SPEC §3.4): no patch changes them. */
        Origin podOwned(List<String> rel, JsonNode value) {
            String first = rel.get(0);
            Pool pool = s.pool;
            if (first.equals("nodeSelector")
                    && rel.size() == 2
                    && pool.nodeSelector().containsKey(rel.get(1))) {
                return pool("nodeSelector/" + escape(rel.get(1)), "(SPEC §3.3: nodeSelector from the pool)");
            }
            if (first.equals("tolerations") && rel.size() >= 2) {
                int i = tolerationOfPool(rel.get(1));
                if (i >= 0) {
                    String leaf = rel.size() == 3 ? "/" + escape(rel.get(2)) : "";
                    return pool("tolerations/" + i + leaf, "(SPEC §3.3: tolerations from the pool)");
                }
                return null;
            }
            if (!first.equals("containers") || rel.size() < 3 || !rel.get(1).equals("[" + Renderer.CONTAINER + "]")) {
                return null;
            }
            String field = rel.get(2);
            if (field.equals("name")) {
                return Origin.rule("SPEC §3.3: one container named worker");
            }
            if (field.equals("image")) {
                return pipeline("/spec/worker/image", "(SPEC §3.3)");
            }
            if (field.equals("resources") && rel.size() == 5) {
                boolean requests = rel.get(3).equals("requests");
                Map<String, ?> q = requests ? pool.requests() : pool.limits();
                if ((requests || rel.get(3).equals("limits")) && q.containsKey(rel.get(4))) {
                    return pool(
                            "resources/" + rel.get(3) + "/" + escape(rel.get(4)), "(SPEC §3.3: the pool's resources)");
                }
                return null;
            }
            if (field.equals("env") && rel.size() >= 5) {
                String var = rel.get(3).substring(1, rel.get(3).length() - 1);
                return injected(var, rel.subList(4, rel.size()));
            }
            return null;
        }

        /** The injected env of SPEC §3.3: its names and values; null for a variable the patch adds. */
        Origin injected(String var, List<String> rest) {
            boolean name = rest.size() == 1 && rest.get(0).equals("name");
            boolean value = rest.size() == 1 && rest.get(0).equals("value");
            String rule = "(SPEC §3.3: env " + var + ")";
            switch (var) {
                case "HEVLAYER_PIPELINE_ID":
                    return name ? Origin.rule("SPEC §3.3: env, in this order") : value ? pipelineId(rule) : null;
                case "HEVLAYER_TARGET_NAMESPACE":
                    return name
                            ? Origin.rule("SPEC §3.3: env, in this order")
                            : value ? pipeline("/spec/target/namespace", rule) : null;
                case "HEVLAYER_BASE_URL":
                    return name
                            ? Origin.rule("SPEC §3.3: env, in this order")
                            : value ? setting(FrontEndSettings.BASE_URL, rule) : null;
                case "HEVLAYER_SOURCE_REF":
                    return name
                            ? Origin.rule("SPEC §3.3: env, in this order")
                            : value ? pipeline("/spec/sourceRef", "as compact JSON " + rule) : null;
                case "HEVLAYER_BATCH_SIZE":
                    return name ? Origin.rule("SPEC §3.3: env, in this order") : value ? batchSize(rule) : null;
                case "HEVLAYER_TIMEOUT_SECONDS":
                    return name
                            ? Origin.rule("SPEC §3.3: env, in this order")
                            : value
                                    ? pipelineOr(
                                            "/spec/worker/timeoutSeconds",
                                            rule,
                                            "spec.worker.timeoutSeconds, default " + Pipeline.DEFAULT_TIMEOUT_SECONDS
                                                    + " " + rule)
                                    : null;
                case Credential.ENV:
                    return name ? Origin.rule("SPEC §3.3: env, the gateway credential from a Secret") : null;
                default:
                    return null;
            }
        }

        /** Pod spec fields neither owned nor patched: the push worker's port and probe, the settings' credential. */
        Origin podBase(List<String> rel) {
            if (rel.size() < 3
                    || !rel.get(0).equals("containers")
                    || !rel.get(1).equals("[worker]")) {
                return null;
            }
            String field = rel.get(2);
            if (field.equals("ports") || field.equals("readinessProbe")) {
                return pipeline(
                        "/spec/worker/port",
                        field.equals("ports")
                                ? "(layer-render rule: a push worker's port, named http, TCP)"
                                : "(layer-render rule: a push worker is ready when its port accepts connections;"
                                        + " docs/fidelity.md, Push workers)");
            }
            String credentialRef = "[" + Credential.ENV + "]";
            if (field.equals("env") && rel.size() == 7 && rel.get(3).equals(credentialRef)) {
                String leaf = rel.get(6);
                return setting(
                        leaf.equals("name") ? FrontEndSettings.SECRET_NAME : FrontEndSettings.SECRET_KEY,
                        "(SPEC §3.3: env " + Credential.ENV + " from secretKeyRef)");
            }
            return null;
        }

        /** The pool's index of the rendered toleration {@code [i]}, or -1 when the patch added it. */
        int tolerationOfPool(String item) {
            Integer k = tolerationPool.get(item);
            return k == null ? -1 : k;
        }

        // ---- Service ------------------------------------------------------------------------------------

        Origin service(List<String> segs, String path) {
            Origin c = common(segs, path);
            if (c != null) {
                return c;
            }
            if (path.equals("spec.type")) {
                return Origin.rule("layer-render rule: a push worker's Service is a ClusterIP");
            }
            if (path.startsWith("spec.selector")) {
                return pipeline("/metadata/name", "(the Deployment's selector)");
            }
            if (path.startsWith("spec.ports")) {
                return pipeline(
                        "/spec/worker/port", "(layer-render rule: the Service port is the worker's, named http)");
            }
            return null;
        }

        // ---- TriggerAuthentication ----------------------------------------------------------------------

        Origin triggerAuthentication(List<String> segs, String path) {
            Origin c = common(segs, path);
            if (c != null) {
                return c;
            }
            if (segs.size() != 4 || !segs.get(1).equals("secretTargetRef")) {
                return null;
            }
            String leaf = segs.get(3);
            GatewaySettings g = s.settings;
            if (leaf.equals("parameter")) {
                return setting(
                        FrontEndSettings.SCALING_SIGNAL,
                        "(SPEC §3.3: KEDA's prometheus scaler reads bearerToken, its metrics-api scaler token)");
            }
            String rule = "(the Secret KEDA sends as a bearer token)";
            if (g.metricsSecretName() != null) {
                return setting(
                        leaf.equals("name")
                                ? FrontEndSettings.METRICS_SECRET_NAME
                                : FrontEndSettings.METRICS_SECRET_KEY,
                        rule);
            }
            Credential.Outcome own = Credential.of(s.pipeline, g);
            if (own.credential() != null && own.credential().own()) {
                return ownCredential(leaf, "(SPEC §3.3: the worker's own Secret serves the TriggerAuthentication too)");
            }
            return setting(leaf.equals("name") ? FrontEndSettings.SECRET_NAME : FrontEndSettings.SECRET_KEY, rule);
        }

        /** The Pipeline's own credential in its podSpec patch: the patch's secretKeyRef field. */
        Origin ownCredential(String leaf, String why) {
            JsonNode containers = s.pipeline.podSpec().path("containers");
            for (int i = 0; i < containers.size(); i++) {
                JsonNode env = containers.get(i).path("env");
                for (int j = 0;
                        Renderer.CONTAINER.equals(containers.get(i).path("name").asText()) && j < env.size();
                        j++) {
                    if (Credential.ENV.equals(env.get(j).path("name").asText())) {
                        String ptr = "/spec/worker/podSpec/containers/" + i + "/env/" + j + "/valueFrom/secretKeyRef/"
                                + leaf;
                        return new Origin(
                                Origin.Kind.PATCH,
                                s.doc.positionOf(ptr),
                                "Pipeline " + FieldPath.of(s.doc.root(), ptr) + " " + why,
                                "podSpec patch");
                    }
                }
            }
            return null;
        }

        // ---- ScaledObject -------------------------------------------------------------------------------

        Origin scaledObject(List<String> segs, String path) {
            Origin c = common(segs, path);
            if (c != null) {
                return c;
            }
            Pipeline p = s.pipeline;
            switch (path) {
                case "spec.scaleTargetRef.name":
                    return pipeline("/metadata/name", "+ \"-worker\" (SPEC §3.3: scaleTargetRef)");
                case "spec.pollingInterval":
                    return Origin.rule("SPEC §3.3: pollingInterval " + Renderer.POLLING_INTERVAL_SECONDS);
                case "spec.cooldownPeriod":
                    return pipelineOr(
                            "/spec/scaling/warmWindowSeconds",
                            "(SPEC §3.3: cooldownPeriod)",
                            "spec.scaling.warmWindowSeconds, default " + Pipeline.DEFAULT_COOLDOWN_SECONDS
                                    + " (SPEC §3.3: cooldownPeriod)");
                case "spec.minReplicaCount":
                    return pipelineOr(
                            "/spec/scaling/replicas/min",
                            "(SPEC §3.3)",
                            "spec.scaling.replicas.min, default " + Pipeline.DEFAULT_MIN_REPLICAS + " (SPEC §3.3)");
                case "spec.maxReplicaCount":
                    return pipeline("/spec/scaling/replicas/max", "(SPEC §3.3)");
                default:
                    break;
            }
            if (segs.size() < 4 || !segs.get(1).equals("triggers")) {
                return null;
            }
            String field = segs.get(3);
            if (field.equals("type")) {
                return p.schedule() != null
                        ? pipeline("/spec/schedule", "(layer-render rule: a scheduled Pipeline wakes on a cron window)")
                        : setting(FrontEndSettings.SCALING_SIGNAL, "(prometheus or metrics-api)");
            }
            if (field.equals("authenticationRef")) {
                return pipeline("/metadata/name", "+ \"-worker\" (SPEC §3.3: authenticationRef)");
            }
            if (!field.equals("metadata") || segs.size() != 5) {
                return null;
            }
            return switch (segs.get(4)) {
                case "serverAddress" -> setting(FrontEndSettings.METRICS_SERVER, "(SPEC §3.3)");
                case "query" -> pipelineId("(SPEC §3.3: the query of queued plus claimed work)");
                case "threshold", "targetValue" -> batchSize("(SPEC §3.3: threshold)");
                case "activationThreshold", "activationTargetValue" -> Origin.rule("SPEC §3.3: activationThreshold 0");
                case "authModes", "authMode" ->
                    s.settings.metricsSecretName() != null
                            ? setting(FrontEndSettings.METRICS_SECRET_NAME, "(bearer)")
                            : setting(FrontEndSettings.AUTH_MODE, "(SPEC §3.3: bearer unless open)");
                case "url" ->
                    setting(
                            FrontEndSettings.BASE_URL,
                            "+ /v2/pipelines/<pipelineId>/status (the gateway's pipeline status API)");
                case "valueLocation" ->
                    Origin.rule("layer-render rule: pending_count and processing_count, one trigger each");
                case "timezone" ->
                    setting(FrontEndSettings.SCHEDULE_TIME_ZONE, "(the time zone of spec.schedule.cron)");
                case "start" ->
                    pipelineOr(
                            "/spec/schedule/cron",
                            "(the cron window's start)",
                            "spec.schedule.cron, default " + Schedule.DEFAULT_CRON + " (the cron window's start)");
                case "end" ->
                    pipelineOr(
                            "/spec/schedule/leaseSeconds",
                            "after spec.schedule.cron (the cron window's end)",
                            "spec.schedule.leaseSeconds, default " + Schedule.DEFAULT_LEASE_SECONDS
                                    + ", after spec.schedule.cron (the cron window's end)");
                case "desiredReplicas" ->
                    pipelineOr(
                            "/spec/scaling/replicas/min",
                            "(layer-render rule: a schedule wakes max(1, replicas.min) workers)",
                            "layer-render rule: a schedule wakes max(1, replicas.min) workers");
                default -> null;
            };
        }

        // ---- the kinds of origin ------------------------------------------------------------------------

        /** A field of the Pipeline; null when the Pipeline does not have it. */
        Origin pipeline(String pointer, String how) {
            if (s.doc.root().at(pointer).isMissingNode()) {
                return null;
            }
            return new Origin(
                    Origin.Kind.PIPELINE,
                    s.doc.positionOf(pointer),
                    "Pipeline " + FieldPath.of(s.doc.root(), pointer) + " " + how,
                    "Pipeline " + FieldPath.of(s.doc.root(), pointer));
        }

        /** A field of the Pipeline, or its default when left out. */
        Origin pipelineOr(String pointer, String how, String byDefault) {
            Origin o = pipeline(pointer, how);
            return o != null
                    ? o
                    : new Origin(
                            Origin.Kind.PIPELINE_DEFAULT,
                            s.doc.positionOf(pointer),
                            "Pipeline " + byDefault,
                            "default");
        }

        Origin pipelineId(String how) {
            return pipelineOr("/spec/pipelineId", how, "spec.pipelineId, default metadata.name " + how);
        }

        Origin batchSize(String how) {
            return pipelineOr(
                    "/spec/worker/batchSize",
                    how,
                    "spec.worker.batchSize, default " + Pipeline.DEFAULT_BATCH_SIZE + " " + how);
        }

        Origin setting(String key, String how) {
            SettingOrigins.Decided d = s.settingOrigin.get(key);
            String source = "setting " + key + " from " + d.where();
            return new Origin(Origin.Kind.SETTING, d.position(), source + " " + how, source);
        }

        /** A field of the Pipeline's pool, {@code sub} a JSON pointer below the pool without its leading slash. */
        Origin pool(String sub, String how) {
            Pool pool = s.pool;
            String chosen = s.pipeline.pool() != null
                    ? "chosen by spec.scaling.pool"
                    : "chosen by spec.worker.computeClass " + s.pipeline.computeClass();
            String field = dotted(sub);
            if (s.infraRules == null) {
                return new Origin(
                        Origin.Kind.BUILTIN_POOL,
                        null,
                        "built-in pool " + pool.name() + " " + field + " (no InfraRules given; " + chosen + ") " + how,
                        "built-in pool " + pool.name());
            }
            JsonNode pools = s.infraRules.root().path("spec").path("computePools");
            int index = 0;
            while (index < pools.size()
                    && !pool.name().equals(pools.get(index).path("name").asText())) {
                index++;
            }
            String pointer = "/spec/computePools/" + index + "/" + sub;
            return new Origin(
                    Origin.Kind.POOL,
                    s.infraRules.positionOf(pointer),
                    "InfraRules/default pool " + pool.name() + " "
                            + FieldPath.of(s.infraRules.root(), pointer)
                                    .substring(("spec.computePools[" + index + "]").length() + 1)
                            + " (" + chosen + ") " + how,
                    "InfraRules/default pool " + pool.name());
        }
    }

    /**
     * The index of the patch's list item that merged into the rendered list's item {@code i}: by the list's merge
     * key (SPEC §3.4), or the same index for a list the patch replaces; -1 when the patch has none.
     */
    static int patchIndex(String list, JsonNode item, int i, JsonNode patch) {
        String key = switch (list) {
            case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets" -> "name";
            case "volumeMounts" -> "mountPath";
            case "ports" -> "containerPort";
            default -> null;
        };
        if (key == null) {
            return i < patch.size() ? i : -1;
        }
        JsonNode want = item.get(key);
        for (int j = 0; want != null && j < patch.size(); j++) {
            JsonNode k = patch.get(j).get(key);
            if (k != null && k.asText().equals(want.asText())) {
                return j;
            }
        }
        return -1;
    }

    /** metadata in the order the output writes it (name, namespace, labels first, as {@code Output} does). */
    private static JsonNode conventionalMetadata(com.fasterxml.jackson.databind.node.ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta instanceof com.fasterxml.jackson.databind.node.ObjectNode m) {
            com.fasterxml.jackson.databind.node.ObjectNode ordered = Json.MAPPER.createObjectNode();
            for (String first : new String[] {"name", "namespace", "labels", "annotations"}) {
                if (m.has(first)) {
                    ordered.set(first, m.get(first));
                }
            }
            m.properties().forEach(e -> {
                if (!ordered.has(e.getKey())) {
                    ordered.set(e.getKey(), e.getValue());
                }
            });
            object.set("metadata", ordered);
        }
        return object;
    }

    /** The name a path gives an item of {@code list}, or null when it goes by index. */
    private static String name(String list, JsonNode item) {
        return BY_NAME.contains(list) && item.path("name").isTextual()
                ? item.get("name").asText()
                : null;
    }

    /**
     * The field path as {@code diff} writes it too: a list item by index {@code [0]}, by name {@code [name=worker]}
     * (kustomize's field-path form).
     */
    static String path(List<String> segs) {
        StringBuilder b = new StringBuilder();
        for (String seg : segs) {
            if (seg.startsWith("[")) {
                String inner = seg.substring(1, seg.length() - 1);
                if (inner.matches("[0-9]+")) {
                    b.append(seg);
                } else {
                    FieldPath.appendKeyed(b, "name", inner);
                }
            } else {
                FieldPath.appendKey(b, seg);
            }
        }
        return b.toString();
    }

    /** {@code a/b~1c/0} as {@code a["b/c"][0]}. */
    private static String dotted(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String raw : pointer.split("/")) {
            String seg = raw.replace("~1", "/").replace("~0", "~");
            if (seg.matches("[0-9]+")) {
                b.append('[').append(seg).append(']');
            } else {
                FieldPath.appendKey(b, seg);
            }
        }
        return b.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
