package com.hevlayer.layerrender.util;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Where pure work may run: the core asks for {@code count} independent tasks and gets their results in index
 * order, whatever ran them. The core never makes threads; the edge (the CLI) hands in one that spreads the
 * tasks over the cores, everything else gets {@link #SERIAL}. A task must not depend on another task of the
 * same call, nor write anything a task of the same call reads.
 */
public interface Parallel {
    /**
     * {@code task} applied to 0 .. count - 1, results in that order. A task's RuntimeException or Error is thrown
     * by this call (when several fail, which one is not said).
     */
    <T> List<T> map(int count, IntFunction<T> task);

    /**
     * {@code task} started and not waited for: the supplier returned waits for its result (and throws its
     * RuntimeException or Error). The caller goes on with its own work meanwhile (reading the next documents).
     */
    <T> Supplier<T> start(Supplier<T> task);

    /** How many tasks it runs at once (1 for {@link #SERIAL}): a caller sizes its batches by it. */
    int parallelism();

    /** Every task on the calling thread, in index order. */
    Parallel SERIAL = new Parallel() {
        @Override
        public <T> List<T> map(int count, IntFunction<T> task) {
            List<T> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(task.apply(i));
            }
            return out;
        }

        @Override
        public <T> Supplier<T> start(Supplier<T> task) {
            T result = task.get();
            return () -> result;
        }

        @Override
        public int parallelism() {
            return 1;
        }
    };
}
