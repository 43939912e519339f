package com.hevlayer.layerrender.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * java-operator-sdk's {@link Metrics} hook, kept in memory and exposed in the Prometheus text
 * format on {@code /metrics}: reconciles, errors, durations, writes by verb and kind, leadership.
 */
public final class ReconcilerMetrics implements Metrics {
    private static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private final LongAdder started = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();
    private final LongAdder[] buckets = new LongAdder[BUCKETS.size()];
    private final LongAdder durationCount = new LongAdder();
    private final AtomicLong durationNanos = new AtomicLong();
    private final AtomicLong leader = new AtomicLong();

    public ReconcilerMetrics() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
        events.increment();
    }

    @Override
    public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        started.increment();
    }

    @Override
    public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        failed.increment();
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        succeeded.increment();
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        long t0 = System.nanoTime();
        try {
            return execution.execute();
        } finally {
            long nanos = System.nanoTime() - t0;
            durationNanos.addAndGet(nanos);
            durationCount.increment();
            double seconds = nanos / 1e9;
            for (int i = 0; i < BUCKETS.size(); i++) {
                if (seconds <= BUCKETS.get(i)) {
                    buckets[i].increment();
                }
            }
        }
    }

    /** One write to the API server: verb (apply, delete, status) and kind. */
    public void write(String verb, String kind) {
        writes.computeIfAbsent(verb + "\u0000" + kind, k -> new LongAdder()).increment();
    }

    public long writes() {
        return writes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long reconciles() {
        return started.sum();
    }

    public long errors() {
        return failed.sum();
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    /** Prometheus text exposition format 0.0.4. */
    public String scrape() {
        StringBuilder b = new StringBuilder();
        counter(b, "layer_render_reconciles_total", "Reconciliations started.", started.sum());
        counter(
                b,
                "layer_render_reconcile_successes_total",
                "Reconciliations that finished without error.",
                succeeded.sum());
        counter(
                b,
                "layer_render_reconcile_errors_total",
                "Reconciliations that failed (retried with backoff).",
                failed.sum());
        counter(b, "layer_render_events_total", "Events received from the watches.", events.sum());
        b.append("# HELP layer_render_writes_total Writes to the API server, by verb and kind.\n");
        b.append("# TYPE layer_render_writes_total counter\n");
        new TreeMap<>(writes).forEach((k, v) -> {
            String[] p = k.split("\u0000");
            b.append("layer_render_writes_total{verb=\"")
                    .append(p[0])
                    .append("\",kind=\"")
                    .append(p[1])
                    .append("\"} ")
                    .append(v.sum())
                    .append('\n');
        });
        b.append("# HELP layer_render_reconcile_duration_seconds Time spent in one reconciliation.\n");
        b.append("# TYPE layer_render_reconcile_duration_seconds histogram\n");
        for (int i = 0; i < BUCKETS.size(); i++) {
            b.append("layer_render_reconcile_duration_seconds_bucket{le=\"")
                    .append(BUCKETS.get(i))
                    .append("\"} ")
                    .append(buckets[i].sum())
                    .append('\n');
        }
        b.append("layer_render_reconcile_duration_seconds_bucket{le=\"+Inf\"} ")
                .append(durationCount.sum())
                .append('\n');
        b.append("layer_render_reconcile_duration_seconds_sum ")
                .append(durationNanos.get() / 1e9)
                .append('\n');
        b.append("layer_render_reconcile_duration_seconds_count ")
                .append(durationCount.sum())
                .append('\n');
        b.append("# HELP layer_render_leader 1 while this replica holds the leader lease.\n");
        b.append("# TYPE layer_render_leader gauge\n");
        b.append("layer_render_leader ").append(leader.get()).append('\n');
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append(' ').append(value).append('\n');
    }
}
