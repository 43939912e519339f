package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.PipelineIdCeiling;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cluster's first {@value PipelineIdCeiling#LIMIT} distinct pipelineIds (oldest Pipeline first, then namespace
 * and name: {@link Planner.ClusterIds}), kept between reconciles. Counting them afresh for every reconcile walks and
 * sorts every Pipeline of the cache each time: O(N log N) per reconcile, O(N² log N) for a resync of N Pipelines
 * (at 10,000 Pipelines the walk alone, memory-bound, was 55 % of the reconciler's CPU). Yet which ids are first
 * depends only on the Pipelines up to the one that brings the last admitted id (the boundary), and the API server
 * stamps {@code creationTimestamp} when it creates a Pipeline, so one created after the count sorts after the
 * boundary. A reconcile therefore looks up, in an index of the cache by {@code creationTimestamp}, the Pipelines of
 * the few timestamps up to the boundary's and recounts only when they differ from the last count's (one deleted,
 * one given another pipelineId, one created in the boundary's second before it). With fewer than the limit of
 * distinct ids there is no boundary, and each reconcile walks the cache's ids (no sort). Every
 * {@value #RECOUNT}th question recounts from scratch, so that a clock that went back (a Pipeline stamped before
 * the boundary after the count) is corrected soon.
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
    private Set<String> timestamps = Set.of(); // the creationTimestamps of the prefix
    private Key boundary; // null: fewer than LIMIT distinct ids at the last count
    private Planner.ClusterIds ids;

    /** The index of the cache {@link #get} asks: a Pipeline's {@code creationTimestamp}. */
    static final String BY_CREATED = "hevlayer.com/created";

    static final int RECOUNT = 1000;

    private int asked;

    static List<String> created(PipelineResource p) {
        String c = p.getMetadata().getCreationTimestamp();
        return List.of(c == null ? "" : c);
    }

    /**
     * @param cluster   every Pipeline of the cache (walked only to recount, or while there are fewer than the limit)
     * @param byCreated the cache's Pipelines of one {@code creationTimestamp} ({@link #BY_CREATED})
     */
    synchronized Planner.ClusterIds get(
            Supplier<Stream<PipelineResource>> cluster, Function<String, List<PipelineResource>> byCreated) {
        if (ids != null && ++asked % RECOUNT != 0) {
            if (boundary != null) {
                List<Key> upTo = new ArrayList<>();
                for (String t : timestamps) {
                    for (PipelineResource p : byCreated.apply(t)) {
                        Key k = Key.of(p);
                        if (Key.ORDER.compare(k, boundary) <= 0) {
                            upTo.add(k);
                        }
                    }
                }
                upTo.sort(Key.ORDER);
                if (upTo.equals(prefix)) {
                    return ids;
                }
            } else {
                // fewer than LIMIT distinct ids last time: nobody is beyond while that holds
                Set<String> distinct = new HashSet<>();
                cluster.get().forEach(p -> distinct.add(Key.of(p).id()));
                if (distinct.size() < PipelineIdCeiling.LIMIT) {
                    return ids;
                }
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
        timestamps = prefix.stream().map(Key::created).collect(Collectors.toCollection(LinkedHashSet::new));
        // with LIMIT admitted, a Pipeline of the cache whose id is not among them brings one beyond the limit
        ids = Planner.ClusterIds.admitted(first, boundary != null);
        return ids;
    }
}
