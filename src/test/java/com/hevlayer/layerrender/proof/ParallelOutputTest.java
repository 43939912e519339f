package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.RenderedObject;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A large render's YAML is made in chunks on several threads: the text must be byte for byte the
 * single-stream text, whatever the objects hold (generated Pipelines: YAML 1.1 look-alikes,
 * control characters, emoji, every mode) and whatever passes through after them.
 */
class ParallelOutputTest {

    @Test
    void chunkedOutputIsTheSingleStreamOutput() throws Exception {
        List<RenderedObject> objects = new ArrayList<>();
        List<JsonNode> passthrough = new ArrayList<>();
        Random seeds = new Random(Long.getLong("proof.seed", 20261125L));
        for (int i = 0; i < 200; i++) {
            Engine.Outcome o = Harness.run(RenderPropertiesTest.gen(new Random(seeds.nextLong())));
            if (!o.failed()) {
                objects.addAll(o.objects());
                passthrough.addAll(o.passthrough());
            }
        }
        assertTrue(objects.size() > 10 * Output.CHUNK, "too few objects to spread: " + objects.size());
        assertTrue(!passthrough.isEmpty(), "no passed-through documents to follow the chunks");

        StringBuilder single = new StringBuilder();
        Output.writeYaml(Output.lazyDocuments(objects, passthrough), single);
        ExecutorService workers = Executors.newFixedThreadPool(3);
        try {
            for (int parallelism : new int[] {2, 3}) {
                StringBuilder chunked = new StringBuilder();
                Output.writeYaml(objects, passthrough, chunked, workers, parallelism);
                assertEquals(single.toString(), chunked.toString(), "parallelism " + parallelism);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * An Error on a worker (a stack overflow, out of memory: what Main answers as "input too large", exit 1) reaches
     * the caller as that Error, not wrapped into an exception that Main answers as an internal error (exit 3).
     */
    @Test
    void anErrorOnAWorkerIsThrownAsItself() {
        List<RenderedObject> objects = new AbstractList<>() {
            @Override
            public RenderedObject get(int index) {
                throw new StackOverflowError("deep");
            }

            @Override
            public int size() {
                return 10 * Output.CHUNK;
            }
        };
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            StackOverflowError e = assertThrows(
                    StackOverflowError.class,
                    () -> Output.writeYaml(objects, List.of(), new StringBuilder(), workers, 2));
            assertEquals("deep", e.getMessage());
        } finally {
            workers.shutdownNow();
        }
    }
}
