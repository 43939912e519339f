package com.hevlayer.layerrender.bench;

import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a cold render's time goes, one phase after another on one thread (no warm-up thread), in a
 * fresh JVM: {@code java FLAGS -XX:SharedArchiveFile=target/layer-render.jsa -cp
 * target/layer-render.jar:target/test-classes com.hevlayer.layerrender.bench.ColdPhases FILE}
 * (bench/cold-start.sh). Prints milliseconds per phase on stderr; the JVM's own start is the time
 * before {@code main}, reported from the JVM's uptime.
 */
public final class ColdPhases {
    private ColdPhases() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        List<SourceDoc> docs = new YamlLoader(Limits.DEFAULT).load(args[0], bytes);
        long parsed = System.nanoTime();
        SchemaCheck schemas = new SchemaCheck();
        schemas.check(Kind.PIPELINE, docs.get(0), new ObjectRef("hevlayer.com/v1alpha1", "Pipeline", "ns", "name"));
        long checked = System.nanoTime();
        schemas.normalized(Kind.INFRA_RULES, docs.get(0));
        schemas.normalized(Kind.VECTOR_STORE, docs.get(0));
        long others = System.nanoTime();
        Engine engine = new Engine(schemas, DeploymentSchema::new);
        Engine.Outcome outcome = engine.run(new Engine.Request(docs, List.of(SettingsLayer.empty("phases")), null));
        long rendered = System.nanoTime();
        StringBuilder out = new StringBuilder();
        Output.writeYaml(Output.lazyDocuments(outcome.objects(), outcome.passthrough()), out);
        long written = System.nanoTime();
        // a second Pipeline through the same parts: what is left once everything has been made once
        Engine.Outcome again = engine.run(new Engine.Request(
                new YamlLoader(Limits.DEFAULT).load(args[0], bytes), List.of(SettingsLayer.empty("phases")), null));
        Output.writeYaml(Output.lazyDocuments(again.objects(), again.passthrough()), new StringBuilder());
        long warm = System.nanoTime();
        System.out.print(out);
        System.err.printf(
                "jvm-to-main %d ms, read+parse %d ms, Pipeline schema compiled+checked %d ms, InfraRules+VectorStore schemas compiled %d ms, engine (the rest of validate+render) %d ms, serialize+write %d ms, the same again warm %d ms%n",
                ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - start) / 1_000_000,
                (parsed - start) / 1_000_000,
                (checked - parsed) / 1_000_000,
                (others - checked) / 1_000_000,
                (rendered - others) / 1_000_000,
                (written - rendered) / 1_000_000,
                (warm - written) / 1_000_000);
    }
}
