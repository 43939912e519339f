package com.hevlayer.layerrender.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.yaml.Pointer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A tiny property runner on plain JUnit: {@code cases} inputs from a seeded {@link Random}; on the
 * first failure the input is shrunk and the failure reports the property, the case's seed, the
 * command that replays exactly that case, and the shrunk input.
 *
 * <p>System properties: {@code proof.seed} (base seed, default fixed so every run is the same),
 * {@code proof.cases} (cases per property, default 1000), {@code proof.replay} (run one case seed).
 */
final class Property {
    static final long SEED = Long.getLong("proof.seed", 20_261_125L);
    static final int CASES = Integer.getInteger("proof.cases", 1000);
    static final Long REPLAY = Long.getLong("proof.replay");

    private Property() {}

    interface Check<T> {
        void check(T input) throws Exception;
    }

    /** Runs {@code check} over generated inputs; returns the number of cases run. */
    static <T> int forAll(String name, Function<Random, T> gen, Function<T, List<T>> shrinks, Check<T> check) {
        return forAll(name, CASES, gen, shrinks, check);
    }

    /** The same over the first {@code cases} of the cases (a costlier property runs fewer). */
    static <T> int forAll(
            String name, int cases, Function<Random, T> gen, Function<T, List<T>> shrinks, Check<T> check) {
        long[] all = caseSeeds(name);
        long[] seeds = java.util.Arrays.copyOf(all, Math.max(1, Math.min(cases, all.length)));
        for (long seed : seeds) {
            T input = gen.apply(new Random(seed));
            Throwable failure = failure(check, input);
            if (failure != null) {
                Shrunk<T> s = shrink(input, failure, shrinks, check);
                AssertionError e = new AssertionError(
                        "property \"" + name + "\" failed; case seed " + seed
                                + " (replay: mvn test -Dtest=" + caller() + " -Dproof.replay=" + seed + ")\n"
                                + "shrunk in " + s.steps + " steps to:\n" + s.input + "\nfailure: " + s.failure,
                        s.failure);
                throw e;
            }
        }
        return seeds.length;
    }

    static long[] caseSeeds(String name) {
        if (REPLAY != null) {
            return new long[] {REPLAY};
        }
        Random base = new Random(SEED ^ name.hashCode());
        long[] seeds = new long[CASES];
        for (int i = 0; i < CASES; i++) {
            seeds[i] = base.nextLong();
        }
        return seeds;
    }

    private static String caller() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().endsWith("Test")) {
                String c = e.getClassName();
                return c.substring(c.lastIndexOf('.') + 1);
            }
        }
        return "PropertiesTest";
    }

    static <T> Throwable failure(Check<T> check, T input) {
        try {
            check.check(input);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    record Shrunk<T>(T input, Throwable failure, int steps) {}

    /** Greedy: take the first smaller input that still fails the same check, until none does. */
    static <T> Shrunk<T> shrink(T input, Throwable failure, Function<T, List<T>> shrinks, Check<T> check) {
        T current = input;
        Throwable currentFailure = failure;
        int steps = 0;
        int budget = 2000;
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (T candidate : shrinks.apply(current)) {
                if (--budget <= 0) {
                    break;
                }
                Throwable f = failure(check, candidate);
                if (f != null && f.getClass() == currentFailure.getClass()) {
                    current = candidate;
                    currentFailure = f;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        return new Shrunk<>(current, currentFailure, steps);
    }

    /**
     * Smaller scenarios that are still valid input: one document fewer, one field or list item
     * fewer anywhere in a document, one setting fewer, no default namespace.
     */
    static Function<Scenario, List<Scenario>> scenarioShrinks(Predicate<Scenario> valid) {
        return s -> {
            List<Scenario> out = new ArrayList<>();
            for (int i = 0; i < s.docs().size(); i++) {
                Scenario c = s.copy();
                c.docs().remove(i);
                out.add(c);
            }
            for (String key : s.flags().keySet()) {
                Scenario c = s.copy();
                c.flags().remove(key);
                out.add(c);
            }
            for (String key : s.env().keySet()) {
                Scenario c = s.copy();
                c.env().remove(key);
                out.add(c);
            }
            if (s.defaultNamespace() != null) {
                out.add(new Scenario(s.copy().docs(), s.env(), s.flags(), null, s.json()));
            }
            for (int i = 0; i < s.docs().size(); i++) {
                for (String pointer : pointers(s.docs().get(i), "")) {
                    Scenario c = s.copy();
                    remove(c.docs().get(i), pointer);
                    out.add(c);
                }
            }
            out.removeIf(c -> !valid.test(c));
            return out;
        };
    }

    /** Every removable node, deepest first. */
    static List<String> pointers(JsonNode n, String at) {
        List<String> out = new ArrayList<>();
        if (n.isObject()) {
            Iterator<String> it = n.fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                String p = Pointer.child(at, k);
                out.addAll(pointers(n.get(k), p));
                out.add(p);
            }
        } else if (n.isArray()) {
            for (int i = n.size() - 1; i >= 0; i--) {
                String p = at + "/" + i;
                out.addAll(pointers(n.get(i), p));
                out.add(p);
            }
        }
        return out;
    }

    static void remove(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = Pointer.unescape(pointer.substring(slash + 1));
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(last);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
        }
    }
}
