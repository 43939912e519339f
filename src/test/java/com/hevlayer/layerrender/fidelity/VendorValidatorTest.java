package com.hevlayer.layerrender.fidelity;

import static com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
import static com.hevlayer.layerrender.fidelity.ApiServerTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link VendorValidator}: a table of documents and what the vendor's API server answers. */
class VendorValidatorTest {

    static ObjectNode pipeline() {
        return json("""
                {apiVersion: 'hevlayer.com/v1alpha1', kind: 'Pipeline', metadata: {name: 'embed', namespace: 'hev-shop'},
                 spec: {target: {namespace: 'products'}, worker: {image: 'ghcr.io/hev/embed:1.0'},
                        scaling: {pool: 'gpu', replicas: {max: 2}}}}
                """);
    }

    static ObjectNode infraRules() {
        return json("""
                {apiVersion: 'hevlayer.com/v1alpha1', kind: 'InfraRules', metadata: {name: 'default'},
                 spec: {computePools: [{name: 'cpu', kind: 'cpu', maxReplicasPerWorkload: 32,
                        nodeSelector: {'layer.hev.dev/node-role': 'worker-cpu'},
                        tolerations: [{key: 'layer.hev.dev/node-role', operator: 'Equal', value: 'worker-cpu', effect: 'NoSchedule'}],
                        resources: {requests: {cpu: '1', memory: '2Gi'}}}]}}
                """);
    }

    /** The shape of the vendor's Helm template (templates/vectorstore.yaml) and hev/chart's deploy/vectorstore.yaml. */
    static ObjectNode vectorStore() {
        return json("""
                {apiVersion: 'hevlayer.com/v1alpha1', kind: 'VectorStore', metadata: {name: 'default', namespace: 'layer'},
                 spec: {kind: 'turbopuffer', default: true,
                        endpoint: {url: 'https://gcp-us-central1.turbopuffer.com', region: 'gcp-us-central1'},
                        credential: {secretRef: {name: 'layer', key: 'turbopuffer-api-key'}},
                        inboundAuth: {mode: 'keys', keys: [{name: 'worker', scopes: ['read', 'write'],
                                      secretRef: {name: 'layer', key: 'layer-inbound-worker-api-key'}}]}}}
                """);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                ok("a minimal Pipeline", pipeline(), d -> {}),
                ok("paused: null (pruned, then defaulted)", pipeline(), d -> spec(d).putNull("paused")),
                ok("pipelineId: null (nullable)", pipeline(), d -> spec(d).putNull("pipelineId")),
                ok("worker.port, worker.url, warmWindowSeconds, schedule: null (nullable)", pipeline(), d -> {
                    spec(d).with("worker").putNull("port").putNull("url");
                    spec(d).with("scaling").putNull("warmWindowSeconds");
                    spec(d).putNull("schedule");
                }),
                no(
                        "worker.image: null (pruned, then missing)",
                        pipeline(),
                        d -> spec(d).with("worker").putNull("image"),
                        "spec.worker.image"),
                no(
                        "an unknown field (strict)",
                        pipeline(),
                        d -> spec(d).with("worker").put("imagee", "x"),
                        "spec.worker.imagee"),
                no("an unknown root field", pipeline(), d -> d.put("spc", 1), "spc"),
                no(
                        "an unknown metadata field",
                        pipeline(),
                        d -> d.with("metadata").putObject("lables"),
                        "metadata.lables"),
                ok("unknown fields inside podSpec and sourceRef (preserved)", pipeline(), d -> {
                    spec(d).with("worker").putObject("podSpec").put("anything", 1);
                    spec(d).putObject("sourceRef").put("type", "sqs").putNull("x");
                }),
                ok(
                        "sourceRef of any JSON type (no type declared)",
                        pipeline(),
                        d -> spec(d).put("sourceRef", "s3://bucket/p")),
                no(
                        "an enum typo",
                        pipeline(),
                        d -> spec(d).with("scaling").put("mode", "autoscal"),
                        "spec.scaling.mode"),
                no(
                        "a wrong type",
                        pipeline(),
                        d -> spec(d).with("worker").put("batchSize", "32"),
                        "spec.worker.batchSize"),
                no(
                        "schedule.cron must be a string",
                        pipeline(),
                        d -> spec(d).putObject("schedule").put("cron", 5),
                        "spec.schedule.cron"),
                no(
                        "int32 overflow",
                        pipeline(),
                        d -> spec(d).with("worker").put("batchSize", 2147483648L),
                        "spec.worker.batchSize"),
                ok("int32 maximum", pipeline(), d -> spec(d).with("worker").put("batchSize", 2147483647)),
                no(
                        "int32 underflow",
                        pipeline(),
                        d -> spec(d).with("scaling").with("replicas").put("min", -2147483649L),
                        "spec.scaling.replicas.min"),
                ok("negatives and zero (no minimum in the CRD)", pipeline(), d -> {
                    spec(d).with("worker").put("batchSize", 0).put("timeoutSeconds", -1);
                    spec(d).with("scaling").with("replicas").put("min", -3);
                }),
                no("a missing required field", pipeline(), d -> spec(d).remove("target"), "spec.target"),
                no("spec: null (pruned, then missing)", pipeline(), d -> d.putNull("spec"), "spec"),
                ok(
                        "a dotted name (DNS-1123 subdomain)",
                        pipeline(),
                        d -> d.with("metadata").put("name", "embed.v2")),
                ok("a 63-character name", pipeline(), d -> d.with("metadata").put("name", "a".repeat(63))),
                no("an upper-case name", pipeline(), d -> d.with("metadata").put("name", "Embed"), "metadata.name"),
                no("no name", pipeline(), d -> d.with("metadata").remove("name"), "metadata.name"),
                no(
                        "a bad namespace",
                        pipeline(),
                        d -> d.with("metadata").put("namespace", "a.b"),
                        "metadata.namespace"),
                no(
                        "a bad label value",
                        pipeline(),
                        d -> d.with("metadata").putObject("labels").put("team", "a b"),
                        "metadata.labels.team"),
                no("a wrong apiVersion", pipeline(), d -> d.put("apiVersion", "hevlayer.com/v1"), ""),
                ok(
                        "status as the operator writes it",
                        pipeline(),
                        d -> d.set(
                                "status",
                                json(
                                        "{conditions: [{type: 'Ready', status: 'True', reason: 'Reconciled', message: null,"
                                                + " lastTransitionTime: '2026-08-20T10:00:00Z'}], managedObjects: [], observedGeneration: 1}"))),
                no(
                        "status.conditions[].observedGeneration (not in the vendor CRD: unknown)",
                        pipeline(),
                        d -> d.set(
                                "status",
                                json("{conditions: [{type: 'Ready', status: 'True', observedGeneration: 1}]}")),
                        "status.conditions[0].observedGeneration"),
                ok(
                        "a status of the wrong shape (dropped on create: status subresource)",
                        pipeline(),
                        d -> d.set("status", json("{conditions: [{type: 5}], observedGeneration: 'one'}"))),
                ok("the Helm pools", infraRules(), d -> {}),
                ok("InfraRules without computePools (default [])", infraRules(), d -> spec(d).remove("computePools")),
                ok("gpuType: null, a toleration with any field, resources of any shape", infraRules(), d -> {
                    ObjectNode pool = (ObjectNode) spec(d).get("computePools").get(0);
                    pool.putNull("gpuType");
                    ((ObjectNode) pool.get("tolerations").get(0))
                            .put("tolerationSecond", 5)
                            .put("effect", "");
                    pool.with("resources").putArray("claims").addObject().put("name", "gpu");
                }),
                no(
                        "capGiB below 0 (uint64)",
                        infraRules(),
                        d -> spec(d).set(
                                        "documentCache",
                                        json("{capGiB: -1, replicationFactor: 1, scaling: {nodes: {min: 1, max: 3}}}")),
                        "spec.documentCache.capGiB"),
                no(
                        "capGiB beyond int64",
                        infraRules(),
                        d -> spec(d).set(
                                        "documentCache",
                                        json("{capGiB: 1, replicationFactor: 1, scaling: {nodes: {min: 1, max: 3}}}")
                                                .put("capGiB", new BigInteger("18446744073709551615"))),
                        "spec.documentCache.capGiB"),
                ok("documentCache: null (nullable)", infraRules(), d -> spec(d).putNull("documentCache")),
                ok(
                        "InfraRules status (poolCount uint)",
                        infraRules(),
                        d -> d.set(
                                "status",
                                json("{poolCount: 3, documentCache: {nodes: '3/3'}, observedGeneration: 2}"))),
                no(
                        "maxReplicasPerWorkload int32 overflow",
                        infraRules(),
                        d -> ((ObjectNode) spec(d).get("computePools").get(0))
                                .put("maxReplicasPerWorkload", 4294967296L),
                        "spec.computePools[0].maxReplicasPerWorkload"),
                ok("a VectorStore as the vendor's Helm chart writes it", vectorStore(), d -> {}),
                ok(
                        "credential: null, inboundAuth: null (nullable)",
                        vectorStore(),
                        d -> spec(d).putNull("credential").putNull("inboundAuth")),
                no(
                        "a secretRef without key",
                        vectorStore(),
                        d -> spec(d).with("credential").with("secretRef").remove("key"),
                        "spec.credential.secretRef.key"),
                no(
                        "an inbound key scope typo",
                        vectorStore(),
                        d -> ((ObjectNode)
                                        spec(d).with("inboundAuth").get("keys").get(0))
                                .putArray("scopes")
                                .add("reads"),
                        "spec.inboundAuth.keys[0].scopes[0]"),
                no(
                        "layer-render's own sample shape (provider, region; no kind, no endpoint)",
                        json("""
                        {apiVersion: 'hevlayer.com/v1alpha1', kind: 'VectorStore', metadata: {name: 'default'},
                         spec: {default: true, provider: 'turbopuffer', region: 'gcp-us-central1',
                                credential: {secretRef: {name: 'layer', key: 'k'}}}}
                        """),
                        d -> {},
                        "spec.provider"));
    }

    static ObjectNode spec(ObjectNode d) {
        return (ObjectNode) d.get("spec");
    }

    static Arguments ok(String name, ObjectNode base, Consumer<ObjectNode> change) {
        change.accept(base);
        return Arguments.of(name, base, true, null);
    }

    static Arguments no(String name, ObjectNode base, Consumer<ObjectNode> change, String path) {
        change.accept(base);
        return Arguments.of(name, base, false, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void judge(String name, ObjectNode doc, boolean accepted, String path) {
        VendorValidator.Verdict v = VendorValidator.judge(doc);
        assertEquals(accepted, v.accepted(), name + ": " + v.describe());
        if (!accepted) {
            assertTrue(
                    v.errors().stream().anyMatch(e -> e.path().equals(path)),
                    name + ": an error at " + path + ", got " + v.describe());
        }
    }

    @Test
    void aStatusWriteIsValidatedWhole() {
        ObjectNode d = pipeline();
        d.set("status", json("{conditions: [{type: 5}], observedGeneration: 'one'}"));
        VendorValidator.Verdict v = VendorValidator.judgeStatusWrite(d);
        assertEquals(false, v.accepted(), v.describe());
        assertTrue(v.errors().stream().anyMatch(e -> e.path().equals("status.observedGeneration")), v.describe());
        assertTrue(v.errors().stream().anyMatch(e -> e.path().equals("status.conditions[0].status")), v.describe());
    }

    /**
     * networknt's OpenAPI 3.0 dialect (2.0.8) does not range-check {@code format: int32} (its formats are
     * JSON Schema's: date-time, hostname, ...), which is why {@link VendorValidator} checks integer formats
     * itself. When a networknt upgrade starts to, this test says so.
     */
    @Test
    void networkntAloneIgnoresIntegerFormats() {
        JsonNode schema = json("{type: 'object', properties: {n: {type: 'integer', format: 'int32'},"
                + " u: {type: 'integer', format: 'uint64', minimum: 0.0}}}");
        ObjectNode doc = instance.objectNode().put("n", 2147483648L);
        List<Error> errors = VendorValidator.compile(schema).validate(doc);
        assertEquals(List.of(), errors, "networknt does not enforce format int32");
        doc.put("u", -1);
        assertEquals(1, VendorValidator.compile(schema).validate(doc).size(), "minimum is enforced");
    }

    /** ... but it does honour {@code nullable}, which Draft 4 itself does not know. */
    @Test
    void networkntsOpenApi30DialectHonoursNullable() {
        JsonNode schema =
                json("{type: 'object', properties: {a: {type: 'string', nullable: true}, b: {type: 'string'}}}");
        assertEquals(
                0, VendorValidator.compile(schema).validate(json("{a: null}")).size());
        assertEquals(
                1, VendorValidator.compile(schema).validate(json("{b: null}")).size());
    }
}
