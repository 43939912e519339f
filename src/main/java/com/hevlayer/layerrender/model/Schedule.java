package com.hevlayer.layerrender.model;

/**
 * A Pipeline's {@code spec.schedule} as layer-render acts on it: the worker wakes at {@code cron} for a
 * window sized by {@code leaseSeconds} instead of scaling on queue depth. The other fields of the CRD
 * (discoveryIntervalSeconds, maxConcurrentScans, maxInFlightBatches) tune the worker's own scans and
 * change nothing layer-render renders (docs/fidelity.md, "Schedules").
 *
 * @param cron         the 5-field cron expression of the wake-up; {@link #DEFAULT_CRON} when the Pipeline
 *                     writes none (the CRD: "Defaults to hourly")
 * @param leaseSeconds the lease of a scan, which sizes the window
 */
public record Schedule(String cron, int leaseSeconds) {
    public static final String DEFAULT_CRON = "0 * * * *";
    public static final int DEFAULT_LEASE_SECONDS = 120;
    public static final int DEFAULT_DISCOVERY_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_MAX_CONCURRENT_SCANS = 4;
    public static final int DEFAULT_MAX_IN_FLIGHT_BATCHES = 8;
}
