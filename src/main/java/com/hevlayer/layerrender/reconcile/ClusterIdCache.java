package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.PipelineIdCeiling;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The cluster's first {@value PipelineIdCeiling#LIMIT} distinct pipelineIds (oldest Pipeline first, then namespace
 * and name: {@link Planner.ClusterIds}), kept between reconciles. Counting them afresh for every reconcile sorts
 * every Pipeline of the cache each time: O(N log N) per reconcile, O(N² log N) for a resync of N Pipelines. Yet
 * which ids are first depends only on the Pipelines up to the one that brings the last admitted id (the
 * boundary): a Pipeline created later sorts after it. So a reconcile walks the cache once, comparing each
 * Pipeline's order key with the boundary's (a string comparison, no allocation for the Pipelines after it), and
 * counts afresh only when the Pipelines up to the boundary differ from the last count's. Exact: the answer is the
 * one {@link Planner.ClusterIds#of} gives for the same cache.
 */
final class ClusterIdCache {
    /** What the order and the count read of a Pipeline. */
    record Key(String created, String namespace, String name, String id) {
        static final Comparator<Key> ORDER =
                Comparator.comparing(Key::created).thenComparing(Key::namespace).thenComparing(Key::name);

        static Key of(PipelineResource p) {
            String created = p.getMetadata().getCreationTimestamp();
            JsonNode id = p.getSpec() == null ? null : p.getSpec().get("pipelineId");
            return new Key(
                    created == null ? "" : created,
                    nonNull(p.getMetadata().getNamespace()),
                    nonNull(p.getMetadata().getName()),
                    id != null && id.isTextual()
                            ? id.asText()
                            : nonNull(p.getMetadata().getName()));
        }

        private static String nonNull(String s) {
            return s == null ? "" : s;
        }
    }

    private List<Key> prefix = List.of(); // sorted, up to and including the boundary
    private Key boundary; // null: fewer than LIMIT distinct ids at the last count
    private Planner.ClusterIds ids;

    /** @param cluster every Pipeline of the cache (asked for again when a recount is needed) */
    synchronized Planner.ClusterIds get(Supplier<Stream<PipelineResource>> cluster) {
        if (ids != null && boundary != null) {
            List<Key> upTo = new ArrayList<>();
            cluster.get().forEach(p -> {
                String created = p.getMetadata().getCreationTimestamp();
                int c = (created == null ? "" : created).compareTo(boundary.created());
                if (c < 0 || c == 0 && Key.ORDER.compare(Key.of(p), boundary) <= 0) {
                    upTo.add(Key.of(p));
                }
            });
            upTo.sort(Key.ORDER);
            if (upTo.equals(prefix)) {
                return ids;
            }
        } else if (ids != null) {
            // fewer than LIMIT distinct ids last time: nobody is beyond while that holds
            Set<String> distinct = new HashSet<>();
            cluster.get().forEach(p -> distinct.add(Key.of(p).id()));
            if (distinct.size() < PipelineIdCeiling.LIMIT) {
                return ids;
            }
        }
        return recount(cluster.get().map(Key::of).sorted(Key.ORDER).toList());
    }

    private Planner.ClusterIds recount(List<Key> sorted) {
        Set<String> first = new LinkedHashSet<>();
        boundary = null;
        int end = sorted.size();
        for (int i = 0; i < sorted.size(); i++) {
            if (first.add(sorted.get(i).id()) && first.size() == PipelineIdCeiling.LIMIT) {
                boundary = sorted.get(i);
                end = i + 1;
                break;
            }
        }
        prefix = boundary == null ? List.of() : List.copyOf(sorted.subList(0, end));
        // with LIMIT admitted, a Pipeline of the cache whose id is not among them brings one beyond the limit
        ids = Planner.ClusterIds.admitted(first, boundary != null);
        return ids;
    }
}
