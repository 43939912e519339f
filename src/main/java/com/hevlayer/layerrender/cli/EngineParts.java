package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.util.Lazy;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.SchemaCheck;

/**
 * The parts of an {@link Engine} that are slow to make the first time in a process: the compiled
 * schemas. A short-lived CLI run spends much of its time making them, so {@link #warmedUp} makes the
 * Pipeline schema on the second core (networknt's dialect, Jackson's first ObjectMapper, the schema
 * read and compiled) while the main thread starts the command and reads the input; the main thread
 * then finds it made, or waits on the same lock for it. Nothing more: rendering a sample Pipeline
 * besides (as the warm-up once did, to make Jackson's serializers early) cost CPU beside the main
 * thread's own render and saved no time once the rendered objects stopped going through Jackson's
 * serializers (BENCHMARKS.md, "Cold start"). The warm-up keeps nothing but the schema and prints
 * nothing; if it fails, the main thread makes what it needs itself. The engine stays pure; this lives
 * at the edge.
 */
final class EngineParts {
    private final Lazy<SchemaCheck> schemas = Lazy.of(SchemaCheck::new);
    private final Lazy<DeploymentSchema> deploymentSchema = Lazy.of(DeploymentSchema::new);

    private EngineParts() {}

    /** Parts made on first use, by the thread that needs them. */
    static EngineParts cold() {
        return new EngineParts();
    }

    /**
     * Parts being made on a second core from now on; on a machine (or CPU quota) with one core,
     * where a warm-up would only compete with the real work, the same as {@link #cold()}.
     */
    static EngineParts warmedUp() {
        EngineParts parts = new EngineParts();
        if (Runtime.getRuntime().availableProcessors() > 1) {
            Thread t = new Thread(parts::warmUp, "layer-render-warm-up");
            t.setDaemon(true); // never holds the process open
            t.start();
        }
        return parts;
    }

    Engine engine() {
        return new Engine(schemas.get(), deploymentSchema);
    }

    /** Compiles the Pipeline schema; true when it compiled (tests hold it to that). */
    boolean warmUp() {
        try {
            schemas.get().prepare(Kind.PIPELINE);
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
