package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.diff.Apply;
import com.hevlayer.layerrender.diff.DiffReport;
import com.hevlayer.layerrender.diff.ObjectDiff;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code layer-render diff}'s core ({@link ObjectDiff}) over generated inputs: a render compared with itself
 * has no change, and applying the reported changes to the old side's objects gives the new side's, over
 * (1) pairs of renders of generated valid inputs ({@link Gen}), the second a mutation of the first (documents
 * dropped and added, images, modes and replica counts changed), and (2) pairs of random JSON trees made to
 * stress the field paths: lists by name and by position, reordered, with duplicate names, values of a new
 * type, keys that need quoting.
 */
@Execution(ExecutionMode.CONCURRENT)
class DiffPropertiesTest {
    record Pair(Scenario old, Scenario changed) {
        @Override
        public String toString() {
            return "old:\n" + old + "\nnew:\n" + changed;
        }
    }

    /** The new side: the old one with some documents dropped, some added, some fields changed; valid, or the old. */
    static Pair pair(Random r) {
        Scenario a = new Gen(r).scenario();
        for (int attempt = 0; attempt < 5; attempt++) {
            Scenario b = a.copy();
            if (!b.docs().isEmpty() && r.nextBoolean()) {
                b.docs().remove(r.nextInt(b.docs().size()));
            }
            if (r.nextInt(3) == 0) {
                b.docs().addAll(new Gen(r).scenario().docs());
            }
            for (ObjectNode d : b.docs()) {
                if (!"Pipeline".equals(d.path("kind").asText()) || !(d.get("spec") instanceof ObjectNode spec)) {
                    continue;
                }
                if (spec.get("worker") instanceof ObjectNode w && r.nextInt(3) == 0) {
                    w.put("image", "example.invalid/changed:" + r.nextInt(3));
                }
                if (spec.get("scaling") instanceof ObjectNode s && r.nextInt(4) == 0) {
                    s.put("mode", List.of("autoscale", "fixed", "disabled").get(r.nextInt(3)));
                }
            }
            if (Harness.valid(b)) {
                return new Pair(a, b);
            }
        }
        return new Pair(a, a.copy());
    }

    static List<Pair> shrinks(Pair p) {
        List<Pair> out = new ArrayList<>();
        for (Scenario s : Harness.SHRINKS.apply(p.old())) {
            out.add(new Pair(s, p.changed()));
        }
        for (Scenario s : Harness.SHRINKS.apply(p.changed())) {
            out.add(new Pair(p.old(), s));
        }
        return out;
    }

    @Test
    void aRenderComparedWithItselfHasNoChangeAndApplyingTheChangesToTheOldRenderGivesTheNewOne() {
        java.util.concurrent.atomic.AtomicInteger changed = new java.util.concurrent.atomic.AtomicInteger();
        int n = Property.forAll(
                "diff(A, A) is empty and apply(diff(A, B), A) = B",
                DiffPropertiesTest::pair,
                DiffPropertiesTest::shrinks,
                p -> {
                    List<JsonNode> a = Harness.render(p.old());
                    List<JsonNode> b = Harness.render(p.changed());
                    ObjectDiff.Result same = ObjectDiff.diff(a, copies(a));
                    assertTrue(same.isEmpty(), DiffReport.text(same, "A", "A"));
                    assertEquals(a.size(), same.unchanged());
                    ObjectDiff.Result d = ObjectDiff.diff(a, b);
                    assertEquals(sorted(b), sorted(Apply.apply(a, d)), DiffReport.text(d, "A", "B"));
                    assertEquals(d.isEmpty(), sorted(a).equals(sorted(b)));
                    assertEquals(
                            b.size(), d.unchanged() + d.count(ObjectDiff.Op.CHANGED) + d.count(ObjectDiff.Op.ADDED));
                    if (!d.isEmpty()) {
                        changed.incrementAndGet();
                    }
                });
        assertTrue(n >= Math.min(Property.CASES, 1));
        // the generator is not vacuous: most pairs differ
        assertTrue(n < 10 || changed.get() > n / 4, changed.get() + " of " + n + " pairs differ");
    }

    record Trees(List<JsonNode> old, List<JsonNode> changed) {
        @Override
        public String toString() {
            return "old: " + old + "\nnew: " + changed;
        }
    }

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Objects of a few identities (some on both sides, some twice), their bodies random trees and mutations of them. */
    static Trees trees(Random r) {
        List<JsonNode> a = new ArrayList<>();
        List<JsonNode> b = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            ObjectNode o = F.objectNode();
            o.put("apiVersion", r.nextBoolean() ? "apps/v1" : "v1");
            o.put("kind", r.nextBoolean() ? "Deployment" : "ConfigMap");
            o.putObject("metadata").put("name", "o" + r.nextInt(3)).put("namespace", "ns");
            o.set("spec", tree(r, 3));
            int where = r.nextInt(4);
            if (where != 1) {
                a.add(o);
            }
            if (where != 0) {
                ObjectNode m = o.deepCopy();
                m.set("spec", mutate(r, m.get("spec"), 3));
                b.add(m);
            }
        }
        return new Trees(a, b);
    }

    static JsonNode tree(Random r, int depth) {
        switch (depth <= 0 ? r.nextInt(4) : r.nextInt(7)) {
            case 0:
                return F.numberNode(r.nextInt(3));
            case 1:
                return F.textNode(List.of("a", "b", "x.y/z", "with space").get(r.nextInt(4)));
            case 2:
                return r.nextBoolean() ? F.booleanNode(r.nextBoolean()) : F.nullNode();
            case 3:
                return F.objectNode();
            case 4: {
                ObjectNode o = F.objectNode();
                int k = r.nextInt(4);
                for (int i = 0; i < k; i++) {
                    o.set(List.of("a", "b", "c.d", "e/f", "name").get(r.nextInt(5)), tree(r, depth - 1));
                }
                return o;
            }
            case 5: {
                ArrayNode l = F.arrayNode();
                int k = r.nextInt(4);
                for (int i = 0; i < k; i++) {
                    ObjectNode e = F.objectNode();
                    e.put("name", "n" + r.nextInt(r.nextBoolean() ? 2 : 6)); // sometimes two of a name
                    e.set("v", tree(r, depth - 1));
                    l.add(e);
                }
                return l;
            }
            default: {
                ArrayNode l = F.arrayNode();
                int k = r.nextInt(4);
                for (int i = 0; i < k; i++) {
                    l.add(tree(r, depth - 1));
                }
                return l;
            }
        }
    }

    /** The tree with random changes: values replaced (by another type too), keys and elements dropped, added, moved. */
    static JsonNode mutate(Random r, JsonNode n, int depth) {
        if (r.nextInt(6) == 0) {
            return tree(r, depth);
        }
        if (n instanceof ObjectNode o) {
            ObjectNode out = F.objectNode();
            o.fields().forEachRemaining(e -> {
                if (r.nextInt(5) != 0) {
                    out.set(e.getKey(), mutate(r, e.getValue(), depth - 1));
                }
            });
            if (r.nextInt(4) == 0) {
                out.set(List.of("a", "g", "h.i").get(r.nextInt(3)), tree(r, depth - 1));
            }
            return out;
        }
        if (n instanceof ArrayNode l) {
            ArrayNode out = F.arrayNode();
            for (JsonNode e : l) {
                if (r.nextInt(5) != 0) {
                    out.add(mutate(r, e, depth - 1));
                }
            }
            if (r.nextInt(3) == 0) {
                ObjectNode e = F.objectNode();
                e.put("name", "n" + r.nextInt(8));
                out.insert(r.nextInt(out.size() + 1), e);
            }
            if (out.size() > 1 && r.nextInt(5) == 0) {
                JsonNode first = out.remove(0);
                out.add(first); // a new order
            }
            return out;
        }
        return n.deepCopy();
    }

    @Test
    void overRandomTreesTooTheDiffIsEmptyForTheSameAndApplyingItGivesTheNew() {
        Function<Trees, List<Trees>> none = t -> List.of();
        Property.forAll("diff over random trees", DiffPropertiesTest::trees, none, t -> {
            assertTrue(ObjectDiff.diff(t.old(), copies(t.old())).isEmpty());
            ObjectDiff.Result d = ObjectDiff.diff(t.old(), t.changed());
            assertEquals(sorted(t.changed()), sorted(Apply.apply(t.old(), d)), DiffReport.text(d, "A", "B"));
            DiffReport.json(d, "A", "B"); // every result can be written
            DiffReport.markdown(d, "A", "B");
        });
    }

    static List<JsonNode> copies(List<JsonNode> l) {
        return l.stream().map(n -> (JsonNode) n.deepCopy()).toList();
    }

    /** The objects in a fixed order (the diff's result is a set of objects; apply puts the added ones last). */
    static List<JsonNode> sorted(List<JsonNode> objects) {
        List<JsonNode> out = new ArrayList<>(objects);
        out.sort(Comparator.comparing(JsonNode::toString));
        return out;
    }
}
