package com.hevlayer.layerrender.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ApiServer} on small hand-written schemas: input and expected stored object, side by side. */
class ApiServerTest {
    /** Relaxed JSON for readable tables: unquoted keys, single quotes. */
    static final ObjectMapper RELAXED = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    static ObjectNode json(String relaxed) {
        try {
            return (ObjectNode) RELAXED.readTree(relaxed);
        } catch (Exception e) {
            throw new IllegalArgumentException(relaxed, e);
        }
    }

    static final ApiServer SMALL = new ApiServer(json("""
            {type: 'object', properties: {
              spec: {type: 'object', properties: {
                paused: {type: 'boolean', default: false},
                pipelineId: {type: 'string', nullable: true},
                image: {type: 'string'},
                schedule: {type: 'object', nullable: true, properties: {
                  cron: {type: 'string', nullable: true},
                  leaseSeconds: {type: 'integer', default: 120}}},
                sourceRef: {'x-kubernetes-preserve-unknown-fields': true},
                podSpec: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
                keep: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: {
                  mode: {type: 'string', default: 'a'}}},
                pools: {type: 'array', items: {type: 'object', properties: {
                  name: {type: 'string'},
                  max: {type: 'integer', default: 4}}}},
                selector: {type: 'object', additionalProperties: {type: 'string'}}}},
              status: {type: 'object', nullable: true, properties: {
                conditions: {type: 'array', default: [], items: {type: 'object'}}}}}}
            """), true, true);

    /** A default that is an object, with defaults inside it and inside an object default within. */
    static final ApiServer NESTED = new ApiServer(json("""
            {type: 'object', properties: {spec: {type: 'object', properties: {
              worker: {type: 'object', default: {}, properties: {
                batchSize: {type: 'integer', default: 32},
                inner: {type: 'object', default: {x: 1}, properties: {
                  x: {type: 'integer'},
                  y: {type: 'integer', default: 2}}}}}}}}}
            """), true, true);

    static Stream<Arguments> table() {
        return Stream.of(
                // name, schema, applied, stored
                row(
                        "null on a non-nullable field with a default: pruned, then defaulted",
                        SMALL,
                        "{spec: {paused: null}}",
                        "{spec: {paused: false}}"),
                row(
                        "null on a nullable field: kept",
                        SMALL,
                        "{spec: {pipelineId: null}}",
                        "{spec: {pipelineId: null, paused: false}}"),
                row(
                        "null on a non-nullable field without a default: pruned",
                        SMALL,
                        "{spec: {image: null}}",
                        "{spec: {paused: false}}"),
                row("a default inside an absent object: not created", SMALL, "{spec: {}}", "{spec: {paused: false}}"),
                row(
                        "a default inside a present empty object: applied",
                        SMALL,
                        "{spec: {schedule: {}}}",
                        "{spec: {paused: false, schedule: {leaseSeconds: 120}}}"),
                row(
                        "a nullable object that is null: kept, nothing defaulted inside",
                        SMALL,
                        "{spec: {schedule: null}}",
                        "{spec: {paused: false, schedule: null}}"),
                row(
                        "nulls inside: nullable kept, non-nullable defaulted",
                        SMALL,
                        "{spec: {schedule: {cron: null, leaseSeconds: null}}}",
                        "{spec: {paused: false, schedule: {cron: null, leaseSeconds: 120}}}"),
                row(
                        "unknown fields: pruned at every level",
                        SMALL,
                        "{spec: {imagee: 'x', schedule: {cronn: 1}}, extra: 1}",
                        "{spec: {paused: false, schedule: {leaseSeconds: 120}}}"),
                row(
                        "apiVersion, kind, metadata: implicit; metadata cut to ObjectMeta",
                        SMALL,
                        "{apiVersion: 'g/v1', kind: 'K', metadata: {name: 'a', labels: {x: 'y'}, bogus: 1}, spec: {}}",
                        "{apiVersion: 'g/v1', kind: 'K', metadata: {name: 'a', labels: {x: 'y'}}, spec: {paused: false}}"),
                row(
                        "preserve-unknown subtree: untouched (unknowns and nulls kept)",
                        SMALL,
                        "{spec: {sourceRef: {a: null, b: {c: null}}, podSpec: {containers: [{name: 'w', x: null}]}}}",
                        "{spec: {paused: false, sourceRef: {a: null, b: {c: null}}, podSpec: {containers: [{name: 'w', x: null}]}}}"),
                row(
                        "preserve-unknown with declared fields: unknowns kept, declared ones defaulted",
                        SMALL,
                        "{spec: {keep: {other: 1}}}",
                        "{spec: {paused: false, keep: {other: 1, mode: 'a'}}}"),
                row(
                        "list items: pruned, nulls pruned, defaulted",
                        SMALL,
                        "{spec: {pools: [{name: 'a', junk: 1}, {name: 'b', max: null}, {name: 'c', max: 9}]}}",
                        "{spec: {paused: false, pools: [{name: 'a', max: 4}, {name: 'b', max: 4}, {name: 'c', max: 9}]}}"),
                row(
                        "additionalProperties: any key kept, null values pruned",
                        SMALL,
                        "{spec: {selector: {'a.b/c': 'x', d: null}}}",
                        "{spec: {paused: false, selector: {'a.b/c': 'x'}}}"),
                row("status present: defaulted", SMALL, "{status: {}}", "{status: {conditions: []}}"),
                row("status null (nullable): kept", SMALL, "{status: null}", "{status: null}"),
                row("no spec: nothing created", SMALL, "{}", "{}"),
                row(
                        "defaults inside a default are applied too",
                        NESTED,
                        "{spec: {}}",
                        "{spec: {worker: {batchSize: 32, inner: {x: 1, y: 2}}}}"),
                row(
                        "a present object gets the defaults inside the ones it lacks",
                        NESTED,
                        "{spec: {worker: {inner: {}}}}",
                        "{spec: {worker: {batchSize: 32, inner: {y: 2}}}}"));
    }

    static Arguments row(String name, ApiServer api, String applied, String stored) {
        return Arguments.of(name, api, applied, stored);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void admit(String name, ApiServer api, String applied, String stored) {
        ObjectNode in = json(applied);
        ObjectNode before = in.deepCopy();
        assertEquals(json(stored), api.admit(in), name);
        assertEquals(before, in, "the input is not modified");
    }

    // ---- the vendor's Pipeline --------------------------------------------------------------------

    static ObjectNode minimalPipeline() {
        return json("""
                {apiVersion: 'hevlayer.com/v1alpha1', kind: 'Pipeline', metadata: {name: 'embed'},
                 spec: {target: {namespace: 'products'}, worker: {image: 'ghcr.io/hev/embed:1.0'},
                        scaling: {pool: 'gpu', replicas: {max: 2}}, paused: null, pipelineId: null}}
                """);
    }

    @Test
    void vendorPipelineDefaults() {
        ObjectNode stored = ApiServer.vendor("Pipeline").admit(minimalPipeline());
        assertEquals(json("""
                {apiVersion: 'hevlayer.com/v1alpha1', kind: 'Pipeline', metadata: {name: 'embed'},
                 spec: {target: {namespace: 'products'},
                        worker: {image: 'ghcr.io/hev/embed:1.0', batchSize: 32, computeClass: 'cpu', dispatch: 'pull',
                                 timeoutSeconds: 30},
                        scaling: {pool: 'gpu', mode: 'autoscale', replicas: {max: 2, min: 0}},
                        paused: false, pipelineId: null}}
                """), stored);
    }

    @Test
    void vendorInfraRulesDefaultsAnAbsentPoolList() {
        ObjectNode stored = ApiServer.vendor("InfraRules")
                .admit(
                        json(
                                "{apiVersion: 'hevlayer.com/v1alpha1', kind: 'InfraRules', metadata: {name: 'default'}, spec: {}}"));
        assertEquals(json("{computePools: []}"), stored.get("spec"));
    }

    // ---- the stored form --------------------------------------------------------------------------

    @Test
    void storedFormOfAPipeline() {
        ObjectNode applied = minimalPipeline();
        applied.with("spec").putObject("sourceRef").put("type", "s3").put("q", "<a&b>");
        applied.putObject("status").put("bogus", 1);
        JsonNode status = json("{conditions: [{type: 'Ready', status: 'True', reason: null}], observedGeneration: 1}");
        ObjectNode stored = ApiServer.vendor("Pipeline")
                .storedForm(applied, ApiServer.Meta.example().withStatus(status));

        JsonNode meta = stored.get("metadata");
        assertEquals("default", meta.path("namespace").asText(), "kubectl fills in its context's namespace");
        assertEquals(1, meta.path("generation").asInt());
        assertEquals("123456", meta.path("resourceVersion").asText());
        assertEquals("6f1c3a9e-2b7d-4c55-9a0e-8d3f2e1b4c7a", meta.path("uid").asText());
        assertEquals("2026-08-20T10:00:00Z", meta.path("creationTimestamp").asText());
        assertEquals(
                "{\"apiVersion\":\"hevlayer.com/v1alpha1\",\"kind\":\"Pipeline\",\"metadata\":{\"annotations\":{},"
                        + "\"name\":\"embed\",\"namespace\":\"default\"},\"spec\":{\"paused\":null,\"pipelineId\":null,"
                        + "\"scaling\":{\"pool\":\"gpu\",\"replicas\":{\"max\":2}},\"sourceRef\":{\"q\":\"\\u003ca\\u0026b\\u003e\","
                        + "\"type\":\"s3\"},\"target\":{\"namespace\":\"products\"},\"worker\":{\"image\":\"ghcr.io/hev/embed:1.0\"}},"
                        + "\"status\":{\"bogus\":1}}\n",
                meta.path("annotations").path(ApiServer.LAST_APPLIED).asText(),
                "the applied object as Go's encoding/json writes it, with a newline");

        JsonNode kubectl = meta.path("managedFields").path(0);
        assertEquals("kubectl-client-side-apply", kubectl.path("manager").asText());
        assertEquals("Update", kubectl.path("operation").asText());
        assertEquals("FieldsV1", kubectl.path("fieldsType").asText());
        assertTrue(kubectl.at("/fieldsV1/f:metadata/f:annotations/f:"
                        + ApiServer.LAST_APPLIED.replace("~", "~0").replace("/", "~1"))
                .isObject());
        assertTrue(
                kubectl.at("/fieldsV1/f:spec/f:worker/f:computeClass").isObject(),
                "defaulted fields are the creator's");
        assertFalse(kubectl.path("fieldsV1").has("f:status"));

        JsonNode operator = meta.path("managedFields").path(1);
        assertEquals("status", operator.path("subresource").asText());
        assertTrue(operator.at("/fieldsV1/f:status/f:conditions").isObject());

        assertEquals("cpu", stored.at("/spec/worker/computeClass").asText());
        assertTrue(stored.at("/spec/pipelineId").isNull(), "nullable null kept");
        assertFalse(stored.at("/status").has("bogus"), "the applied status is dropped (status subresource)");
        assertEquals(
                json(
                        "{conditions: [{type: 'Ready', status: 'True', reason: null}], managedObjects: [], observedGeneration: 1}"),
                stored.get("status"),
                "the controller's status, defaulted");
        assertSorted(stored);
    }

    @Test
    void storedFormOfAClusterScopedObjectHasNoNamespace() {
        ObjectNode applied = json(
                "{apiVersion: 'hevlayer.com/v1alpha1', kind: 'InfraRules', metadata: {name: 'default',"
                        + " annotations: {team: 'platform'}}, spec: {computePools: [{name: 'cpu', kind: 'cpu', maxReplicasPerWorkload: 8}]}}");
        ObjectNode stored = ApiServer.vendor("InfraRules").storedForm(applied, ApiServer.Meta.example());
        assertFalse(stored.path("metadata").has("namespace"));
        assertEquals("platform", stored.at("/metadata/annotations/team").asText());
        assertTrue(stored.at("/metadata/annotations").has(ApiServer.LAST_APPLIED));
        assertFalse(stored.path("metadata")
                .path("annotations")
                .path(ApiServer.LAST_APPLIED)
                .asText()
                .contains("namespace"));
        assertEquals(1, stored.at("/metadata/managedFields").size(), "no status, no second manager");
        assertFalse(stored.has("status"));
    }

    @Test
    void goJsonEscapesAsGoDoes() {
        assertEquals(
                "{\"a\":\"\\u003c\\u003e\\u0026 \\u2028 \\n\\t\\u0001 é 日\",\"b\":[1,true,null]}",
                ApiServer.goJson(json("{b: [1, true, null], a: '<>& \u2028 \\n\\t\\u0001 é 日'}")));
    }

    static void assertSorted(JsonNode n) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            List<String> sorted = new ArrayList<>(keys);
            sorted.sort(ApiServer.GO_KEY_ORDER);
            assertEquals(sorted, keys, "keys sorted");
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                assertSorted(it.next());
            }
        } else if (n.isArray()) {
            n.forEach(ApiServerTest::assertSorted);
        }
    }
}
