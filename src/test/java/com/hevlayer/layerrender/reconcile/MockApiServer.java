package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.crd.CrdBuilder;
import com.hevlayer.layerrender.fidelity.ApiServer;
import com.hevlayer.layerrender.yaml.Pointer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * fabric8's Kubernetes mock server in CRUD mode, plus the parts of a real API server the tests
 * need and the mock lacks (each written down in docs/decisions.md, "Reconciler"):
 *
 * <ul>
 *   <li><b>server-side apply</b>: the CRUD mock answers {@code application/apply-patch+yaml} with
 *       415 and a patch of a missing object with 404. Here an apply creates the object when it is
 *       missing, otherwise merges the applied configuration into it and removes the fields that
 *       this field manager applied last time and no longer applies (the rule that makes "drop
 *       replicas" work); ownership is recorded in {@code metadata.managedFields} (operation Apply,
 *       FieldsV1). Lists are atomic; conflicts between managers are not detected (we always force).
 *       A no-op apply writes nothing and keeps the resourceVersion, as a real server does.</li>
 *   <li><b>garbage collection</b>: deleting an object deletes every object whose ownerReferences
 *       name its uid (the kube-controller-manager's job, background propagation).</li>
 *   <li><b>SelfSubjectRulesReview</b> (java-operator-sdk asks it before leader election) answers
 *       "everything allowed".</li>
 *   <li><b>faults</b>: a test can make matching requests fail (500, 409, 429 ...) a number of times.</li>
 * </ul>
 * Every request is recorded (method, path, content type, body, response code) so tests can count writes.
 */
public final class MockApiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Request(String method, String path, String contentType, String body, int code, String userAgent) {
        public boolean isWrite() {
            return method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE");
        }
    }

    private record Fault(Predicate<RecordedRequest> match, int code, AtomicInteger remaining) {}

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    private final Emulator emulator = new Emulator();
    private static final java.util.regex.Pattern HEVLAYER_PATH = java.util.regex.Pattern.compile(
            "/apis/hevlayer\\.com/v1alpha1/(?:namespaces/[^/]+/)?([a-z]+)(?:/[^/]+)?(?:/status)?");
    private final Map<String, ApiServer> schemas = new ConcurrentHashMap<>();
    private final KubernetesMockServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    /** Documents a test serves at fixed paths (GET, any query), e.g. the discovery documents kubectl reads. */
    private final Map<String, String> served = new ConcurrentHashMap<>();
    /** Status fields applied per object and manager (the mock's status PUT keeps no managedFields). */
    private final Map<String, Set<String>> statusOwnership = new ConcurrentHashMap<>();
    /** uids of deleted objects: the garbage collector removes dependents created for them later (a race a real GC also closes). */
    private final Set<String> deletedUids = ConcurrentHashMap.newKeySet();

    public MockApiServer() {
        this(0);
    }

    static {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    }

    public MockApiServer(int port) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, emulator, false);
        try {
            server.init(InetAddress.getLoopbackAddress(), port);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the mock API server", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    public KubernetesClient client() {
        return server.createClient();
    }

    /** Installs the CRDs of `layer-render crds` and registers the KEDA kinds (so status subresources behave). */
    public MockApiServer withCrds(KubernetesClient client) {
        CrdBuilder.build().forEach(crd -> client.resource(crd).create());
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    public List<Request> writes() {
        return requests.stream().filter(Request::isWrite).toList();
    }

    /** The next {@code times} requests matching {@code match} get {@code code}. */
    public void fail(Predicate<RecordedRequest> match, int code, int times) {
        faults.add(new Fault(match, code, new AtomicInteger(times)));
    }

    /**
     * Answers every {@code GET path} (query ignored) with {@code json}, status 200: for documents the CRUD mock
     * does not serve, such as the discovery documents ({@code /api}, {@code /apis}, {@code /api/v1} ...) that
     * kubectl reads before it writes.
     */
    public void serve(String path, JsonNode json) {
        served.put(path, json.toString());
    }

    /** Ends every fault: the API server answers normally again. */
    public void clearFaults() {
        faults.clear();
    }

    public static Predicate<RecordedRequest> method(String method, String pathPart) {
        return r -> r.getMethod().equals(method) && r.getPath().contains(pathPart);
    }

    @Override
    public void close() {
        server.destroy();
    }

    private final class Emulator extends Dispatcher {
        private final KubernetesCrudDispatcher crud = new IndexedCrudDispatcher();
        private final MockDispatcher mock = new MockDispatcher(responses);

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String body = request.getBody() == null
                    ? ""
                    : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
            MockResponse response = handle(request);
            requests.add(new Request(
                    request.getMethod(),
                    request.getPath(),
                    request.getHeader("Content-Type"),
                    body,
                    response.code(),
                    request.getHeader("User-Agent")));
            return response;
        }

        private MockResponse handle(RecordedRequest request) {
            for (Fault f : faults) {
                if (f.match().test(request) && f.remaining().getAndDecrement() > 0) {
                    MockResponse r = new MockResponse()
                            .setResponseCode(f.code())
                            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                                    + f.code()
                                    + ",\"message\":\"injected fault\",\"reason\":\""
                                    + (f.code() == 409
                                            ? "Conflict"
                                            : f.code() == 429 ? "TooManyRequests" : "InternalError")
                                    + "\"}");
                    if (f.code() == 429) {
                        r.setHeader("Retry-After", "1");
                    }
                    return r;
                }
            }
            Queue<ServerResponse> queue =
                    responses.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
            if (queue != null && !queue.isEmpty()) {
                return mock.dispatch(request);
            }
            String document = request.getMethod().equals("GET") ? served.get(stripQuery(request.getPath())) : null;
            if (document != null) {
                return json(200, document);
            }
            String contentType = request.getHeader("Content-Type");
            if (request.getMethod().equals("PATCH")
                    && contentType != null
                    && contentType.startsWith("application/apply-patch")) {
                return apply(request);
            }
            if (request.getMethod().equals("POST") && request.getPath().contains("/selfsubjectrulesreviews")) {
                return json(
                        201,
                        "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\",\"spec\":{},"
                                + "\"status\":{\"incomplete\":false,\"nonResourceRules\":[],\"resourceRules\":[{\"verbs\":[\"*\"],"
                                + "\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}]}}");
            }
            String plain = stripQuery(request.getPath());
            if (crdSchema(plain) != null
                    && (request.getMethod().equals("POST")
                            || request.getMethod().equals("PUT"))) {
                // hevlayer.com objects are stored as the API server stores them: pruned and defaulted
                try {
                    JsonNode body = JSON.readTree(request.getUtf8Body());
                    request = new RecordedRequest(
                            "HTTP/1.1",
                            HttpMethod.valueOf(request.getMethod()),
                            request.getPath(),
                            Headers.builder()
                                    .add("Content-Type", "application/json")
                                    .build(),
                            new Buffer(crdSchema(plain).admit(body).toString().getBytes(StandardCharsets.UTF_8)));
                } catch (Exception e) {
                    return status(400, "cannot parse body: " + e.getMessage());
                }
            }
            String patchType = request.getHeader("Content-Type");
            if (crdSchema(plain) != null
                    && request.getMethod().equals("PATCH")
                    && patchType != null
                    && patchType.startsWith("application/json-patch")) {
                // patched, pruned and defaulted in one write, as a real server does (fabric8's edit() sends JSON Patch)
                JsonNode current = get(plain);
                if (current == null) {
                    return status(404, "not found");
                }
                try {
                    JsonNode patched =
                            io.fabric8.zjsonpatch.JsonPatch.apply(JSON.readTree(request.getUtf8Body()), current);
                    return crud.dispatch(put(plain, crdSchema(plain).admit(patched)));
                } catch (Exception e) {
                    return status(422, "cannot apply the JSON patch: " + e.getMessage());
                }
            }
            if (request.getMethod().equals("DELETE")) {
                String path = stripQuery(request.getPath());
                JsonNode before = get(path);
                MockResponse r = crud.dispatch(request);
                if (before != null && r.code() < 300) {
                    collectGarbage(before.path("metadata").path("uid").asText());
                }
                return r;
            }
            return crud.dispatch(request);
        }

        // ---- server-side apply -------------------------------------------------------------

        private MockResponse apply(RecordedRequest request) {
            String full = request.getPath();
            Map<String, String> query = query(full);
            String manager = query.getOrDefault("fieldManager", "");
            if (manager.isEmpty()) {
                return status(422, "fieldManager is required for apply requests");
            }
            String path = stripQuery(full);
            boolean statusSub = path.endsWith("/status");
            String objectPath = statusSub ? path.substring(0, path.length() - "/status".length()) : path;
            ObjectNode applied;
            try {
                applied = (ObjectNode) JSON.readTree(request.getUtf8Body());
            } catch (Exception e) {
                return status(400, "cannot parse apply body: " + e.getMessage());
            }
            JsonNode current = get(objectPath);
            if (statusSub) {
                if (current == null) {
                    return status(404, "not found");
                }
                ObjectNode result = current.deepCopy();
                String key = objectPath + "|" + manager;
                Set<String> before = statusOwnership.getOrDefault(key, Set.of());
                Set<String> now = fields(applied.path("status"), "/status");
                for (String p : before) {
                    if (!now.contains(p)) {
                        remove(result, p);
                    }
                }
                if (!result.has("status") || !result.get("status").isObject()) {
                    result.putObject("status");
                }
                merge((ObjectNode) result.get("status"), applied.path("status"));
                result = admitted(objectPath, result);
                statusOwnership.put(key, now);
                if (result.equals(current)) {
                    return json(200, current.toString());
                }
                return crud.dispatch(put(path, result));
            }
            Set<String> now = fields(applied, "");
            if (current == null) {
                ObjectNode created = admitted(objectPath, applied.deepCopy());
                ObjectNode meta = created.with("metadata");
                meta.remove("resourceVersion");
                meta.set("managedFields", JsonNodeFactory.instance.arrayNode().add(entry(manager, applied, now)));
                String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
                MockResponse r = crud.dispatch(new RecordedRequest(
                        "HTTP/1.1",
                        HttpMethod.POST,
                        collection,
                        Headers.builder()
                                .add("Content-Type", "application/json")
                                .build(),
                        new Buffer(created.toString().getBytes(StandardCharsets.UTF_8))));
                for (JsonNode ref : created.path("metadata").path("ownerReferences")) {
                    if (r.code() < 300 && deletedUids.contains(ref.path("uid").asText())) {
                        crud.handleDelete(objectPath); // its owner is gone: collected at once
                        break;
                    }
                }
                return r;
            }
            ObjectNode result = current.deepCopy();
            ObjectNode meta = (ObjectNode) result.get("metadata");
            ArrayNode entries =
                    meta.has("managedFields") && meta.get("managedFields").isArray()
                            ? (ArrayNode) meta.get("managedFields")
                            : meta.putArray("managedFields");
            Set<String> before = Set.of();
            Set<String> others = new LinkedHashSet<>();
            int mine = -1;
            for (int i = 0; i < entries.size(); i++) {
                JsonNode e = entries.get(i);
                if (e.path("subresource").asText("").equals("status")) {
                    continue;
                }
                Set<String> owned = fromFieldsV1(e.path("fieldsV1"), "");
                if (manager.equals(e.path("manager").asText())
                        && "Apply".equals(e.path("operation").asText())) {
                    mine = i;
                    before = owned;
                } else {
                    others.addAll(owned);
                }
            }
            for (String p : before) {
                if (!now.contains(p) && !others.contains(p)) {
                    remove(result, p); // we applied it before, nobody else owns it, we no longer apply it
                }
            }
            ObjectNode appliedBody = applied.deepCopy();
            ((ObjectNode) appliedBody.with("metadata")).remove(List.of("resourceVersion", "managedFields", "uid"));
            merge(result, appliedBody);
            if (mine >= 0) {
                entries.set(mine, entry(manager, applied, now));
            } else {
                entries.add(entry(manager, applied, now));
            }
            result = admitted(objectPath, result);
            if (result.equals(current)) {
                return json(200, current.toString()); // a no-op apply writes nothing
            }
            return crud.dispatch(put(objectPath, result));
        }

        private ObjectNode entry(String manager, JsonNode applied, Set<String> fields) {
            ObjectNode e = JsonNodeFactory.instance.objectNode();
            e.put("manager", manager);
            e.put("operation", "Apply");
            e.put("apiVersion", applied.path("apiVersion").asText());
            e.put("fieldsType", "FieldsV1");
            e.set("fieldsV1", toFieldsV1(fields));
            return e;
        }

        private void collectGarbage(String uid) {
            if (uid.isEmpty()) {
                return;
            }
            deletedUids.add(uid);
            List<JsonNode> dependents = new ArrayList<>();
            synchronized (crud.getMap()) {
                for (String s : crud.getMap().values()) {
                    try {
                        JsonNode o = JSON.readTree(s);
                        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
                            if (uid.equals(ref.path("uid").asText())) {
                                dependents.add(o);
                            }
                        }
                    } catch (Exception e) {
                        // not JSON: not ours
                    }
                }
            }
            for (JsonNode d : dependents) {
                String path = path(d);
                crud.handleDelete(path);
                collectGarbage(d.path("metadata").path("uid").asText());
            }
        }

        /** The object as the API server stores it when a CRD of the mock serves its kind; unchanged otherwise. */
        private ObjectNode admitted(String path, ObjectNode object) {
            ApiServer schema = crdSchema(path);
            return schema == null ? object : schema.admit(object);
        }

        /**
         * The CRD defaulting and pruning of a hevlayer.com path ({@code /apis/hevlayer.com/v1alpha1/...}), from
         * the CRD the mock serves (what {@link #withCrds} installed); null for other paths or before the CRDs exist.
         */
        private ApiServer crdSchema(String path) {
            java.util.regex.Matcher m = HEVLAYER_PATH.matcher(path);
            if (!m.matches()) {
                return null;
            }
            String plural = m.group(1);
            return schemas.computeIfAbsent(plural, p -> {
                JsonNode crd = get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + p + ".hevlayer.com");
                if (crd == null) {
                    return null;
                }
                JsonNode version = crd.path("spec").path("versions").path(0);
                return new ApiServer(
                        version.path("schema").path("openAPIV3Schema"),
                        "Namespaced".equals(crd.path("spec").path("scope").asText()),
                        version.path("subresources").has("status"));
            });
        }

        private JsonNode get(String path) {
            MockResponse r = crud.handleGet(path);
            if (r.code() != 200) {
                return null;
            }
            try {
                return JSON.readTree(r.getBody().readUtf8());
            } catch (Exception e) {
                return null;
            }
        }

        private RecordedRequest put(String path, JsonNode body) {
            return new RecordedRequest(
                    "HTTP/1.1",
                    HttpMethod.PUT,
                    path,
                    Headers.builder().add("Content-Type", "application/json").build(),
                    new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    static String path(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        String ns = o.path("metadata").path("namespace").asText("");
        String plural = o.path("kind").asText().toLowerCase() + "s";
        return base + (ns.isEmpty() ? "" : "/namespaces/" + ns) + "/" + plural + "/"
                + o.path("metadata").path("name").asText();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private static MockResponse status(int code, String message) {
        return json(
                code,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code + ",\"message\":"
                        + JsonNodeFactory.instance.textNode(message) + "}");
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static Map<String, String> query(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String kv : path.substring(q + 1).split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    // ---- field sets (JSON pointers of leaves; lists are atomic) ---------------------------------

    private static final Set<String> IDENTITY = Set.of(
            "/apiVersion",
            "/kind",
            "/metadata/name",
            "/metadata/namespace",
            "/metadata/resourceVersion",
            "/metadata/uid",
            "/metadata/managedFields",
            "/metadata/generation",
            "/metadata/creationTimestamp",
            "/status");

    static Set<String> fields(JsonNode node, String prefix) {
        Set<String> out = new LinkedHashSet<>();
        collect(node, prefix, out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject() && node.size() > 0) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = Pointer.child(prefix, e.getKey());
                if (!IDENTITY.contains(p)) {
                    collect(e.getValue(), p, out);
                }
            }
        } else {
            out.add(prefix);
        }
    }

    static ObjectNode toFieldsV1(Set<String> pointers) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (String p : pointers) {
            ObjectNode node = root;
            for (String part : p.substring(1).split("/")) {
                node = node.with("f:" + Pointer.unescape(part));
            }
        }
        return root;
    }

    static Set<String> fromFieldsV1(JsonNode node, String prefix) {
        Set<String> out = new LinkedHashSet<>();
        if (node.size() == 0) {
            if (!prefix.isEmpty()) {
                out.add(prefix);
            }
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.startsWith("f:")) {
                out.addAll(fromFieldsV1(e.getValue(), Pointer.child(prefix, k.substring(2))));
            }
        }
        return out;
    }

    static void remove(ObjectNode root, String pointer) {
        String[] parts = pointer.substring(1).split("/");
        List<ObjectNode> chain = new ArrayList<>();
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!node.isObject()) {
                return;
            }
            chain.add((ObjectNode) node);
            node = node.get(Pointer.unescape(parts[i]));
            if (node == null) {
                return;
            }
        }
        if (!node.isObject()) {
            return;
        }
        ((ObjectNode) node).remove(Pointer.unescape(parts[parts.length - 1]));
        // prune maps that became empty
        for (int i = parts.length - 2; i >= 0; i--) {
            ObjectNode parent = chain.get(i);
            JsonNode child = parent.get(Pointer.unescape(parts[i]));
            if (child != null && child.isObject() && child.size() == 0) {
                parent.remove(Pointer.unescape(parts[i]));
            } else {
                break;
            }
        }
    }

    static void merge(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
