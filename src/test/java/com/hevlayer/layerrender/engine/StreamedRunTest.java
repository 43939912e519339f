package com.hevlayer.layerrender.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.DocSource;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A streamed run ({@link Engine.Request#streamed}) keeps of each Pipeline what the later steps need and renders
 * its objects again as they are read: it says and prints the same as a run on documents held, reads a valid
 * input once, and reads it again only to place the problems found after the first read.
 */
class StreamedRunTest {
    private static final Engine ENGINE = new Engine(new SchemaCheck(), DeploymentSchema::new);
    private static final List<SettingsLayer> LAYERS = List.of(SettingsLayer.empty("test"));

    private static final String INPUT = """
            apiVersion: hevlayer.com/v1alpha1
            kind: Pipeline
            metadata:
              name: b
              namespace: team
            spec:
              target:
                namespace: products
              sourceRef:
                kind: sqs
                queueUrl: https://sqs.us-east-1.amazonaws.com/1/b
              worker:
                image: example.invalid/w:1
                podSpec:
                  containers:
                    - name: sidecar
                      image: example.invalid/s:1
              scaling:
                replicas:
                  max: 3
            ---
            apiVersion: hevlayer.com/v1alpha1
            kind: Pipeline
            metadata:
              name: a
              namespace: team
            spec:
              target:
                namespace: products
              sourceRef:
                kind: sqs
                queueUrl: https://sqs.us-east-1.amazonaws.com/1/a
              worker:
                image: example.invalid/w:1
              scaling:
                pool: %s
                replicas:
                  max: %d
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: other
            """;

    /** The documents of {@code text}, read anew on each pass, counting the passes. */
    private static final class Counted implements DocSource {
        final String text;
        int passes;

        Counted(String text) {
            this.text = text;
        }

        @Override
        public Set<String> forEach(Consumer<SourceDoc> each) {
            passes++;
            try {
                new YamlLoader(Limits.DEFAULT).stream("in.yaml", text, each);
            } catch (YamlException e) {
                throw new IllegalStateException(e);
            }
            return Set.of();
        }
    }

    private static Engine.Outcome held(String text) throws YamlException {
        return ENGINE.run(new Engine.Request(new YamlLoader(Limits.DEFAULT).load("in.yaml", text), LAYERS, null));
    }

    private static String yaml(Engine.Outcome o) {
        StringBuilder out = new StringBuilder();
        Output.writeYaml(Output.lazyDocuments(o.objects(), o.passthrough()), out);
        return out.toString();
    }

    @Test
    void aValidInputIsReadOnceAndPrintsWhatAHeldRunPrints() throws Exception {
        String text = INPUT.formatted("cpu", 2);
        Counted source = new Counted(text);
        Engine.Outcome streamed = ENGINE.run(new Engine.Request(source, LAYERS, null, true));
        Engine.Outcome held = held(text);
        assertEquals(1, source.passes);
        assertEquals(held.problems(), streamed.problems());
        assertEquals(6, streamed.objects().size()); // each: Deployment, TriggerAuthentication, ScaledObject
        assertEquals(yaml(held), yaml(streamed));
        assertEquals(
                Output.documents(held.objects().subList(1, 4), List.of()),
                Output.documents(streamed.objects().subList(1, 4), List.of()),
                "a view that starts inside one Pipeline's objects");
        assertEquals(held.objects().get(4).toTree(), streamed.objects().get(4).toTree());
        assertEquals(held.objects().get(5).toTree(), streamed.objects().get(5).toTree());
    }

    @Test
    void problemsFoundAfterTheFirstReadAreSaidAtTheirPlaceAsInAHeldRun() throws Exception {
        String text = INPUT.formatted("gpu", 99); // over the pool's ceiling
        Counted source = new Counted(text);
        Engine.Outcome streamed = ENGINE.run(new Engine.Request(source, LAYERS, null, true));
        Engine.Outcome held = held(text);
        assertEquals(2, source.passes, "read again, for the one Pipeline with a problem");
        assertTrue(streamed.failed());
        assertEquals(held.problems(), streamed.problems());
        Problem p = streamed.problems().get(0);
        assertEquals(
                List.of("in.yaml:38:7", "spec.scaling.replicas.max"),
                List.of(p.position().toString(), p.field()),
                "the problem stands at the field, not at the document: " + p);
        assertEquals(List.of(), streamed.objects());
    }
}
