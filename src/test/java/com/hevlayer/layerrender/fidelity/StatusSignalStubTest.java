package com.hevlayer.layerrender.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hevlayer.layerrender.cli.InProcess;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code scaling-signal pipeline-status} against a stub of the gateway's {@code GET /v2/pipelines/{id}/status}
 * that answers in the shape the gateway's source shows ({@code PipelineStatusResponse} in hev/layer
 * {@code apps/layer-gateway/src/models.rs}: top-level {@code pending_count}, {@code processing_count}, ...) and,
 * like the gateway, only to the bearer token. Each rendered metrics-api trigger is followed as KEDA follows it:
 * GET {@code url} with {@code Authorization: Bearer <token>} (authMode bearer, the TriggerAuthentication's
 * {@code token}), then {@code valueLocation} as a GJSON path into the body. The triggers must read exactly the
 * queued and the claimed count.
 */
class StatusSignalStubTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "gateway-secret-value";
    private static final String BODY = "{\"pipeline_id\":\"feed-a\",\"status\":\"running\","
            + "\"counts\":{\"pending\":70,\"extracting\":3,\"indexed\":900,\"failed\":2},"
            + "\"failed_reasons\":{\"timeout\":2},\"pending_count\":70,\"processing_count\":3,"
            + "\"failed_count\":2,\"indexed_rate_per_min\":12.5,\"rate_window_seconds\":300}";

    private HttpServer server;
    private final List<String> paths = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            synchronized (paths) {
                paths.add(exchange.getRequestURI().getPath());
            }
            boolean authorized =
                    ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean route = exchange.getRequestURI().getPath().equals("/v2/pipelines/feed-a/status");
            byte[] body = (authorized && route ? BODY : "{\"error\":\"no\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(!authorized ? 401 : route ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** GJSON's plain dotted paths (all that layer-render writes): {@code a.b.c}, numeric parts index arrays. */
    static JsonNode gjson(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n.isArray() && part.matches("\\d+") ? n.path(Integer.parseInt(part)) : n.path(part);
        }
        return n;
    }

    @Test
    void theTriggersReadTheQueuedAndTheClaimedCount() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        String pipeline = "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: feed, namespace: apps}\n"
                + "spec: {pipelineId: feed-a, target: {namespace: t}, worker: {image: ghcr.io/hev/w:1, batchSize: 8},"
                + " scaling: {replicas: {max: 5}}}\n";
        InProcess.Result r = InProcess.run(
                pipeline,
                Map.of(),
                "render",
                "-o",
                "json",
                "--gateway-base-url",
                base,
                "--scaling-signal",
                "pipeline-status",
                "-");
        assertEquals(0, r.code(), r.err());
        JsonNode scaledObject = null;
        JsonNode auth = null;
        for (JsonNode item : JSON.readTree(r.out()).path("items")) {
            if (item.path("kind").asText().equals("ScaledObject")) {
                scaledObject = item;
            } else if (item.path("kind").asText().equals("TriggerAuthentication")) {
                auth = item;
            }
        }
        JsonNode ref = auth.path("spec").path("secretTargetRef").path(0);
        assertEquals("token", ref.path("parameter").asText(), "the metrics-api scaler's bearer parameter");
        assertEquals("layer", ref.path("name").asText());

        HttpClient http = HttpClient.newHttpClient();
        List<Long> values = new ArrayList<>();
        for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
            assertEquals("metrics-api", trigger.path("type").asText());
            JsonNode meta = trigger.path("metadata");
            assertEquals("bearer", meta.path("authMode").asText());
            assertEquals("8", meta.path("targetValue").asText(), "batchSize, as the prometheus threshold");
            assertEquals(
                    auth.path("metadata").path("name").asText(),
                    trigger.path("authenticationRef").path("name").asText());
            HttpResponse<String> unauthenticated = http.send(
                    HttpRequest.newBuilder(URI.create(meta.path("url").asText()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unauthenticated.statusCode(), "the stub, like the gateway, wants the token");
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(meta.path("url").asText()))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode value = gjson(
                    JSON.readTree(response.body()), meta.path("valueLocation").asText());
            assertTrue(value.isNumber(), meta + " reads " + value);
            values.add(value.asLong());
        }
        assertEquals(List.of(70L, 3L), values, "pending_count, then processing_count");
        assertTrue(paths.stream().allMatch("/v2/pipelines/feed-a/status"::equals), paths.toString());
    }
}
