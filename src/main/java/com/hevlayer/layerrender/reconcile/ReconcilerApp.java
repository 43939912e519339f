package com.hevlayer.layerrender.reconcile;

import com.hevlayer.layerrender.settings.GatewaySettings;
import com.hevlayer.layerrender.settings.SettingsLayer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Wires {@link PipelineReconciler} into a java-operator-sdk {@link Operator}: client, namespaces,
 * retry with exponential backoff (never giving up), periodic resync, leader election on a Lease,
 * metrics. Used by {@code layer-render reconcile} and, in process, by the tests.
 */
public final class ReconcilerApp implements AutoCloseable {

    /**
     * @param namespaces     namespaces to watch; empty for all
     * @param layers         gateway settings above the defaults and the VectorStore (the environment)
     * @param leaseNamespace namespace of the leader Lease; null disables leader election
     * @param exitOnLostLease end the process when leadership is lost (the production setting: the
     *                        kubelet restarts it as a standby, so two replicas never both write)
     */
    public record Options(
            Set<String> namespaces,
            List<SettingsLayer> layers,
            String leaseName,
            String leaseNamespace,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod,
            boolean exitOnLostLease,
            Duration resync,
            int threads,
            Duration retryInitial,
            Duration retryMax) {

        public static Options defaults(Set<String> namespaces, List<SettingsLayer> layers) {
            return new Options(
                    namespaces,
                    layers,
                    "layer-render",
                    null,
                    null,
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(2),
                    true,
                    Duration.ofMinutes(10),
                    4,
                    Duration.ofMillis(500),
                    Duration.ofSeconds(60));
        }

        public Options withLease(
                String namespace, String identity, Duration duration, Duration renew, Duration retry, boolean exit) {
            return new Options(
                    namespaces,
                    layers,
                    leaseName,
                    namespace,
                    identity,
                    duration,
                    renew,
                    retry,
                    exit,
                    resync,
                    threads,
                    retryInitial,
                    retryMax);
        }

        public Options withResync(Duration d) {
            return new Options(
                    namespaces,
                    layers,
                    leaseName,
                    leaseNamespace,
                    identity,
                    leaseDuration,
                    renewDeadline,
                    retryPeriod,
                    exitOnLostLease,
                    d,
                    threads,
                    retryInitial,
                    retryMax);
        }

        public Options withRetry(Duration initial, Duration max) {
            return new Options(
                    namespaces,
                    layers,
                    leaseName,
                    leaseNamespace,
                    identity,
                    leaseDuration,
                    renewDeadline,
                    retryPeriod,
                    exitOnLostLease,
                    resync,
                    threads,
                    initial,
                    max);
        }

        public Options withThreads(int n) {
            return new Options(
                    namespaces,
                    layers,
                    leaseName,
                    leaseNamespace,
                    identity,
                    leaseDuration,
                    renewDeadline,
                    retryPeriod,
                    exitOnLostLease,
                    resync,
                    n,
                    retryInitial,
                    retryMax);
        }
    }

    private final Operator operator;
    private final ReconcilerMetrics metrics;
    private volatile boolean closing;

    public ReconcilerApp(KubernetesClient client, Options options, ReconcilerMetrics metrics, Clock clock, Log log) {
        this.metrics = metrics;
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(metrics)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(options.threads())
                    .withUseSSAToPatchPrimaryResource(true)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCacheSyncTimeout(Duration.ofMinutes(2));
            if (options.leaseNamespace() != null) {
                o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                options.leaseName())
                        .withLeaseNamespace(options.leaseNamespace())
                        .withIdentity(options.identity())
                        .withLeaseDuration(options.leaseDuration())
                        .withRenewDeadline(options.renewDeadline())
                        .withRetryPeriod(options.retryPeriod())
                        // JOSDK would System.exit inside our shutdown hook too (a deadlock): we decide here
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                () -> {
                                    metrics.leader(true);
                                    log.info("leading: this replica reconciles");
                                },
                                () -> {
                                    metrics.leader(false);
                                    if (closing) {
                                        return;
                                    }
                                    log.warn("lost the leader lease: this replica stops reconciling");
                                    if (options.exitOnLostLease()) {
                                        // restart as a standby (the kubelet restarts the container) so two never write
                                        new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
                                    }
                                },
                                id -> log.info("leader is " + id)))
                        .build());
            } else {
                metrics.leader(true);
            }
        });
        GenericRetry retry = new GenericRetry()
                .setInitialInterval(options.retryInitial().toMillis())
                .setIntervalMultiplier(2)
                .setMaxInterval(options.retryMax().toMillis())
                .withoutMaxAttempts();
        GatewaySettings gateway = GatewaySettings.resolve(null, options.layers());
        PipelineReconciler.GatewaySecret secret =
                new PipelineReconciler.GatewaySecret(gateway.secretNamespace(), gateway.secretName());
        PipelineReconciler reconciler = new PipelineReconciler(
                new Planner(options.layers()), clock, metrics, log, secret, options.namespaces());
        operator.register(reconciler, c -> {
            c.withName(PipelineReconciler.NAME);
            c.withFieldManager(PipelineReconciler.FIELD_MANAGER);
            c.withRetry(retry);
            c.withReconciliationMaxInterval(options.resync());
            if (options.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(options.namespaces());
            }
        });
    }

    public void start() {
        operator.start();
    }

    /**
     * The process is alive and not stopping: also while {@link #start} waits for the caches to sync (a liveness
     * probe must not kill a replica that is still starting); {@link #ready} says when it serves.
     */
    public boolean healthy() {
        return !closing;
    }

    /** Every watch is connected and its cache synced. */
    public boolean ready() {
        return operator.getRuntimeInfo().isStarted()
                && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    public ReconcilerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        closing = true;
        operator.stop();
    }
}
