package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.render.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The thin, cluster-facing half of the reconciler, on java-operator-sdk: reads the Pipeline, its
 * InfraRules/default and VectorStores from the informer caches, asks {@link Planner} (the same
 * engine the CLI runs) what should exist, applies what differs with server-side apply, deletes the
 * KEDA objects that are no longer wanted, and reports status. No write happens when the caches
 * already show the desired state.
 */
public final class PipelineReconciler implements Reconciler<PipelineResource> {
    public static final String FIELD_MANAGER = "layer-render";
    public static final String NAME = "pipeline";
    static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=layer-render";

    static final String INFRA_RULES = "infrarules";
    static final String VECTOR_STORES = "vectorstores";
    static final String SECRETS = "secrets";
    static final String BY_NAMESPACE = "hevlayer.com/namespace";
    /** On a copy of the gateway Secret: the namespace it is copied from (and so: a copy, ours to update). */
    public static final String COPY_OF_LABEL = "hevlayer.com/copy-of";

    private final Planner planner;
    private final Clock clock;
    private final ReconcilerMetrics metrics;
    private final Log log;
    private final Map<String, InformerEventSource<? extends HasMetadata, PipelineResource>> sources =
            new ConcurrentHashMap<>();

    private final GatewaySecret gatewaySecret;
    private final Set<String> namespaces;
    private final Map<String, Object> copyLocks = new ConcurrentHashMap<>();
    private final ClusterIdCache clusterIds = new ClusterIdCache();

    /**
     * The gateway Secret workers outside the gateway's namespace get a copy of: its name (the gateway
     * settings' without a VectorStore) and namespace. The reconciler watches only Secrets of that name.
     */
    public record GatewaySecret(String namespace, String name) {}

    public PipelineReconciler(Planner planner, Clock clock, ReconcilerMetrics metrics, Log log) {
        this(planner, clock, metrics, log, new GatewaySecret("layer", "layer"), Set.of());
    }

    /** @param namespaces the namespaces the controller watches; empty for all */
    public PipelineReconciler(
            Planner planner,
            Clock clock,
            ReconcilerMetrics metrics,
            Log log,
            GatewaySecret gatewaySecret,
            Set<String> namespaces) {
        this.gatewaySecret = gatewaySecret;
        this.namespaces = Set.copyOf(namespaces);
        this.log = log;
        this.planner = planner;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, PipelineResource>> prepareEventSources(EventSourceContext<PipelineResource> ctx) {
        List<EventSource<?, PipelineResource>> out = new ArrayList<>();
        // the cache's Pipelines by namespace (a VectorStore's or a Secret copy's change wakes up its namespace's)
        // and by creationTimestamp (the pipelineId ceiling): looked up, not found by walking every Pipeline
        ctx.getPrimaryCache()
                .addIndexer(BY_NAMESPACE, p -> List.of(p.getMetadata().getNamespace()));
        ctx.getPrimaryCache().addIndexer(ClusterIdCache.BY_CREATED, ClusterIdCache::created);
        // children: an edit or a deletion by hand wakes up their Pipeline (drift repair)
        for (ChildKind child : ChildKind.values()) {
            add(out, children(child.type, child.sourceName(), ctx));
        }
        // InfraRules/default: any change re-renders every Pipeline
        add(
                out,
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(InfraRulesResource.class, PipelineResource.class)
                                .withName(INFRA_RULES)
                                .withWatchAllNamespaces()
                                .withSecondaryToPrimaryMapper(
                                        r -> "default".equals(r.getMetadata().getName())
                                                ? allPipelines(ctx, null)
                                                : Set.of())
                                .build(),
                        ctx));
        // VectorStores: a change re-renders the Pipelines of its namespace (the default store decides credentials)
        add(
                out,
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(VectorStoreResource.class, PipelineResource.class)
                                .withName(VECTOR_STORES)
                                .withSecondaryToPrimaryMapper(
                                        r -> allPipelines(ctx, r.getMetadata().getNamespace()))
                                .build(),
                        ctx));
        // the gateway Secret and its copies: only Secrets of that one name are listed and watched (RBAC can name
        // them); a change of the source re-renders every Pipeline, of a copy those of its namespace
        InformerEventSourceConfiguration.Builder<Secret> secrets = InformerEventSourceConfiguration.from(
                        Secret.class, PipelineResource.class)
                .withName(SECRETS)
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", gatewaySecret.name())))
                // a Pipeline's Secrets are named, not indexed: without this JOSDK keeps a primary-to-secondary index
                // and updates it on every write of a copy for each of its namespace's Pipelines (13 % of the CPU at
                // 10,000 Pipelines, 200 a namespace)
                .withPrimaryToSecondaryMapper((PipelineResource p) -> Set.of(
                        new ResourceID(gatewaySecret.name(), p.getMetadata().getNamespace()),
                        new ResourceID(gatewaySecret.name(), gatewaySecret.namespace())))
                .withSecondaryToPrimaryMapper(
                        s -> gatewaySecret.namespace().equals(s.getMetadata().getNamespace())
                                ? allPipelines(ctx, null)
                                : allPipelines(ctx, s.getMetadata().getNamespace()));
        if (namespaces.isEmpty()) {
            secrets.withWatchAllNamespaces();
        } else {
            Set<String> watched = new java.util.TreeSet<>(namespaces);
            watched.add(gatewaySecret.namespace());
            secrets.withNamespaces(watched);
        }
        add(out, new InformerEventSource<>(secrets.build(), ctx));
        return out;
    }

    /** Objects we render, found by our label and mapped to their Pipeline by the controller owner reference. */
    private static <R extends HasMetadata> InformerEventSource<R, PipelineResource> children(
            Class<R> type, String name, EventSourceContext<PipelineResource> ctx) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(type, PipelineResource.class)
                        .withName(name)
                        .withLabelSelector(MANAGED_BY_SELECTOR)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(PipelineResource.class, false))
                        .build(),
                ctx);
    }

    private void add(
            List<EventSource<?, PipelineResource>> out,
            InformerEventSource<? extends HasMetadata, PipelineResource> s) {
        sources.put(s.name(), s);
        out.add(s);
    }

    private static Set<ResourceID> allPipelines(EventSourceContext<PipelineResource> ctx, String namespace) {
        return (namespace == null
                        ? ctx.getPrimaryCache().list()
                        : ctx.getPrimaryCache().byIndex(BY_NAMESPACE, namespace).stream())
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    /** What the Pipeline renders to with the cluster's InfraRules, its namespace's VectorStores and the cluster's pipelineIds. */
    private Planner.Plan plan(PipelineResource pipeline, Context<PipelineResource> ctx) {
        String ns = pipeline.getMetadata().getNamespace();
        JsonNode infra = this.<InfraRulesResource>source(ctx, INFRA_RULES)
                .get(new ResourceID("default"))
                .map(PipelineReconciler::tree)
                .orElse(null);
        List<JsonNode> stores = this.<VectorStoreResource>source(ctx, VECTOR_STORES)
                .list(ns)
                .sorted((a, b) ->
                        a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .map(PipelineReconciler::tree)
                .collect(Collectors.toList());
        // the cluster's pipelineIds only when the ceiling can apply, and counted afresh only when they changed
        return planner.plan(
                tree(pipeline),
                infra,
                stores,
                () -> clusterIds.get(
                        () -> ctx.getPrimaryCache().list(),
                        t -> ctx.getPrimaryCache().byIndex(ClusterIdCache.BY_CREATED, t)));
    }

    @Override
    public UpdateControl<PipelineResource> reconcile(PipelineResource pipeline, Context<PipelineResource> ctx) {
        String ns = pipeline.getMetadata().getNamespace();
        Planner.Plan plan = plan(pipeline, ctx);

        if (!plan.ok()) {
            writeStatus(ctx, pipeline, false, plan.reason(), plan.message(), null);
            return UpdateControl.noUpdate();
        }
        KubernetesClient client = ctx.getClient();
        List<String> others = new ArrayList<>();
        for (ObjectNode desired : plan.objects()) {
            ownedByOther(client, ctx, pipeline, desired).ifPresent(others::add);
        }
        if (!others.isEmpty()) {
            // another controller's (or a hand-made) object of our name: never overwritten; nothing is applied
            // (a ScaledObject must not scale a Deployment that is not ours), the last good objects stay
            String message = String.join("\n", others);
            log.warn("Pipeline " + ns + "/" + pipeline.getMetadata().getName() + ": " + message);
            writeStatus(ctx, pipeline, false, Planner.Reasons.OWNED_BY_OTHER, message, null);
            return UpdateControl.noUpdate();
        }
        for (ObjectNode desired : plan.objects()) {
            apply(client, ctx, pipeline, desired);
        }
        Set<String> wanted =
                plan.objects().stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet());
        for (ChildKind child : ChildKind.values()) {
            if (child.deletedWhenUnwanted && !wanted.contains(child.kind)) {
                deleteIfOurs(client, ctx, pipeline, child);
            }
        }
        String secretProblem;
        synchronized (copyLocks.computeIfAbsent(ns, k -> new Object())) { // Pipelines of a namespace share the copy
            secretProblem = syncSecretCopy(client, ctx, pipeline, plan.copy());
        }
        String message = "applied "
                + plan.objects().stream()
                        .map(o -> o.path("kind").asText() + "/"
                                + o.path("metadata").path("name").asText())
                        .collect(Collectors.joining(", "));
        if (!plan.problems().isEmpty()) {
            message += "\n" + plan.message(); // warnings
        }
        if (secretProblem != null) {
            log.warn("Pipeline " + ns + "/" + pipeline.getMetadata().getName() + ": " + secretProblem);
            writeStatus(
                    ctx,
                    pipeline,
                    false,
                    Planner.Reasons.GATEWAY_SECRET_MISSING,
                    secretProblem + "\n" + message,
                    plan.objects());
            return UpdateControl.noUpdate();
        }
        writeStatus(ctx, pipeline, true, Planner.Reasons.RECONCILED, message, plan.objects());
        return UpdateControl.noUpdate();
    }

    /** After retries failed: say so in the status (the retry goes on, with backoff). */
    @Override
    public ErrorStatusUpdateControl<PipelineResource> updateErrorStatus(
            PipelineResource pipeline, Context<PipelineResource> ctx, Exception e) {
        int attempts = ctx.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0);
        log.warn("reconcile of Pipeline " + pipeline.getMetadata().getNamespace() + "/"
                + pipeline.getMetadata().getName() + " failed (attempt " + attempts + "): " + e);
        if (attempts < 3) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        try {
            writeStatus(
                    ctx,
                    pipeline,
                    false,
                    Planner.Reasons.APPLY_FAILED,
                    "could not apply the rendered objects: " + e.getMessage(),
                    null);
        } catch (RuntimeException statusFailed) {
            log.warn("could not write the status either: " + statusFailed);
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /**
     * Server-side applies the status (only when it differs) and puts the answer in the primary
     * cache, so that the next reconcile of this Pipeline sees what we wrote even before the watch
     * delivers it (otherwise it would stamp a new lastTransitionTime and write again).
     */
    private void writeStatus(
            Context<PipelineResource> ctx,
            PipelineResource pipeline,
            boolean ready,
            String reason,
            String message,
            List<ObjectNode> managed) {
        long generation = pipeline.getMetadata().getGeneration() == null
                ? 0
                : pipeline.getMetadata().getGeneration();
        JsonNode previous = pipeline.getStatus();
        ObjectNode next = StatusBuilder.build(previous, generation, ready, reason, message, managed, clock.instant());
        if (previous != null && Subset.contains(previous, next) && Subset.contains(next, previous)) {
            return;
        }
        PipelineResource fresh = new PipelineResource();
        fresh.setMetadata(new ObjectMetaBuilder()
                .withName(pipeline.getMetadata().getName())
                .withNamespace(pipeline.getMetadata().getNamespace())
                .build());
        fresh.setStatus(next);
        PipelineResource updated = ctx.getClient()
                .resource(fresh)
                .subresource("status")
                .patch(new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(FIELD_MANAGER)
                        .withForce(true)
                        .build());
        metrics.write("status", "Pipeline");
        ctx.eventSourceRetriever()
                .getControllerEventSource()
                .handleRecentResourceUpdate(ResourceID.fromResource(pipeline), updated, pipeline);
    }

    private void apply(
            KubernetesClient client, Context<PipelineResource> ctx, PipelineResource pipeline, ObjectNode desired) {
        String kind = desired.path("kind").asText();
        ChildKind child = ChildKind.of(kind);
        String name = desired.path("metadata").path("name").asText();
        String ns = desired.path("metadata").path("namespace").asText();
        ResourceID id = new ResourceID(name, ns);
        InformerEventSource<HasMetadata, PipelineResource> source = source(ctx, child.sourceName());
        Optional<HasMetadata> actual = source.get(id);
        if (actual.isPresent() && Subset.contains(tree(actual.get()), desired)) {
            return; // already as wanted: no write
        }
        // the rendered tree is the body as it is, and the answer is read as the informer's type: no detour through
        // GenericKubernetesResource either way (two conversions of every object, 7 % of the reconciler's CPU)
        HasMetadata typed = applyJson(client, child.type, ns, name, json(desired));
        metrics.write("apply", kind);
        log.info("applied " + kind + " " + ns + "/" + name + (actual.isPresent() ? "" : " (created)"));
        // our own write: put it in the cache now so the event it causes does not reconcile again
        if (actual.isPresent()) {
            source.handleRecentResourceUpdate(ResourceID.fromResource(pipeline), typed, actual.get());
        } else {
            source.handleRecentResourceCreate(ResourceID.fromResource(pipeline), typed);
        }
    }

    /**
     * Why {@code desired} must not be applied: an object of its kind and name exists and has no controller
     * owner reference to this Pipeline (another controller's, or made by hand). The informer only sees
     * objects with our label, so one it does not hold is read from the API server once (a create is rare).
     */
    private Optional<String> ownedByOther(
            KubernetesClient client, Context<PipelineResource> ctx, PipelineResource pipeline, ObjectNode desired) {
        ChildKind child = ChildKind.of(desired.path("kind").asText());
        String name = desired.path("metadata").path("name").asText();
        String ns = desired.path("metadata").path("namespace").asText();
        InformerEventSource<HasMetadata, PipelineResource> source = source(ctx, child.sourceName());
        HasMetadata actual = source.get(new ResourceID(name, ns)).orElse(null);
        if (actual == null) {
            actual = client.genericKubernetesResources(child.context)
                    .inNamespace(ns)
                    .withName(name)
                    .get();
        }
        if (actual == null || ownedBy(actual, pipeline)) {
            return Optional.empty();
        }
        return Optional.of(child.kind + " " + ns + "/" + name + " already exists and is not this Pipeline's: "
                + owner(actual)
                + "; layer-render leaves it alone (delete or rename it, and this Pipeline's own is created)");
    }

    /** Who an object belongs to, as a user would look it up: its controller, else its writers. */
    static String owner(HasMetadata o) {
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController())) {
                return "its controller is " + r.getKind() + " " + r.getName() + " (uid " + r.getUid() + ")";
            }
        }
        String managers = o.getMetadata().getManagedFields().stream()
                .map(m -> m.getManager())
                .filter(m -> m != null && !m.isEmpty())
                .distinct()
                .collect(Collectors.joining(", "));
        return "it has no controller owner reference"
                + (managers.isEmpty() ? " (made by hand or by another tool)" : " (written by " + managers + ")");
    }

    /**
     * Keeps the copy of the gateway Secret in the Pipeline's namespace as the Pipeline needs it: when it needs
     * one, the copy holds the source's value of its key and an owner reference to it (several Pipelines of a
     * namespace own one copy, none as controller, so Kubernetes deletes it with the last of them); when it does
     * not, its owner reference is dropped and the copy deleted when no owner is left. A Secret of that name
     * that is not a copy (no {@value #COPY_OF_LABEL} label) is the namespace's own: used as it is, never written.
     * Values are never logged nor reported: messages name Secrets and keys only.
     *
     * @return why the worker cannot get its credential, or null
     */
    private String syncSecretCopy(
            KubernetesClient client,
            Context<PipelineResource> ctx,
            PipelineResource pipeline,
            Planner.SecretCopy copy) {
        String ns = pipeline.getMetadata().getNamespace();
        String name = gatewaySecret.name();
        InformerEventSource<Secret, PipelineResource> secrets = source(ctx, SECRETS);
        Secret existing = secrets.get(new ResourceID(name, ns)).orElse(null);
        boolean ours = existing != null && isCopy(existing);
        List<OwnerReference> others = ours
                ? existing.getMetadata().getOwnerReferences().stream()
                        .filter(o -> !pipeline.getMetadata().getUid().equals(o.getUid()))
                        .collect(Collectors.toList())
                : List.of();
        if (!readsTheCopy(copy)) {
            if (ours
                    && others.size()
                            < existing.getMetadata().getOwnerReferences().size()) {
                if (others.isEmpty()) {
                    client.secrets().inNamespace(ns).withName(name).delete();
                    metrics.write("delete", "Secret");
                    log.info("deleted Secret " + ns + "/" + name
                            + " (a copy of the gateway Secret no worker here needs)");
                } else {
                    applySecret(client, secrets, pipeline, existing, secret(existing, ns, others, existing.getData()));
                }
            }
            return null;
        }
        if (existing != null && !ours) {
            return null; // the namespace's own Secret of that name
        }
        String where = "Secret " + gatewaySecret.namespace() + "/" + name;
        Secret src =
                secrets.get(new ResourceID(name, gatewaySecret.namespace())).orElse(null);
        String why = src == null
                ? "does not exist"
                : src.getData() == null || !src.getData().containsKey(copy.key()) ? "has no key " + copy.key() : null;
        if (why != null) {
            return where + " (the gateway's credential) " + why + ", so the worker in namespace " + ns
                    + " has no credential (layer-render rule: workers read the gateway Secret in their own namespace,"
                    + " and layer-render copies it there from namespace " + gatewaySecret.namespace()
                    + "; fix: create it with key " + copy.key() + " (the hev layer chart does), set"
                    + " GATEWAY_API_SECRET_NAMESPACE to where it is, or create Secret " + name + " in namespace " + ns
                    + " yourself)";
        }
        Map<String, String> data = new java.util.TreeMap<>();
        if (ours && existing.getData() != null) {
            for (String k : existing.getData().keySet()) { // keys other Pipelines here read (another auth mode's)
                if (src.getData().containsKey(k)) {
                    data.put(k, src.getData().get(k));
                }
            }
        }
        data.put(copy.key(), src.getData().get(copy.key()));
        List<OwnerReference> owners = new ArrayList<>(others);
        owners.add(ownerReference(pipeline));
        if (ours
                && data.equals(existing.getData())
                && owners.size() == existing.getMetadata().getOwnerReferences().size()) {
            return null; // as wanted: no write
        }
        for (Map.Entry<PipelineResource, String> other : notYetReconciled(ctx, ns, owners)) {
            owners.add(ownerReference(other.getKey()));
            String key = other.getValue();
            if (src.getData().containsKey(key)) {
                data.put(key, src.getData().get(key));
            }
        }
        applySecret(client, secrets, pipeline, existing, secret(existing, ns, owners, data));
        return null;
    }

    /** True when the Pipeline's workers read the gateway Secret in their own namespace, which this reconciler copies there. */
    private boolean readsTheCopy(Planner.SecretCopy copy) {
        return copy != null
                && copy.name().equals(gatewaySecret.name())
                && copy.sourceNamespace().equals(gatewaySecret.namespace());
    }

    private static OwnerReference ownerReference(PipelineResource p) {
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion(p.getApiVersion())
                .withKind("Pipeline")
                .withName(p.getMetadata().getName())
                .withUid(p.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }

    /**
     * The other Pipelines of the copy's namespace that a write of the copy names as owners (with the key each reads):
     * those this reconciler has not reconciled yet at their generation (no status, or one of an older generation),
     * not being deleted, not owners already (by uid), whose plan succeeds and reads the copy. Written now, each one's
     * own reconcile finds its reference and key and writes nothing, where it would otherwise write the copy again
     * with one more reference (at 200 Pipelines a namespace, 200 writes of a list growing to 200: O(n²) bytes through
     * the API server and every watch of Secrets). Planning them is the same pure render their reconcile does; a
     * Pipeline that fails to plan, or brings its own credential, is never named (it would hold the copy, and the
     * gateway's credential, in the namespace for nothing).
     */
    private List<Map.Entry<PipelineResource, String>> notYetReconciled(
            Context<PipelineResource> ctx, String ns, List<OwnerReference> owners) {
        Set<String> present = owners.stream().map(OwnerReference::getUid).collect(Collectors.toSet());
        List<Map.Entry<PipelineResource, String>> out = new ArrayList<>();
        ctx.getPrimaryCache().byIndex(BY_NAMESPACE, ns).stream()
                .filter(p -> p.getMetadata().getUid() != null
                        && !present.contains(p.getMetadata().getUid())
                        && !p.isMarkedForDeletion()
                        && !reconciledAtItsGeneration(p))
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
                .forEach(p -> {
                    Planner.Plan plan = plan(p, ctx);
                    if (plan.ok() && readsTheCopy(plan.copy())) {
                        out.add(Map.entry(p, plan.copy().key()));
                    }
                });
        return out;
    }

    private static boolean reconciledAtItsGeneration(PipelineResource p) {
        JsonNode observed = p.getStatus() == null ? null : p.getStatus().get("observedGeneration");
        long generation =
                p.getMetadata().getGeneration() == null ? 0 : p.getMetadata().getGeneration();
        return observed != null && observed.canConvertToLong() && observed.asLong() == generation;
    }

    private Secret secret(Secret existing, String ns, List<OwnerReference> owners, Map<String, String> data) {
        return new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(gatewaySecret.name())
                .withNamespace(ns)
                // a write over a copy we read: refused if it changed since (another replica, a person)
                .withResourceVersion(
                        existing == null ? null : existing.getMetadata().getResourceVersion())
                .addToLabels("app.kubernetes.io/managed-by", FIELD_MANAGER)
                .addToLabels(COPY_OF_LABEL, gatewaySecret.namespace())
                .withOwnerReferences(owners)
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    private void applySecret(
            KubernetesClient client,
            InformerEventSource<Secret, PipelineResource> secrets,
            PipelineResource pipeline,
            Secret existing,
            Secret desired) {
        Secret applied = client.secrets()
                .inNamespace(desired.getMetadata().getNamespace())
                .resource(desired)
                .patch(new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(FIELD_MANAGER)
                        .withForce(true)
                        .build());
        metrics.write("apply", "Secret");
        log.info("copied Secret " + gatewaySecret.namespace() + "/" + gatewaySecret.name() + " into namespace "
                + desired.getMetadata().getNamespace() + " (keys "
                + String.join(", ", desired.getData().keySet())
                + "; owners " + desired.getMetadata().getOwnerReferences().size() + ")");
        if (existing != null) {
            secrets.handleRecentResourceUpdate(ResourceID.fromResource(pipeline), applied, existing);
        } else {
            secrets.handleRecentResourceCreate(ResourceID.fromResource(pipeline), applied);
        }
    }

    private static boolean isCopy(Secret s) {
        return s.getMetadata().getLabels() != null
                && s.getMetadata().getLabels().containsKey(COPY_OF_LABEL);
    }

    private void deleteIfOurs(
            KubernetesClient client, Context<PipelineResource> ctx, PipelineResource pipeline, ChildKind child) {
        String name = Labels.objectName(pipeline.getMetadata().getName());
        String ns = pipeline.getMetadata().getNamespace();
        InformerEventSource<HasMetadata, PipelineResource> source = source(ctx, child.sourceName());
        Optional<HasMetadata> actual = source.get(new ResourceID(name, ns));
        if (actual.isEmpty() || !ownedBy(actual.get(), pipeline)) {
            return;
        }
        client.genericKubernetesResources(child.context)
                .inNamespace(ns)
                .withName(name)
                .delete();
        metrics.write("delete", child.kind);
        log.info("deleted " + child.kind + " " + ns + "/" + name + " (no longer wanted)");
    }

    private static boolean ownedBy(HasMetadata child, PipelineResource pipeline) {
        for (OwnerReference o : child.getMetadata().getOwnerReferences()) {
            if (pipeline.getMetadata().getUid().equals(o.getUid()) && Boolean.TRUE.equals(o.getController())) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> InformerEventSource<R, PipelineResource> source(
            Context<PipelineResource> ctx, String name) {
        return (InformerEventSource<R, PipelineResource>) sources.get(name);
    }

    /**
     * Server-side applies {@code body} to the object {@code ns/name} of {@code type}; the answer as that type. The
     * item fabric8 is given only names the object (its URL): with an item fabric8 sends the body as it is, without
     * one it would GET the object first.
     */
    private static <T extends HasMetadata> T applyJson(
            KubernetesClient client, Class<T> type, String ns, String name, String body) {
        T named;
        try {
            named = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no public no-argument constructor", e);
        }
        named.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        return client.resources(type)
                .inNamespace(ns)
                .resource(named)
                .patch(
                        new PatchContext.Builder()
                                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager(FIELD_MANAGER)
                                .withForce(true)
                                .build(),
                        body);
    }

    private static String json(JsonNode o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree always serializes
        }
    }

    static JsonNode tree(Object o) {
        return Json.MAPPER.valueToTree(o);
    }
}
