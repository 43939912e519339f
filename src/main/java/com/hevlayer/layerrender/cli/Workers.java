package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.util.Lazy;
import com.hevlayer.layerrender.util.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The threads of one large render, made at the edge and handed to the engine ({@link Parallel}) and to the
 * output ({@link #executor}): one per core, daemons (a render that fails never waits for them), ended by
 * {@link #close}. The calling thread takes its share of every {@link #map}, so that it never only waits. The
 * threads are made when first needed: a small render (one Argo CD application) never makes them.
 */
final class Workers implements Parallel, AutoCloseable {
    private final int parallelism;
    private final Lazy<ExecutorService> executor;
    private volatile boolean started;

    Workers(int parallelism) {
        this.parallelism = parallelism;
        this.executor = Lazy.of(() -> {
            started = true;
            return Executors.newFixedThreadPool(parallelism, r -> {
                Thread t = new Thread(r, "layer-render-work");
                t.setDaemon(true);
                return t;
            });
        });
    }

    /** One per available core, or none (null) on a single core, where {@link Parallel#SERIAL} does as well. */
    static Workers forThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores < 2 ? null : new Workers(cores);
    }

    /** Whether its threads were made (for tests). */
    boolean started() {
        return started;
    }

    ExecutorService executor() {
        return executor.get();
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    /** Tasks taken at a time by a thread: few enough to balance the threads, enough to make taking cheap. */
    private static final int BLOCK = 8;

    @Override
    public <T> List<T> map(int count, IntFunction<T> task) {
        int helpers = Math.min(parallelism, (count + BLOCK - 1) / BLOCK) - 1;
        if (helpers < 1) {
            return SERIAL.map(count, task);
        }
        // every thread takes the next block of indexes until none is left; each result lands in its own index
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(null);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Runnable work = () -> {
            for (int from = next.getAndAdd(BLOCK); from < count; from = next.getAndAdd(BLOCK)) {
                for (int i = from; i < Math.min(from + BLOCK, count); i++) {
                    try {
                        out.set(i, task.apply(i)); // distinct indexes: no structural change, no race
                    } catch (RuntimeException | Error e) {
                        failed.accumulateAndGet(e, (a, b) -> a == null ? b : a);
                        next.set(count); // the others stop taking
                        return;
                    }
                }
            }
        };
        List<Future<?>> running = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            running.add(executor.get().submit(work));
        }
        work.run();
        for (Future<?> f : running) {
            try {
                f.get(); // also makes the helpers' results visible here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(r -> r.cancel(true));
                throw new IllegalStateException("interrupted while rendering", e);
            } catch (ExecutionException e) {
                failed.compareAndSet(null, e.getCause());
            }
        }
        Throwable t = failed.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return out;
    }

    @Override
    public <T> Supplier<T> start(Supplier<T> task) {
        Future<T> running = executor.get().submit(task::get);
        return () -> {
            try {
                return running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.cancel(true);
                throw new IllegalStateException("interrupted while reading", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        };
    }

    @Override
    public void close() {
        if (started) {
            executor.get().shutdownNow();
        }
    }
}
