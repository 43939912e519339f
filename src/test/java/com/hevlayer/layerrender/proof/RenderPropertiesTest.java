package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.testing.UpstreamSchemas;
import com.hevlayer.layerrender.yaml.SourceDoc;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The rules of SPEC §3 and §4 over generated valid inputs ({@link Gen}), each property over
 * {@link Property#CASES} cases (1,000 by default; {@code -Dproof.cases=N} for more).
 */
@Execution(ExecutionMode.CONCURRENT)
class RenderPropertiesTest {
    /** Reads JSON numbers exactly (1e400 is no double). */
    static final com.fasterxml.jackson.databind.ObjectMapper EXACT = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static Scenario gen(Random r) {
        return new Gen(r).scenario();
    }

    static int run(String name, Property.Check<Scenario> check) {
        int n = Property.forAll(name, RenderPropertiesTest::gen, Harness.SHRINKS, check);
        assertTrue(n >= Math.min(Property.CASES, 1), "ran " + n);
        return n;
    }

    /** Rendered objects by "namespace/name kind"; also checks nothing is rendered twice. */
    static Map<String, JsonNode> byKey(List<JsonNode> docs) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode d : docs) {
            String key = d.at("/metadata/namespace").asText("") + "/"
                    + d.at("/metadata/name").asText() + " " + d.get("kind").asText();
            assertNull(m.put(key, d), "rendered twice: " + key);
        }
        return m;
    }

    static List<JsonNode> pipelines(List<SourceDoc> docs) {
        List<JsonNode> out = new ArrayList<>();
        for (SourceDoc d : docs) {
            if ("Pipeline".equals(d.kind()) && Gen.API.equals(d.apiVersion())) {
                out.add(d.root());
            }
        }
        return out;
    }

    static String key(JsonNode pipeline, Scenario s, String kind) {
        String ns = pipeline.at("/metadata/namespace").asText(s.defaultNamespace() == null ? "" : s.defaultNamespace());
        return ns + "/" + pipeline.at("/metadata/name").asText() + "-worker " + kind;
    }

    static List<JsonNode> objectsOnly(List<JsonNode> docs) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode d : docs) {
            String api = d.path("apiVersion").asText();
            boolean service = api.equals("v1") && d.path("kind").asText().equals("Service");
            if (api.equals("apps/v1") || api.equals("keda.sh/v1alpha1") || service) {
                if (d.at("/metadata/labels/app.kubernetes.io~1managed-by")
                        .asText()
                        .equals("layer-render")) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    @Test
    void everyRenderedObjectIsValidAgainstTheUpstreamSchemas() {
        run("upstream schemas", s -> {
            List<JsonNode> out = objectsOnly(Harness.render(s));
            assertFalse(out.isEmpty(), "nothing rendered");
            for (JsonNode o : out) {
                UpstreamSchemas.assertValid(o);
            }
        });
    }

    @Test
    void renderingIsDeterministicAndIndependentOfDocumentOrder() {
        run("deterministic, order-independent", s -> {
            List<JsonNode> original = Harness.render(s);
            String first = Output.yaml(original);
            assertEquals(first, Output.yaml(Harness.render(s)), "two runs on the same input differ");

            // the same documents shuffled and spread over several files
            Random r = new Random(first.hashCode());
            List<SourceDoc> docs = new ArrayList<>(s.sourceDocs());
            Collections.shuffle(docs, r);
            List<SourceDoc> spread = new ArrayList<>();
            for (SourceDoc d : docs) {
                spread.add(new SourceDoc("f" + r.nextInt(3) + ".yaml", d.index(), d.root(), d.positions()));
            }
            Engine.Outcome o = Harness.run(s, spread);
            assertFalse(o.failed(), () -> "refused after shuffling: " + o.problems());
            List<JsonNode> shuffled = Output.documents(o.objects(), o.passthrough());
            assertEquals(
                    Output.yaml(objectsOnly(original)),
                    Output.yaml(objectsOnly(shuffled)),
                    "rendered objects depend on input order");
            // passed-through documents follow, in (the new) input order
            List<JsonNode> foreign = new ArrayList<>();
            for (SourceDoc d : spread) {
                if (!d.apiVersion().startsWith("hevlayer.com/")) {
                    foreign.add(d.root());
                }
            }
            assertEquals(foreign, shuffled.subList(shuffled.size() - foreign.size(), shuffled.size()));
            assertEquals(o.objects().size(), shuffled.size() - foreign.size());
        });
    }

    @Test
    void theReplicaTableHolds() {
        run("replica table", s -> {
            List<JsonNode> out = Harness.render(s);
            Map<String, JsonNode> objects = byKey(objectsOnly(out));
            Oracle.Settings settings = Oracle.settings(s);
            List<JsonNode> pipelines = pipelines(s.sourceDocs());
            int expectedObjects = 0;
            for (JsonNode p : pipelines) {
                Oracle.Replicas want = Oracle.replicas(p);
                JsonNode deployment = objects.get(key(p, s, "Deployment"));
                assertNotNull(deployment, "no Deployment for " + key(p, s, "Deployment"));
                JsonNode replicas = deployment.at("/spec/replicas");
                if (want.replicas() == null) {
                    assertTrue(replicas.isMissingNode(), "autoscaled Deployment declares replicas " + replicas);
                } else {
                    assertEquals(want.replicas().intValue(), replicas.asInt(-1), "spec.replicas");
                    assertTrue(replicas.isInt());
                }
                JsonNode so = objects.get(key(p, s, "ScaledObject"));
                JsonNode ta = objects.get(key(p, s, "TriggerAuthentication"));
                assertEquals(want.keda(), so != null, "ScaledObject presence");
                boolean scheduled = p.at("/spec/schedule").isObject();
                assertEquals(
                        want.keda() && settings.kedaAuth() && !scheduled, ta != null, "TriggerAuthentication presence");
                JsonNode service = objects.get(key(p, s, "Service"));
                boolean push = "push".equals(p.at("/spec/worker/dispatch").asText());
                assertEquals(push, service != null, "a Service exactly for a push worker");
                if (push) {
                    int port = p.at("/spec/worker/port").asInt();
                    assertEquals(port, service.at("/spec/ports/0/port").asInt());
                    assertEquals(
                            p.at("/metadata/name").asText(),
                            service.at("/spec/selector/hevlayer.com~1pipeline").asText());
                    JsonNode worker = deployment.at("/spec/template/spec/containers/0");
                    assertEquals(
                            port, worker.at("/readinessProbe/tcpSocket/port").asInt(), "readiness probe");
                    assertEquals(port, worker.at("/ports/0/containerPort").asInt(), "container port");
                }
                expectedObjects += 1 + (so != null ? 1 : 0) + (ta != null ? 1 : 0) + (service != null ? 1 : 0);
                if (so != null) {
                    JsonNode spec = so.get("spec");
                    assertEquals(
                            p.at("/spec/scaling/replicas/min").asInt(0),
                            spec.get("minReplicaCount").asInt());
                    assertEquals(
                            p.at("/spec/scaling/replicas/max").asInt(),
                            spec.get("maxReplicaCount").asInt());
                    assertEquals(
                            p.at("/spec/scaling/warmWindowSeconds").asInt(300),
                            spec.get("cooldownPeriod").asInt());
                    assertEquals(15, spec.get("pollingInterval").asInt());
                    assertEquals(
                            p.at("/metadata/name").asText() + "-worker",
                            spec.at("/scaleTargetRef/name").asText());
                    JsonNode trigger = spec.at("/triggers/0");
                    assertEquals(1, spec.get("triggers").size());
                    if (scheduled) {
                        // the cron window in place of the queue-depth trigger; its arithmetic: CronWindowTest
                        JsonNode schedule = p.at("/spec/schedule");
                        long lease = schedule.path("leaseSeconds").asLong(120);
                        long minutes = Math.max(5, Math.min(55, lease / 60 + 1));
                        String cron = schedule.path("cron").asText("0 * * * *");
                        int startMinute = Integer.parseInt(cron.split(" ")[0]);
                        assertEquals("cron", trigger.get("type").asText());
                        assertEquals("UTC", trigger.at("/metadata/timezone").asText());
                        assertEquals(cron, trigger.at("/metadata/start").asText());
                        assertEquals(
                                (startMinute + minutes) % 60,
                                Integer.parseInt(
                                        trigger.at("/metadata/end").asText().split(" ")[0]),
                                "the end's minute");
                        assertEquals(
                                Integer.toString(Math.max(
                                        1, p.at("/spec/scaling/replicas/min").asInt(0))),
                                trigger.at("/metadata/desiredReplicas").asText());
                        assertEquals(2, trigger.size(), "type and metadata only: " + trigger);
                        continue;
                    }
                    assertEquals("prometheus", trigger.get("type").asText());
                    assertEquals(
                            settings.metrics(),
                            trigger.at("/metadata/serverAddress").asText());
                    assertEquals(
                            "sum(layer_pipeline_stage_count{pipeline_id=\"" + Oracle.pipelineId(p)
                                    + "\",stage!~\"indexed|failed\"}) or vector(0)",
                            trigger.at("/metadata/query").asText());
                    assertEquals(
                            p.at("/spec/worker/batchSize").asText("32"),
                            trigger.at("/metadata/threshold").asText());
                    assertTrue(trigger.at("/metadata/threshold").isTextual());
                    assertEquals(
                            "0", trigger.at("/metadata/activationThreshold").asText());
                    assertEquals(
                            settings.kedaAuth() ? "bearer" : "",
                            trigger.at("/metadata/authModes").asText(""));
                    assertEquals(
                            settings.kedaAuth() ? p.at("/metadata/name").asText() + "-worker" : "",
                            trigger.at("/authenticationRef/name").asText(""));
                }
                if (ta != null) {
                    ArrayNode refs = (ArrayNode) ta.at("/spec/secretTargetRef");
                    assertEquals(1, refs.size());
                    assertEquals("bearerToken", refs.get(0).get("parameter").asText());
                    assertEquals(settings.secretName(), refs.get(0).get("name").asText());
                    assertEquals(settings.secretKey(), refs.get(0).get("key").asText());
                }
            }
            assertEquals(expectedObjects, objects.size(), "objects rendered besides the Pipelines' own");
        });
    }

    @Test
    void poolAndInjectedEnvArePresentAndUnchangedWhateverThePodSpec() {
        run("pool and env survive the podSpec", s -> {
            Map<String, JsonNode> objects = byKey(objectsOnly(Harness.render(s)));
            Oracle.Settings settings = Oracle.settings(s);
            List<SourceDoc> parsed = s.sourceDocs();
            List<ObjectNode> pools =
                    Oracle.pools(parsed.stream().map(SourceDoc::root).toList());
            for (JsonNode p : pipelines(parsed)) {
                JsonNode d = objects.get(key(p, s, "Deployment"));
                ObjectNode pool = Oracle.chosenPool(p, pools);
                assertNotNull(pool, "the oracle finds no pool");
                JsonNode pod = d.at("/spec/template/spec");
                pool.path("nodeSelector")
                        .fields()
                        .forEachRemaining(e -> assertEquals(
                                e.getValue().asText(),
                                pod.at("/nodeSelector").path(e.getKey()).asText(null),
                                "nodeSelector " + e.getKey()));
                for (JsonNode t : pool.path("tolerations")) {
                    boolean found = false;
                    for (JsonNode a : pod.path("tolerations")) {
                        found |= Json.MAPPER
                                .convertValue(t, Toleration.class)
                                .equals(Json.MAPPER.convertValue(a, Toleration.class));
                    }
                    assertTrue(found, "toleration " + t + " missing from " + pod.path("tolerations"));
                }
                JsonNode worker = null;
                int workers = 0;
                for (JsonNode c : pod.get("containers")) {
                    if (c.path("name").asText().equals("worker")) {
                        worker = c;
                        workers++;
                    }
                }
                assertEquals(1, workers, "exactly one worker container");
                assertEquals(
                        p.at("/spec/worker/image").asText(), worker.get("image").asText());
                for (String which : List.of("requests", "limits")) {
                    JsonNode want = pool.at("/resources/" + which);
                    JsonNode got = worker.at("/resources/" + which);
                    want.fields().forEachRemaining(e -> {
                        assertTrue(got.has(e.getKey()), which + " " + e.getKey() + " missing");
                        assertEquals(
                                0,
                                Oracle.amount(e.getValue().asText())
                                        .compareTo(Oracle.amount(
                                                got.get(e.getKey()).asText())),
                                which + " " + e.getKey() + ": " + e.getValue() + " became " + got.get(e.getKey()));
                    });
                }
                ArrayNode injected = Oracle.injectedEnv(p, settings);
                JsonNode env = worker.get("env");
                for (int i = 0; i < injected.size(); i++) {
                    if (injected.get(i).path("name").asText().equals("HEVLAYER_SOURCE_REF")) {
                        // numbers print as the input's text wrote them (-0.0 stays -0.0), which a tree
                        // does not always know: compared by value here, exactly in YamlNumbersTest
                        assertEquals(
                                "HEVLAYER_SOURCE_REF", env.get(i).path("name").asText(), "env[" + i + "]");
                        JsonNode want =
                                EXACT.readTree(injected.get(i).get("value").asText());
                        JsonNode got = EXACT.readTree(env.get(i).get("value").asText());
                        assertTrue(
                                Oracle.sameJson(want, got),
                                "env[" + i + "]: " + env.get(i) + ", expected " + injected.get(i));
                        continue;
                    }
                    assertEquals(injected.get(i), env.get(i), "env[" + i + "]");
                }
                for (int i = injected.size(); i < env.size(); i++) {
                    assertFalse(
                            Gen.INJECTED.contains(env.get(i).get("name").asText()),
                            "injected name added twice: " + env);
                }
                // what the patch added is there too
                for (JsonNode c : p.at("/spec/worker/podSpec/containers")) {
                    for (JsonNode e : c.path("env")) {
                        boolean found = false;
                        for (JsonNode container : pod.get("containers")) {
                            if (container.get("name").equals(c.get("name"))) {
                                for (JsonNode a : container.path("env")) {
                                    found |= a.get("name").equals(e.get("name"));
                                }
                            }
                        }
                        assertTrue(found, "patched env " + e + " lost");
                    }
                }
                p.at("/spec/worker/podSpec/nodeSelector")
                        .fields()
                        .forEachRemaining(e -> assertEquals(
                                e.getValue(),
                                pod.at("/nodeSelector").get(e.getKey()),
                                "patched nodeSelector " + e.getKey()));
            }
        });
    }

    @Test
    void sourceRefParsesBackToExactlyTheInput() {
        run("HEVLAYER_SOURCE_REF round trip", s -> {
            Map<String, JsonNode> objects = byKey(objectsOnly(Harness.render(s)));
            List<JsonNode> written = new ArrayList<>();
            for (ObjectNode d : s.docs()) {
                if (d.path("kind").asText().equals("Pipeline")
                        && d.path("apiVersion").asText().equals(Gen.API)) {
                    written.add(d);
                }
            }
            for (JsonNode p : written) {
                JsonNode d = objects.get(key(p, s, "Deployment"));
                String value = null;
                for (JsonNode e : d.at("/spec/template/spec/containers/0/env")) {
                    if (e.get("name").asText().equals("HEVLAYER_SOURCE_REF")) {
                        value = e.get("value").asText();
                    }
                }
                JsonNode want = p.at("/spec/sourceRef");
                if (!want.isMissingNode()) {
                    want = Oracle.keysInCodePointOrder(want); // as the API server stores it (docs/fidelity.md)
                }
                if (want.isMissingNode()) {
                    assertNull(value, "HEVLAYER_SOURCE_REF without a sourceRef");
                    continue;
                }
                assertNotNull(value, "no HEVLAYER_SOURCE_REF");
                assertFalse(value.contains("\n"), "not compact: " + value);
                JsonNode back = EXACT.readTree(value);
                assertTrue(
                        Oracle.sameJson(want, back), "sourceRef " + Scenario.compact(want) + " came back as " + value);
            }
        });
    }

    @Test
    void readingOurOwnOutputGivesTheSameObjects() {
        run("render . parse stable", s -> {
            List<JsonNode> out = Harness.render(s);
            String yaml = Output.yaml(out);
            List<SourceDoc> back = Scenario.load("out.yaml", yaml);
            assertEquals(out.size(), back.size(), "document count");
            for (int i = 0; i < out.size(); i++) {
                assertTrue(
                        Oracle.sameJson(out.get(i), back.get(i).root()),
                        "YAML document " + i + " reads back differently:\n" + out.get(i) + "\n"
                                + back.get(i).root());
            }
            JsonNode list = Json.MAPPER.readTree(Output.json(out));
            for (int i = 0; i < out.size(); i++) {
                assertTrue(
                        Oracle.sameJson(out.get(i), list.at("/items/" + i)),
                        "JSON item " + i + " reads back differently");
            }
            // our output, rendered again, is a fixed point: every document passes through unchanged
            Engine.Outcome again = Harness.ENGINE.run(new Engine.Request(back, List.of(), null));
            assertFalse(again.failed(), () -> "our own output is refused: " + again.problems());
            assertEquals(yaml, Output.yaml(Output.documents(again.objects(), again.passthrough())));
        });
    }
}
