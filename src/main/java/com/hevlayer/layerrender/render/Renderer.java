package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.settings.GatewaySettings;
import com.hevlayer.layerrender.yaml.YamlNumbers;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure function at the heart of layer-render: one valid Pipeline, its pool and the gateway
 * settings in; its Deployment, a push worker's Service, and, when it autoscales, its
 * TriggerAuthentication and ScaledObject out (SPEC §3). No I/O, no clock, no environment. Maps that come from the input
 * (pool selectors and resources, the podSpec patch, sourceRef) are written in the API server's key
 * order, so a Pipeline as applied and as {@code kubectl get -o yaml} prints it render the same.
 */
public final class Renderer {
    public static final String CONTAINER = "worker";
    public static final String KEDA_API_VERSION = "keda.sh/v1alpha1";
    public static final int POLLING_INTERVAL_SECONDS = 15;

    private Renderer() {}

    /** The objects of one Pipeline, or the rules its podSpec breaks. */
    public record Result(List<RenderedObject> objects, List<Violation> violations) {}

    public static Result render(Pipeline p, Pool pool, GatewaySettings settings) {
        return render(p, pool, settings, PodSpecPatch.Validity.NONE);
    }

    /** @param validity checks a patched pod spec before it is used (see {@link PodSpecPatch.Validity}) */
    public static Result render(Pipeline p, Pool pool, GatewaySettings settings, PodSpecPatch.Validity validity) {
        String name = Labels.objectName(p.name());
        Scale scale = Scale.of(p);
        Credential.Outcome credential = Credential.of(p, settings);
        if (credential.violation() != null) {
            return new Result(List.of(), List.of(credential.violation()));
        }
        List<EnvVar> env = env(p, settings, credential.credential());
        PodSpec base = basePodSpec(p, pool, env);
        List<RenderedObject> objects = new ArrayList<>();
        if (p.podSpec() != null) {
            // in the API server's key order, as a Pipeline read back from the cluster holds it
            ObjectNode patch = (ObjectNode) Json.sortedKeys(p.podSpec());
            PodSpecPatch.Outcome patched = PodSpecPatch.apply(base, patch, pool, env, p.image(), validity);
            if (!patched.violations().isEmpty()) {
                return new Result(List.of(), patched.violations());
            }
            objects.add(new RenderedObject(deployment(p, pool, name, scale, null), patched.podSpec()));
        } else {
            objects.add(RenderedObject.of(deployment(p, pool, name, scale, base)));
        }
        if (p.pushPort() != null) {
            objects.add(RenderedObject.of(service(p, name)));
        }
        if (scale.autoscaled()) {
            // a scheduled Pipeline wakes on a cron window, which takes no credential
            MetricsAuth auth = p.schedule() != null ? null : metricsAuth(settings, credential.credential());
            if (auth != null) {
                objects.add(RenderedObject.of(triggerAuthentication(p, name, auth, settings)));
            }
            objects.add(RenderedObject.of(scaledObject(p, name, settings, auth != null)));
        }
        return new Result(objects, List.of());
    }

    /** The injected env, in the order of SPEC §3.3. */
    static List<EnvVar> env(Pipeline p, GatewaySettings s, Credential credential) {
        List<EnvVar> env = new ArrayList<>();
        env.add(value("HEVLAYER_PIPELINE_ID", p.pipelineId()));
        env.add(value("HEVLAYER_TARGET_NAMESPACE", p.targetNamespace()));
        env.add(value("HEVLAYER_BASE_URL", s.baseUrl()));
        if (p.sourceRef() != null) {
            env.add(value("HEVLAYER_SOURCE_REF", compactJson(Json.sortedKeys(p.sourceRef()))));
        }
        env.add(value("HEVLAYER_BATCH_SIZE", Integer.toString(p.batchSize())));
        env.add(value("HEVLAYER_TIMEOUT_SECONDS", Integer.toString(p.timeoutSeconds())));
        if (s.authenticated() || credential.own()) {
            env.add(credential.env());
        }
        return env;
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /**
     * Compact JSON of {@code n} with every number as the input wrote it: a decimal read from YAML or
     * JSON ({@link YamlNumbers.Written}) prints its own text ({@code 1e400}, {@code 0.1000000000000000000001}),
     * integers print every digit. HEVLAYER_SOURCE_REF is sourceRef verbatim (issue 12).
     */
    static String compactJson(JsonNode n) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
            write(g, n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        if (n.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode item : n) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (n instanceof YamlNumbers.Written w) {
            g.writeNumber(w.written());
        } else {
            Json.MAPPER.writeTree(g, n);
        }
    }

    private static PodSpec basePodSpec(Pipeline p, Pool pool, List<EnvVar> env) {
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        if (!pool.requests().isEmpty()) {
            resources.withRequests(Json.sorted(pool.requests()));
        }
        if (!pool.limits().isEmpty()) {
            resources.withLimits(Json.sorted(pool.limits()));
        }
        ContainerBuilder container = new ContainerBuilder().withName(CONTAINER).withImage(p.image());
        if (!pool.requests().isEmpty() || !pool.limits().isEmpty()) {
            container.withResources(resources.build());
        }
        if (p.pushPort() != null) {
            container.withPorts(pushContainerPort(p.pushPort())).withReadinessProbe(pushReadinessProbe(p.pushPort()));
        }
        PodSpecBuilder spec = new PodSpecBuilder();
        if (!pool.nodeSelector().isEmpty()) {
            spec.withNodeSelector(Json.sorted(pool.nodeSelector()));
        }
        if (!pool.tolerations().isEmpty()) {
            spec.withTolerations(pool.tolerations());
        }
        // built parts set as they are: a builder's with(...) of a built object copies it into a builder and builds
        // it again, level by level (most of a render's time in fabric8); the objects are the same
        Container worker = container.build();
        worker.setEnv(new ArrayList<>(env));
        PodSpec built = spec.build();
        built.setContainers(new ArrayList<>(List.of(worker)));
        return built;
    }

    /** The name of a push worker's port, in its container and in its Service. */
    public static final String PUSH_PORT_NAME = "http";

    /** The port a push worker's HTTP server listens on, which the gateway calls through the Service. */
    public static ContainerPort pushContainerPort(int port) {
        return new ContainerPortBuilder()
                .withName(PUSH_PORT_NAME)
                .withContainerPort(port)
                .withProtocol("TCP")
                .build();
    }

    /**
     * Ready when the worker accepts connections on its port: the vendor documents a readiness probe for push
     * workers but no health path, and {@code /run} takes the gateway's POSTs, so the probe is a TCP one
     * (docs/fidelity.md, "Push workers").
     */
    public static Probe pushReadinessProbe(int port) {
        return new ProbeBuilder()
                .withNewTcpSocket()
                .withPort(new IntOrString(port))
                .endTcpSocket()
                .build();
    }

    /** A push worker's Service: the Deployment's pods, by the Deployment's selector, on {@code worker.port}. */
    private static Service service(Pipeline p, String name) {
        return new ServiceBuilder()
                .withMetadata(metadata(p, name))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(p.name()))
                .withPorts(new ServicePortBuilder()
                        .withName(PUSH_PORT_NAME)
                        .withProtocol("TCP")
                        .withPort(p.pushPort())
                        .withTargetPort(new IntOrString(p.pushPort()))
                        .build())
                .endSpec()
                .build();
    }

    private static ObjectMeta metadata(Pipeline p, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(p.namespace())
                .withLabels(Labels.of(p.name(), p.pipelineId()))
                .build();
    }

    /** The kind of pool whose workers roll out without a second node: GPUs are scarce and often one per worker. */
    public static final String GPU_POOL_KIND = "gpu";

    /**
     * @param podSpec the pod spec, or null when a patched one is written in its place ({@link RenderedObject})
     */
    private static Deployment deployment(Pipeline p, Pool pool, String name, Scale scale, PodSpec podSpec) {
        DeploymentBuilder d = new DeploymentBuilder()
                .withNewSpec()
                .withReplicas(scale.replicas())
                .withNewSelector()
                .withMatchLabels(Labels.selector(p.name()))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Labels.of(p.name(), p.pipelineId()))
                .endMetadata()
                .endTemplate()
                .endSpec();
        if (GPU_POOL_KIND.equals(pool.kind())) {
            // the default maxSurge (25%, at least 1) needs a second GPU for a one-replica worker and can stall a
            // rollout on a cluster with one GPU node; replace the pod in place instead (issue 15)
            d.editSpec()
                    .withNewStrategy()
                    .withType("RollingUpdate")
                    .withNewRollingUpdate()
                    .withMaxSurge(new IntOrString(0))
                    .withMaxUnavailable(new IntOrString(1))
                    .endRollingUpdate()
                    .endStrategy()
                    .endSpec();
        }
        Deployment built = d.build();
        built.setMetadata(metadata(p, name)); // set, not copied into a builder and built again (basePodSpec)
        built.getSpec().getTemplate().setSpec(podSpec);
        return built;
    }

    /** The Secret and key KEDA sends as a bearer token with its queries. */
    public record MetricsAuth(String secretName, String secretKey) {}

    /**
     * Whose credential goes with KEDA's queries, or null for none (issue 15). An explicit
     * {@code metrics-secret-name} wins for any server. Otherwise the gateway's credential (the Pipeline's
     * own or the settings', {@link Credential}) goes only to the gateway: its pipeline status API, or a
     * metrics server that is the gateway's own {@code /v2/metrics}; and only when the gateway wants one
     * (not in open mode). Any other server gets no credential: the gateway's key (an admin key in
     * deriveFromStore mode) must not reach a third-party Prometheus.
     */
    public static MetricsAuth metricsAuth(GatewaySettings s, Credential c) {
        if (s.metricsSecretName() != null) {
            return new MetricsAuth(s.metricsSecretName(), s.metricsSecretKey());
        }
        if (s.authenticated() && (s.pipelineStatusSignal() || s.metricsServerIsGateway())) {
            return new MetricsAuth(c.secretName(), c.secretKey());
        }
        return null;
    }

    private static GenericKubernetesResource triggerAuthentication(
            Pipeline p, String name, MetricsAuth c, GatewaySettings s) {
        // KEDA's prometheus scaler reads the token from parameter bearerToken, its metrics-api scaler from token
        String parameter = s.pipelineStatusSignal() ? "token" : "bearerToken";
        Map<String, Object> ref = ordered("parameter", parameter, "name", c.secretName(), "key", c.secretKey());
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(KEDA_API_VERSION)
                .withKind("TriggerAuthentication")
                .withMetadata(metadata(p, name))
                .addToAdditionalProperties("spec", ordered("secretTargetRef", List.of(ref)))
                .build();
    }

    /** The prometheus query: queued plus claimed work, so claimed work keeps workers alive. */
    public static String query(String pipelineId) {
        return "sum(layer_pipeline_stage_count{pipeline_id=\"" + pipelineId
                + "\",stage!~\"indexed|failed\"}) or vector(0)";
    }

    /**
     * From {@code schedule.cron} for {@link CronWindow#minutes} of the lease, in the schedule time zone
     * (UTC unless set), to {@link #scheduledReplicas}. The engine refused a cron without an end before.
     */
    private static Map<String, Object> cronTrigger(Pipeline p, GatewaySettings s) {
        String start = p.schedule().cron().trim().replaceAll("\\s+", " ");
        CronWindow.End end =
                CronWindow.end(start, CronWindow.minutes(p.schedule().leaseSeconds()));
        if (end.end() == null) {
            throw new IllegalArgumentException("spec.schedule.cron " + end.why());
        }
        Map<String, Object> metadata = ordered(
                "timezone", s.scheduleTimeZone(),
                "start", start,
                "end", end.end(),
                "desiredReplicas", Integer.toString(scheduledReplicas(p)));
        return ordered("type", "cron", "metadata", metadata);
    }

    /** The replicas a schedule wakes: one worker from zero, or the floor when it is higher. */
    public static int scheduledReplicas(Pipeline p) {
        return Math.max(1, p.minReplicas());
    }

    /**
     * The gateway's pipeline status API of one pipeline: {@code GET <base>/v2/pipelines/{id}/status}. A
     * pipelineId is a valid label value (a layer-render rule: {@code [A-Za-z0-9._-]}), so it needs no escaping
     * in a path.
     */
    public static String statusUrl(String baseUrl, String pipelineId) {
        return GatewaySettings.stripTrailingSlashes(baseUrl) + "/v2/pipelines/" + pipelineId + "/status";
    }

    /**
     * The fields of the status response KEDA reads (GJSON paths): queued and claimed work, one metrics-api
     * trigger each, so claimed work keeps workers alive as the prometheus query's non-terminal stages do.
     */
    public static final List<String> STATUS_COUNTS = List.of("pending_count", "processing_count");

    /**
     * The ScaledObject's triggers: a scheduled Pipeline wakes on a KEDA {@code cron} window instead of
     * scaling on queue depth (the CRD: "instead of scaling it on pending queue depth"); any other scales on
     * its pending work, through prometheus or, with {@code scaling-signal: pipeline-status}, the gateway's
     * pipeline status API.
     */
    static List<Map<String, Object>> triggers(Pipeline p, String name, GatewaySettings s, boolean auth) {
        if (p.schedule() != null) {
            return List.of(cronTrigger(p, s));
        }
        List<Map<String, Object>> triggers = new ArrayList<>();
        if (s.pipelineStatusSignal()) {
            for (String count : STATUS_COUNTS) {
                Map<String, Object> metadata = ordered(
                        "url",
                        statusUrl(s.baseUrl(), p.pipelineId()),
                        "valueLocation",
                        count,
                        "targetValue",
                        Integer.toString(p.batchSize()),
                        "activationTargetValue",
                        "0");
                Map<String, Object> trigger = ordered("type", "metrics-api", "metadata", metadata);
                if (auth) {
                    metadata.put("authMode", "bearer");
                    trigger.put("authenticationRef", ordered("name", name));
                }
                triggers.add(trigger);
            }
            return triggers;
        }
        Map<String, Object> metadata = ordered(
                "serverAddress", s.metricsServer(),
                "query", query(p.pipelineId()),
                "threshold", Integer.toString(p.batchSize()),
                "activationThreshold", "0");
        Map<String, Object> trigger = ordered("type", "prometheus", "metadata", metadata);
        if (auth) {
            metadata.put("authModes", "bearer");
            trigger.put("authenticationRef", ordered("name", name));
        }
        triggers.add(trigger);
        return triggers;
    }

    private static GenericKubernetesResource scaledObject(Pipeline p, String name, GatewaySettings s, boolean auth) {
        int cooldown = p.warmWindowSeconds() != null ? p.warmWindowSeconds() : Pipeline.DEFAULT_COOLDOWN_SECONDS;
        Map<String, Object> spec = ordered(
                "scaleTargetRef", ordered("name", name),
                "pollingInterval", POLLING_INTERVAL_SECONDS,
                "cooldownPeriod", cooldown,
                "minReplicaCount", p.minReplicas(),
                "maxReplicaCount", p.maxReplicas(),
                "triggers", triggers(p, name, s, auth));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(KEDA_API_VERSION)
                .withKind("ScaledObject")
                .withMetadata(metadata(p, name))
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
