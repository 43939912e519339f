package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.util.Lazy;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.util.List;

/**
 * The parts of an {@link Engine} that are slow to make the first time in a process: the compiled
 * schemas, and Jackson's serializers for the fabric8 objects. A short-lived CLI run spends much of
 * its time making them, so {@link #warmedUp} makes them on the second core: a daemon thread first
 * compiles the Pipeline schema (Jackson's first ObjectMapper and networknt's dialect with it), then
 * renders {@link #SAMPLE}, an embedded Pipeline on the plain rendering path, and last
 * {@link #PATCHED}, one with a podSpec patch (the patch's own paths: the upstream Deployment schema,
 * the strategic merge), while the main thread parses flags and reads the input. The main thread then
 * finds them made, or waits on the same lock for the one being made (what it saves a cold
 * {@code render samples/}: BENCHMARKS.md); a render without a patch is done, and the process gone,
 * before the warm-up spends much on the patch's parts. The warm-up keeps nothing but those caches and
 * prints nothing; if it fails, the main thread makes what it needs itself. The engine stays pure; this
 * lives at the edge.
 */
final class EngineParts {
    /** Autoscaled, authenticated (the default settings), on a stock pool. */
    static final String SAMPLE = """
            apiVersion: hevlayer.com/v1alpha1
            kind: Pipeline
            metadata:
              name: warm-up
              namespace: layer-render
            spec:
              target:
                namespace: warm-up
              sourceRef:
                kind: s3
                bucket: warm-up
              worker:
                image: example.invalid/warm-up:1
              scaling:
                replicas:
                  max: 2
            """;

    /** {@link #SAMPLE} with a podSpec patch. */
    static final String PATCHED = """
            apiVersion: hevlayer.com/v1alpha1
            kind: Pipeline
            metadata:
              name: warm-up
              namespace: layer-render
            spec:
              target:
                namespace: warm-up
              sourceRef:
                kind: s3
                bucket: warm-up
              worker:
                image: example.invalid/warm-up:1
                podSpec:
                  serviceAccountName: warm-up
                  containers:
                    - name: worker
                      env:
                        - name: LOG_LEVEL
                          value: debug
                      volumeMounts:
                        - name: scratch
                          mountPath: /scratch
                    - name: sidecar
                      image: example.invalid/sidecar:1
                      args: ["--port=9090"]
                      ports:
                        - containerPort: 9090
                      resources:
                        requests:
                          cpu: 50m
                  volumes:
                    - name: scratch
                      emptyDir: {}
              scaling:
                replicas:
                  max: 2
            """;

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

    /** Renders {@link #SAMPLE}, then {@link #PATCHED}, to nowhere; true when both rendered without a problem (tests hold it to that). */
    boolean warmUp() {
        try {
            // first what a render on the main thread needs first: Jackson's first ObjectMapper (which
            // reads the schemas), networknt's dialect and the Pipeline schema compiled
            schemas.get().prepare(Kind.PIPELINE);
            return renders(SAMPLE) && renders(PATCHED);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private boolean renders(String pipeline) {
        try {
            var docs = new YamlLoader(Limits.DEFAULT).load("<warm-up>", pipeline);
            Engine.Outcome outcome =
                    engine().run(new Engine.Request(docs, List.of(SettingsLayer.empty("warm-up")), null));
            Output.writeYaml(Output.lazyDocuments(outcome.objects(), outcome.passthrough()), new StringBuilder());
            return !outcome.problems().iterator().hasNext() && outcome.objects().size() == 3;
        } catch (YamlException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
