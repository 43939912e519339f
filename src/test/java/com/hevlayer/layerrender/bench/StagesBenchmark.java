package com.hevlayer.layerrender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.model.BuiltinPools;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.model.ScalingMode;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.Renderer;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.settings.GatewaySettings;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process cost of one Pipeline (the seed's product-images), stage by stage: parse, validate
 * (schema check + rules, i.e. the engine minus rendering), render, emit. See BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StagesBenchmark {
    static final String SEED = "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata:\n  name: product-images\n"
            + "  namespace: layer\nspec:\n  target:\n    namespace: products\n  sourceRef:\n    kind: sqs\n"
            + "    queueUrl: https://sqs.us-east-1.amazonaws.com/123456789/product-images\n  worker:\n"
            + "    image: ghcr.io/hev/product-image-worker:latest\n    computeClass: cpu\n    batchSize: 64\n"
            + "    timeoutSeconds: 60\n  scaling:\n    pool: cpu\n    mode: autoscale\n    replicas:\n      min: 0\n      max: 8\n";

    YamlLoader loader;
    SchemaCheck schemas;
    Engine engine;
    List<SourceDoc> docs;
    Pipeline pipeline;
    Pool pool;
    GatewaySettings settings;
    List<com.hevlayer.layerrender.render.RenderedObject> objects;

    @Setup
    public void setup() throws Exception {
        loader = new YamlLoader(Limits.DEFAULT);
        schemas = new SchemaCheck();
        DeploymentSchema deployment = new DeploymentSchema();
        engine = new Engine(schemas, () -> deployment);
        docs = loader.load("bench.yaml", SEED);
        pipeline = Pipeline.builder("product-images")
                .namespace("layer")
                .targetNamespace("products")
                .sourceRef(docs.get(0).root().at("/spec/sourceRef"))
                .image("ghcr.io/hev/product-image-worker:latest")
                .computeClass("cpu")
                .batchSize(64)
                .timeoutSeconds(60)
                .pool("cpu")
                .mode(ScalingMode.AUTOSCALE)
                .replicas(0, 8)
                .build();
        pool = BuiltinPools.pools().get(0);
        settings = GatewaySettings.resolve(null, List.of());
        objects = Renderer.render(pipeline, pool, settings).objects();
    }

    @Benchmark
    public List<SourceDoc> parse() throws Exception {
        return loader.load("bench.yaml", SEED);
    }

    @Benchmark
    public Object schemaCheck() {
        return schemas.check(Kind.PIPELINE, docs.get(0), ObjectRef.of(docs.get(0), null));
    }

    @Benchmark
    public Engine.Outcome validateAndRender() {
        return engine.run(new Engine.Request(docs, List.of(), null));
    }

    @Benchmark
    public Renderer.Result render() {
        return Renderer.render(pipeline, pool, settings);
    }

    @Benchmark
    public String emit() {
        List<JsonNode> out = Output.documents(objects, List.of());
        return Output.yaml(out);
    }
}
