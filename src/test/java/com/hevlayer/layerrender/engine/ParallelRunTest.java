package com.hevlayer.layerrender.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.util.Parallel;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.DocSource;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A run on several threads ({@link Engine.Request#parallel}) and a run that keeps its objects' text
 * ({@link Engine.Prewrite}) say and print exactly what a run on the calling thread does: the same problems in the
 * same order, the same bytes, whatever order the tasks (checking the documents as they are read, rendering them)
 * ran in and however much of the text the budget kept.
 */
class ParallelRunTest {
    private static final Engine ENGINE = new Engine(new SchemaCheck(), DeploymentSchema::new);
    private static final List<SettingsLayer> LAYERS = List.of(SettingsLayer.empty("test"));
    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** Tasks in reverse index order, on this thread: a result that depends on the order shows. */
    private static final Parallel REVERSED = new Parallel() {
        @Override
        public <T> List<T> map(int count, IntFunction<T> task) {
            List<T> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(null);
            }
            for (int i = count - 1; i >= 0; i--) {
                out.set(i, task.apply(i));
            }
            return out;
        }

        @Override
        public <T> Supplier<T> start(Supplier<T> task) {
            return task; // run only when its result is asked for: after the tasks started later
        }

        @Override
        public int parallelism() {
            return 2;
        }
    };

    /** Tasks on three threads, one task each. */
    private static final Parallel THREADS = new Parallel() {
        @Override
        public <T> List<T> map(int count, IntFunction<T> task) {
            List<Callable<T>> tasks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int at = i;
                tasks.add(() -> task.apply(at));
            }
            List<T> out = new ArrayList<>();
            try {
                for (Future<T> f : POOL.invokeAll(tasks)) {
                    out.add(f.get());
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            return out;
        }

        @Override
        public <T> Supplier<T> start(Supplier<T> task) {
            Future<T> f = POOL.submit(task::get);
            return () -> {
                try {
                    return f.get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            };
        }

        @Override
        public int parallelism() {
            return 3;
        }
    };

    /**
     * {@code n} Pipelines across namespaces, one in ten with a pod-spec patch, a ConfigMap passed through; with
     * {@code broken}, some repeat a name, ask for more replicas than their pool has, or patch the pod spec wrongly.
     */
    static String input(int n, boolean broken) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int name = broken && i % 97 == 5 ? i - 1 : i;
            b.append("---\napiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata:\n")
                    .append("  name: p-")
                    .append(name)
                    .append("\n  namespace: team-")
                    .append(name % 7)
                    .append("\nspec:\n  pipelineId: q-")
                    .append(i / 3)
                    .append("\n  target:\n    namespace: products\n  sourceRef:\n    kind: sqs\n")
                    .append("    queueUrl: https://sqs.us-east-1.amazonaws.com/1/q-")
                    .append(i)
                    .append("\n  worker:\n    image: example.invalid/w:")
                    .append(i % 5)
                    .append('\n');
            if (i % 10 == 0) {
                b.append(
                        "    podSpec:\n      containers:\n        - name: sidecar\n          image: example.invalid/s:1\n");
                if (broken && i % 130 == 0) {
                    b.append("          ports:\n            - containerPort: 99999\n");
                }
            }
            b.append("  scaling:\n    replicas:\n      max: ")
                    .append(broken && i % 131 == 7 ? 999 : 1 + i % 4)
                    .append('\n');
        }
        b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n");
        return b.toString();
    }

    private static Engine.Outcome run(String text, boolean streamed, Parallel parallel, long budget) throws Exception {
        DocSource source = DocSource.of(new YamlLoader(Limits.DEFAULT).load("in.yaml", text));
        Engine.Prewrite prewrite = budget < 0 ? null : new Engine.Prewrite(Output::yaml, budget);
        return ENGINE.run(new Engine.Request(source, LAYERS, null, streamed, null, parallel, prewrite));
    }

    private static String yaml(Engine.Outcome o) {
        StringBuilder out = new StringBuilder();
        Output.writeYaml(o.objects(), o.written(), o.passthrough(), out, POOL, 3);
        return out.toString();
    }

    private static List<String> said(Engine.Outcome o) {
        return o.problems().stream().map(Problem::format).toList();
    }

    @Test
    void aRunOnSeveralThreadsPrintsWhatASerialRunPrints() throws Exception {
        String text = input(1100, false); // more than two batches
        Engine.Outcome serial = run(text, false, Parallel.SERIAL, -1);
        assertFalse(serial.failed(), () -> String.join("\n", said(serial)));
        StringBuilder expected = new StringBuilder();
        Output.writeYaml(Output.lazyDocuments(serial.objects(), serial.passthrough()), expected);
        assertTrue(serial.problems().size() > 0, "the pipelineId ceiling's warning, at least");
        long all = expected.length();
        for (Parallel parallel : List.of(REVERSED, THREADS)) {
            long[] budgets = parallel == REVERSED ? new long[] {0, all / 3} : new long[] {-1, all / 3, 2 * all};
            for (long budget : budgets) {
                Engine.Outcome o = run(text, true, parallel, budget);
                String what = "parallelism " + parallel.parallelism() + ", budget " + budget;
                assertEquals(said(serial), said(o), what);
                assertEquals(serial.secretUses(), o.secretUses(), what);
                assertEquals(expected.toString(), yaml(o), what);
                long kept = o.written().stream().filter(Objects::nonNull).count();
                if (budget <= 0) {
                    assertEquals(List.of(), o.written(), what);
                } else if (budget == 2 * all) {
                    assertEquals(o.objects().size(), kept, what + ": every object's text kept");
                } else {
                    assertTrue(kept > 0 && kept < o.objects().size(), what + ": some kept, " + kept);
                    long chars = o.written().stream()
                            .filter(Objects::nonNull)
                            .mapToLong(String::length)
                            .sum();
                    assertTrue(chars <= budget, what + ": " + chars + " chars kept");
                }
            }
        }
    }

    @Test
    void aRunOnSeveralThreadsSaysWhatASerialRunSays() throws Exception {
        String text = input(1100, true);
        Engine.Outcome serial = run(text, true, Parallel.SERIAL, -1);
        assertTrue(serial.failed());
        List<String> codes = serial.problems().stream()
                .map(p -> p.code().name())
                .distinct()
                .sorted()
                .toList();
        assertTrue(codes.size() >= 3, "duplicates, replicas and pod-spec problems: " + codes);
        for (Parallel parallel : List.of(REVERSED, THREADS)) {
            Engine.Outcome o = run(text, true, parallel, 1L << 30);
            assertEquals(said(serial), said(o));
            assertEquals(List.of(), o.objects());
            assertEquals(List.of(), o.written(), "nothing printed when any error exists");
        }
    }
}
