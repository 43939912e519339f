package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.model.ScalingMode;
import com.hevlayer.layerrender.model.Schedule;
import com.hevlayer.layerrender.render.CronWindow;
import com.hevlayer.layerrender.render.Labels;
import com.hevlayer.layerrender.render.Scale;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.settings.GatewaySettings;
import com.hevlayer.layerrender.validate.ApiServerRules;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.Finding;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.yaml.Pointer;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlNumbers;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The checks of a Pipeline beyond its CRD schema, in one place. Two sorts:
 *
 * <ul>
 *   <li>what the Kubernetes API server itself demands of any object (names, namespaces);</li>
 *   <li><b>layer-render rules</b>: stricter than the hev layer operator's CRD, each because the
 *       rendered objects would otherwise be invalid or unsafe. Their messages say
 *       "(layer-render rule: why; fix)", and docs/fidelity.md lists every one of them under
 *       "Stricter than the CRD".</li>
 * </ul>
 * Pure: documents in, problems out.
 */
final class Rules {
    private Rules() {}

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** A Kubernetes label value (it is one, and it is quoted into PromQL). */
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    public static final int MAX_PIPELINE_NAME = 56;
    private static final int MAX_LABEL_VALUE = 63;

    /**
     * What the API server demands of any object's metadata that the schema cannot say: a name,
     * label keys and values, annotation keys ({@code ValidateObjectMeta}). Pipelines get their
     * name checked by {@link #identity}.
     */
    static void metadata(SourceDoc doc, ObjectRef ref, boolean needsName, List<Problem> problems) {
        JsonNode metadata = doc.root().path("metadata");
        if (needsName && !metadata.has("name")) {
            problems.add(Problem.error(
                    Code.METADATA,
                    doc.positionOf("/metadata"),
                    ref,
                    "metadata.name",
                    "required field is missing" + " (every object needs a name)"));
        }
        for (String map : new String[] {"labels", "annotations"}) {
            metadata.path(map).fields().forEachRemaining(e -> {
                String at = Pointer.child("/metadata/" + map, e.getKey());
                String keyError = ApiServerRules.qualifiedNameError(e.getKey());
                if (keyError != null) {
                    problems.add(Problem.error(
                            Code.METADATA,
                            doc.positionOf(at),
                            ref,
                            FieldPath.of(doc.root(), at),
                            "Invalid value: \"" + e.getKey() + "\": " + keyError + " (as the API server requires of "
                                    + map.substring(0, map.length() - 1) + " keys)"));
                } else if (map.equals("labels") && e.getValue().isTextual()) {
                    String valueError =
                            ApiServerRules.labelValueError(e.getValue().asText());
                    if (valueError != null) {
                        problems.add(Problem.error(
                                Code.METADATA,
                                doc.positionOf(at),
                                ref,
                                FieldPath.of(doc.root(), at),
                                "Invalid value: \"" + e.getValue().asText() + "\": " + valueError));
                    }
                }
            });
        }
    }

    /**
     * sourceRef reaches the worker verbatim (HEVLAYER_SOURCE_REF, compact JSON): a number that JSON
     * cannot write as it was written ({@code 0x1F}, {@code 1_000}, {@code .inf}, ...) is refused
     * rather than changed (docs/hostile-input-parsing.md).
     */
    private static void sourceRefNumbers(
            SourceDoc doc, ObjectRef ref, JsonNode n, String pointer, List<Problem> problems) {
        if (n instanceof YamlNumbers.Yaml11Form f) {
            String value = n.isIntegralNumber() ? n.bigIntegerValue().toString() : null;
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf(pointer),
                    ref,
                    FieldPath.of(doc.root(), pointer),
                    f.written() + " is " + f.why()
                            + "; HEVLAYER_SOURCE_REF hands sourceRef to the worker as JSON, verbatim "
                            + rule(
                                    "a number changed on the way would not be verbatim",
                                    (value != null ? "write it as " + value + ", or " : "") + "quote it (\""
                                            + f.written() + "\") to pass it as a string")));
        } else if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                sourceRefNumbers(doc, ref, e.getValue(), Pointer.child(pointer, e.getKey()), problems);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                sourceRefNumbers(doc, ref, n.get(i), pointer + "/" + i, problems);
            }
        }
    }

    /** The marker every layer-render rule's message carries. */
    static String rule(String why, String fix) {
        return "(layer-render rule: " + why + "; " + fix + ")";
    }

    /** metadata.name and the namespace; checked even when the spec is invalid, so all errors come at once. */
    static void identity(SourceDoc doc, String defaultNamespace, List<Problem> problems) {
        String name = doc.name();
        String namespace = doc.namespace() != null ? doc.namespace() : defaultNamespace;
        ObjectRef ref = ObjectRef.of(doc, defaultNamespace);
        JsonNode metadata = doc.root().path("metadata");
        if (name == null) {
            if (!metadata.has("name")) { // a name of the wrong type is the schema check's finding
                problems.add(Problem.error(
                        Code.METADATA,
                        doc.positionOf("/metadata"),
                        ref,
                        "metadata.name",
                        "required field is missing (a DNS-1123 subdomain of at most " + MAX_PIPELINE_NAME
                                + " characters)"));
            }
            return;
        }
        if (!DNS_SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
            problems.add(Problem.error(
                    Code.METADATA,
                    doc.positionOf("/metadata/name"),
                    ref,
                    "metadata.name",
                    "\"" + name
                            + "\" is not a valid name: a DNS-1123 subdomain (lower-case letters, digits, '-' and '.',"
                            + " starting and ending with a letter or digit), as the API server requires"));
        } else if (name.length() > MAX_PIPELINE_NAME) {
            problems.add(Problem.error(
                    Code.METADATA,
                    doc.positionOf("/metadata/name"),
                    ref,
                    "metadata.name",
                    "\"" + name + "\" is " + name.length() + " characters long "
                            + rule(
                                    "the rendered objects are named <name>-worker"
                                            + " and KEDA labels the ScaledObject with its name (scaledobject.keda.sh/name); a label value"
                                            + " holds at most 63 characters",
                                    "use at most " + MAX_PIPELINE_NAME + " characters")));
        }
        if (namespace != null && (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63)) {
            problems.add(Problem.error(
                    Code.METADATA,
                    doc.positionOf("/metadata/namespace"),
                    ref,
                    "metadata.namespace",
                    "\"" + metadata.path("namespace").asText(namespace)
                            + "\" is not a valid namespace name (a DNS-1123 label)"));
        }
    }

    /**
     * The fields whose values reach rendered objects that would be invalid without these rules.
     *
     * @param intact whether the field at a JSON pointer passed the schema check (each rule runs only then)
     */
    static void fields(SourceDoc doc, ObjectRef ref, Pipeline p, Predicate<String> intact, List<Problem> problems) {
        JsonNode spec = doc.root().path("spec");
        if (spec.has("sourceRef") && intact.test("/spec/sourceRef")) {
            sourceRefNumbers(doc, ref, spec.get("sourceRef"), "/spec/sourceRef", problems);
        }
        JsonNode id = spec.get("pipelineId");
        if (id != null && id.isTextual() && intact.test("/spec/pipelineId")) {
            String s = id.asText();
            if (s.length() > MAX_LABEL_VALUE || !LABEL_VALUE.matcher(s).matches()) {
                problems.add(
                        Problem.error(
                                Code.INVALID_SPEC,
                                doc.positionOf("/spec/pipelineId"),
                                ref,
                                "spec.pipelineId",
                                (s.isEmpty() ? "must not be empty " : "\"" + s + "\" is not a valid label value ")
                                        + rule(
                                                "the id goes into the label layer.hev.dev/pipeline-id and into the KEDA trigger's"
                                                        + " PromQL string",
                                                "use at most 63 letters, digits, '-', '_' and '.', starting and"
                                                        + " ending with a letter or digit; or leave it out to use metadata.name")));
            }
        }
        if (spec.path("worker").path("image").isTextual() && p.image().isEmpty() && intact.test("/spec/worker/image")) {
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf("/spec/worker/image"),
                    ref,
                    "spec.worker.image",
                    "must not be empty "
                            + rule(
                                    "a container without an image is refused by the API server",
                                    "name the worker image")));
        }
        String imageError =
                spec.path("worker").path("image").isTextual() && !p.image().isEmpty()
                        ? ApiServerRules.imageError(p.image())
                        : null;
        if (imageError != null && intact.test("/spec/worker/image")) {
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf("/spec/worker/image"),
                    ref,
                    "spec.worker.image",
                    "Invalid value: \"" + p.image() + "\": " + imageError
                            + (imageError.contains("layer-render rule")
                                    ? ""
                                    : " "
                                            + rule(
                                                    "the API server refuses such a worker container",
                                                    "write the image reference alone"))));
        }
        if (spec.path("target").path("namespace").isTextual()
                && p.targetNamespace().isEmpty()
                && intact.test("/spec/target/namespace")) {
            problems.add(
                    Problem.warning(
                            Code.INVALID_SPEC,
                            doc.positionOf("/spec/target/namespace"),
                            ref,
                            "spec.target.namespace",
                            "is empty: the worker gets HEVLAYER_TARGET_NAMESPACE=\"\" (name the Turbopuffer namespace it writes)"));
        }
        if (Scale.of(p).autoscaled()
                && p.batchSize() < 1
                && intact.test("/spec/worker/batchSize")
                && intact.test("/spec/scaling/mode")) {
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf("/spec/worker/batchSize"),
                    ref,
                    "spec.worker.batchSize",
                    "must be at least 1 when the worker autoscales, got " + p.batchSize() + " "
                            + rule(
                                    "it is the KEDA trigger's per-replica threshold, which must be above 0",
                                    "use the number of work items a worker takes per batch")));
        }
        if (p.minReplicas() < 0 && intact.test("/spec/scaling/replicas/min")) {
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf("/spec/scaling/replicas/min"),
                    ref,
                    "spec.scaling.replicas.min",
                    "must be at least 0, got " + p.minReplicas() + " "
                            + rule("it becomes the Deployment's replicas or KEDA's minReplicaCount", "use 0 or more")));
        }
        schedule(doc, ref, p, intact, problems);
        if (p.warmWindowSeconds() != null
                && p.warmWindowSeconds() < 0
                && intact.test("/spec/scaling/warmWindowSeconds")) {
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf("/spec/scaling/warmWindowSeconds"),
                    ref,
                    "spec.scaling.warmWindowSeconds",
                    "must be at least 0, got " + p.warmWindowSeconds() + " "
                            + rule("it becomes KEDA's cooldownPeriod", "use 0 or more, or leave it out for 300")));
        }
        dispatch(doc, ref, p, intact, problems);
    }

    /**
     * spec.schedule: the cron expression must have a wake window layer-render can write (checked while the
     * worker autoscales, paused or not, since unpausing must not turn a Pipeline invalid); a schedule a
     * fixed or disabled Pipeline ignores, and the scan fields nothing rendered uses, are said as warnings.
     */
    static void schedule(SourceDoc doc, ObjectRef ref, Pipeline p, Predicate<String> intact, List<Problem> problems) {
        if (p.schedule() == null || !intact.test("/spec/schedule")) {
            return;
        }
        if (p.mode() != ScalingMode.AUTOSCALE) {
            if (intact.test("/spec/scaling/mode")) {
                problems.add(Problem.warning(
                        Code.INVALID_SCHEDULE,
                        doc.positionOf("/spec/schedule"),
                        ref,
                        "spec.schedule",
                        "has no effect with scaling.mode " + p.mode().value + ": only an autoscaled worker wakes"
                                + " on a schedule (use mode autoscale, or remove schedule)"));
            }
        } else {
            int minutes = CronWindow.minutes(p.schedule().leaseSeconds());
            CronWindow.End end = CronWindow.end(p.schedule().cron(), minutes);
            if (end.end() == null) {
                String pointer =
                        doc.root().at("/spec/schedule/cron").isTextual() ? "/spec/schedule/cron" : "/spec/schedule";
                problems.add(Problem.error(
                        Code.INVALID_SCHEDULE,
                        doc.positionOf(pointer),
                        ref,
                        "spec.schedule.cron",
                        "\"" + p.schedule().cron() + "\" cannot be a KEDA cron window "
                                + rule(
                                        "the worker wakes at the cron expression for " + minutes
                                                + " minutes, clamp(leaseSeconds/60 + 1, 5, 55), and KEDA needs the"
                                                + " window's end as a cron expression: " + end.why(),
                                        end.fix())));
            }
        }
        String[][] scans = {
            {"discoveryIntervalSeconds", Integer.toString(Schedule.DEFAULT_DISCOVERY_INTERVAL_SECONDS)},
            {"maxConcurrentScans", Integer.toString(Schedule.DEFAULT_MAX_CONCURRENT_SCANS)},
            {"maxInFlightBatches", Integer.toString(Schedule.DEFAULT_MAX_IN_FLIGHT_BATCHES)}
        };
        for (String[] field : scans) {
            JsonNode v = doc.root().at("/spec/schedule/" + field[0]);
            if (v.isIntegralNumber() && !v.asText().equals(field[1])) {
                problems.add(Problem.warning(
                        Code.UNSUPPORTED_FIELD,
                        doc.positionOf("/spec/schedule/" + field[0]),
                        ref,
                        "spec.schedule." + field[0],
                        "is accepted but not acted on: it tunes the source scans of the hev layer operator, and"
                                + " layer-render passes it to nothing it renders (the default is " + field[1]
                                + "; see docs/fidelity.md, Schedules)"));
            }
        }
    }

    /** The replica bounds against each other, the pool and the ceiling. */
    static void replicas(
            SourceDoc doc, ObjectRef ref, Pipeline p, Pool pool, GatewaySettings settings, List<Problem> problems) {
        String maxPointer = "/spec/scaling/replicas/max";
        if (p.minReplicas() > p.maxReplicas()) {
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf("/spec/scaling/replicas/min"),
                    ref,
                    "spec.scaling.replicas.min",
                    "min " + p.minReplicas() + " is greater than max " + p.maxReplicas() + " "
                            + rule(
                                    "KEDA refuses a ScaledObject whose minReplicaCount exceeds its maxReplicaCount",
                                    "min must be at most max")));
        }
        if (p.mode() == ScalingMode.AUTOSCALE && p.maxReplicas() < 1) {
            problems.add(Problem.error(
                    Code.INVALID_SPEC,
                    doc.positionOf(maxPointer),
                    ref,
                    "spec.scaling.replicas.max",
                    "must be at least 1 with mode: autoscale "
                            + rule(
                                    "a ScaledObject with maxReplicaCount 0 never runs a" + " worker",
                                    "use mode: disabled to run no workers")));
        }
        if (pool != null && p.maxReplicas() > pool.maxReplicasPerWorkload()) {
            problems.add(Problem.error(
                    Code.REPLICAS_EXCEED_POOL_CEILING,
                    doc.positionOf(maxPointer),
                    ref,
                    "spec.scaling.replicas.max",
                    p.maxReplicas() + " exceeds pool \"" + pool.name() + "\"'s maxReplicasPerWorkload of "
                            + pool.maxReplicasPerWorkload() + " (lower max, or choose a larger pool)"));
        }
        if (p.maxReplicas() > settings.maxReplicasCeiling()) {
            problems.add(Problem.error(
                    Code.REPLICAS_EXCEED_CEILING,
                    doc.positionOf(maxPointer),
                    ref,
                    "spec.scaling.replicas.max",
                    p.maxReplicas() + " exceeds the replica ceiling of " + settings.maxReplicasCeiling()
                            + " (MAX_REPLICAS_CEILING / --max-replicas-ceiling)"));
        }
    }

    /**
     * A pool's tolerations and resources, which the CRD leaves open, become the worker pod's: they must
     * be what Kubernetes accepts there (core/v1 Toleration and ResourceRequirements, checked against the
     * upstream Deployment schema; quantities by the API server's pattern). Returns whether the pool can
     * be read.
     */
    static boolean poolShape(
            SourceDoc doc,
            ObjectRef ref,
            int index,
            Supplier<DeploymentSchema> deploymentSchema,
            List<Problem> problems) {
        String base = "/spec/computePools/" + index;
        JsonNode pool = doc.root().at(base);
        int before = problems.size();
        pool.path("nodeSelector").fields().forEachRemaining(e -> {
            String at = Pointer.child(base + "/nodeSelector", e.getKey());
            String error = ApiServerRules.qualifiedNameError(e.getKey());
            String shown = e.getKey();
            if (error == null && e.getValue().isTextual()) {
                error = ApiServerRules.labelValueError(e.getValue().asText());
                shown = e.getValue().asText();
            }
            if (error != null) {
                problems.add(Problem.error(
                        Code.INVALID_INFRA_RULES,
                        doc.positionOf(at),
                        ref,
                        FieldPath.of(doc.root(), at),
                        "Invalid value: \""
                                + shown + "\": " + error + " "
                                + rule(
                                        "the pool's nodeSelector is copied into every worker pod,"
                                                + " where Kubernetes checks it",
                                        "write a label key and value")));
            }
        });
        if (!pool.has("tolerations") && !pool.has("resources")) {
            return problems.size() == before;
        }
        ObjectNode deployment = JsonNodeFactory.instance.objectNode();
        deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "check");
        ObjectNode podSpec = deployment.putObject("spec").putObject("template").putObject("spec");
        ObjectNode container =
                podSpec.putArray("containers").addObject().put("name", "worker").put("image", "check");
        if (pool.has("tolerations")) {
            podSpec.set("tolerations", pool.get("tolerations"));
        }
        if (pool.has("resources")) {
            container.set("resources", pool.get("resources"));
        }
        String why = "the CRD leaves them open, but they are copied into every worker pod of the pool, where Kubernetes"
                + " checks them";
        for (Finding f : deploymentSchema.get().validate(deployment)) {
            String at;
            if (f.pointer().startsWith("/spec/template/spec/tolerations")) {
                at = base + f.pointer().substring("/spec/template/spec".length());
            } else if (f.pointer().startsWith("/spec/template/spec/containers/0/resources")) {
                at = base + f.pointer().substring("/spec/template/spec/containers/0".length());
            } else {
                continue;
            }
            problems.add(Problem.error(
                    Code.INVALID_INFRA_RULES,
                    doc.positionOf(at),
                    ref,
                    FieldPath.of(doc.root(), at),
                    f.message() + " " + rule(why, "write them as in a pod spec")));
        }
        if (pool.path("resources").has("claims")) {
            problems.add(Problem.error(
                    Code.INVALID_INFRA_RULES,
                    doc.positionOf(base + "/resources/claims"),
                    ref,
                    FieldPath.of(doc.root(), base + "/resources/claims"),
                    "is not supported in a pool "
                            + rule(
                                    "a container's resources.claims must name an entry of its pod's spec.resourceClaims, which"
                                            + " a pool cannot supply for every Pipeline",
                                    "remove claims here; a Pipeline can add"
                                            + " resourceClaims and a claims entry in its worker.podSpec")));
        }
        for (Finding f : ApiServerRules.tolerations(pool.path("tolerations"))) {
            String at = base + "/tolerations" + f.pointer();
            problems.add(Problem.error(
                    Code.INVALID_INFRA_RULES,
                    doc.positionOf(at),
                    ref,
                    FieldPath.of(doc.root(), at),
                    f.message() + " " + rule(why, "write them as in a pod spec")));
        }
        for (Finding f : ApiServerRules.resources(pool.path("resources"))) {
            String at = base + "/resources" + f.pointer();
            problems.add(Problem.error(
                    Code.INVALID_INFRA_RULES,
                    doc.positionOf(at),
                    ref,
                    FieldPath.of(doc.root(), at),
                    f.message() + " " + rule(why, "write them as in a pod spec")));
        }
        return problems.size() == before;
    }

    /** The largest TCP port number. */
    private static final int MAX_PORT = 65535;

    /**
     * {@code worker.dispatch: push} and its fields: a push worker needs a TCP port (its container port,
     * readiness probe and Service port); its {@code url}, when written, must be that Service's own address;
     * a pull worker's {@code port} and {@code url} are said to do nothing (docs/fidelity.md, "Push workers").
     */
    static void dispatch(SourceDoc doc, ObjectRef ref, Pipeline p, Predicate<String> intact, List<Problem> problems) {
        JsonNode worker = doc.root().path("spec").path("worker");
        if (!intact.test("/spec/worker/dispatch")) {
            return;
        }
        boolean push = "push".equals(worker.path("dispatch").asText());
        JsonNode port = worker.path("port");
        JsonNode url = worker.path("url");
        if (!push) {
            for (String field : new String[] {"port", "url"}) {
                String pointer = "/spec/worker/" + field;
                if (worker.hasNonNull(field) && intact.test(pointer)) {
                    problems.add(Problem.warning(
                            Code.UNSUPPORTED_FIELD,
                            doc.positionOf(pointer),
                            ref,
                            "spec.worker." + field,
                            "is used by push workers only (spec.worker.dispatch: push); a pull worker claims its"
                                    + " work and gets no Service, so it does not change the output"));
                }
            }
            return;
        }
        if (!intact.test("/spec/worker/port")) {
            return;
        }
        if (port.isMissingNode() || port.isNull()) {
            String at = port.isNull() ? "/spec/worker/port" : "/spec/worker/dispatch";
            problems.add(Problem.error(
                    Code.INVALID_PUSH_WORKER,
                    doc.positionOf(at),
                    ref,
                    "spec.worker.port",
                    "is required when spec.worker.dispatch is push "
                            + rule(
                                    "the gateway calls a push worker over HTTP through its Service, on the port its"
                                            + " server listens on",
                                    "set spec.worker.port to that port (e.g. 8080), or use dispatch: pull")));
            return;
        }
        if (p.pushPort() == null || p.pushPort() < 1 || p.pushPort() > MAX_PORT) {
            problems.add(Problem.error(
                    Code.INVALID_PUSH_WORKER,
                    doc.positionOf("/spec/worker/port"),
                    ref,
                    "spec.worker.port",
                    "must be between 1 and " + MAX_PORT + ", got " + port.asText() + " "
                            + rule(
                                    "it becomes the worker's container port and its Service port, which the API"
                                            + " server accepts only as a TCP port number",
                                    "use the port the worker's HTTP server listens on")));
            return;
        }
        if (url.isTextual() && intact.test("/spec/worker/url") && !isOwnService(url.asText(), p)) {
            problems.add(Problem.error(
                    Code.INVALID_PUSH_WORKER,
                    doc.positionOf("/spec/worker/url"),
                    ref,
                    "spec.worker.url",
                    "\"" + url.asText() + "\" is not the worker's own Service "
                            + rule(
                                    "layer-render renders a push worker and its Service, which the gateway reaches at "
                                            + serviceUrl(p) + "; a worker at another address is not rendered"
                                            + " from a Pipeline",
                                    "remove spec.worker.url, or set it to " + serviceUrl(p))));
        }
    }

    /** The in-cluster address of a push worker's Service. */
    static String serviceUrl(Pipeline p) {
        String host =
                Labels.objectName(p.name()) + (p.namespace() == null ? "" : "." + p.namespace() + ".svc.cluster.local");
        return "http://" + host + ":" + p.pushPort();
    }

    /**
     * Whether {@code url} names the rendered Service: http, on the worker's port, at the Service's name in any
     * of the forms cluster DNS resolves ({@code <svc>}, {@code <svc>.<ns>}, {@code <svc>.<ns>.svc},
     * {@code <svc>.<ns>.svc.cluster.local}); any path (the gateway's {@code /run}, say).
     */
    static boolean isOwnService(String url, Pipeline p) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null) {
            return false;
        }
        if (u.getPort() != p.pushPort()) {
            return false;
        }
        String svc = Labels.objectName(p.name());
        String host = u.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.equals(svc)) {
            return true;
        }
        String ns = p.namespace();
        return ns != null
                && (host.equals(svc + "." + ns)
                        || host.equals(svc + "." + ns + ".svc")
                        || host.equals(svc + "." + ns + ".svc.cluster.local"));
    }

    /**
     * An object of the output: a rendered one (with the Pipeline it comes from) or a passed-through
     * document; a null name or kind means the object cannot collide.
     */
    record Identified(String apiVersion, String kind, String namespace, String name, SourceDoc doc, boolean rendered) {
        /** Group, kind, namespace and name; null when the object cannot collide. */
        String key() {
            if (name == null || kind == null || apiVersion == null) {
                return null;
            }
            return Kind.group(apiVersion) + "/" + kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
        }
    }

    /**
     * No two objects of the output share group, kind, namespace and name: {@code kubectl apply} (and Argo
     * CD) would keep only the last, so a passed-through Deployment could replace a rendered one (another
     * image, privileged, host network) without a word.
     */
    static void unique(List<Identified> objects, List<Problem> problems) {
        Map<String, Identified> first = new HashMap<>();
        for (Identified o : objects) {
            String key = o.key();
            if (key == null) {
                continue;
            }
            Identified before = first.putIfAbsent(key, o);
            if (before == null) {
                continue;
            }
            if (o.rendered() && before.rendered()) {
                continue; // two Pipelines of one name: reported as such
            }
            Identified passedThrough = o.rendered() ? before : o; // the document the user can change
            Identified other = passedThrough == o ? before : o;
            String where = other.rendered()
                    ? "layer-render renders it from "
                            + ObjectRef.of(other.doc(), other.namespace()).label() + " at "
                            + other.doc().positionOf("")
                    : "the first is at " + other.doc().positionOf("");
            ObjectRef what = new ObjectRef(o.apiVersion(), o.kind(), o.namespace(), o.name());
            problems.add(Problem.error(
                    Code.DUPLICATE,
                    passedThrough.doc().positionOf(""),
                    what,
                    null,
                    "a second object with this"
                            + " group, kind, namespace and name (" + where
                            + "); kubectl apply keeps only the last one, so one"
                            + " would silently replace the other (rename or remove one)"));
        }
    }

    /**
     * A VectorStore's credential names the Secret every worker and its TriggerAuthentication read in
     * deriveFromStore mode: its name and key must be what the API server accepts for a Secret.
     */
    static void storeCredential(SourceDoc doc, ObjectRef ref, List<Problem> problems) {
        JsonNode secretRef = doc.root().path("spec").path("credential").path("secretRef");
        String nameError = secretRef.path("name").isTextual()
                ? ApiServerRules.dnsSubdomainError(secretRef.get("name").asText())
                : null;
        if (nameError != null) {
            problems.add(Problem.error(
                    Code.INVALID_VECTOR_STORE,
                    doc.positionOf("/spec/credential/secretRef/name"),
                    ref,
                    "spec.credential.secretRef.name",
                    "Invalid value: \"" + secretRef.get("name").asText() + "\": " + nameError
                            + " (no Secret can have this name, and the workers reference it)"));
        }
        String keyError = secretRef.path("key").isTextual()
                ? ApiServerRules.configKeyError(secretRef.get("key").asText())
                : null;
        if (keyError != null) {
            problems.add(Problem.error(
                    Code.INVALID_VECTOR_STORE,
                    doc.positionOf("/spec/credential/secretRef/key"),
                    ref,
                    "spec.credential.secretRef.key",
                    "Invalid value: \"" + secretRef.get("key").asText() + "\": " + keyError
                            + " (no Secret can hold this key, and the workers reference it)"));
        }
    }
}
