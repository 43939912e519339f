package com.hevlayer.layerrender.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a real Kubernetes API server (apiextensions-apiserver) does to a custom object on create or
 * update, computed from a structural {@code openAPIV3Schema} alone. Independent of layer-render's
 * own code (src/main): a second reading of the Kubernetes behaviour, not of ours.
 *
 * <p><b>Modelled</b>, in the API server's order:
 * <ol>
 *   <li><b>Pruning</b> ({@link #pruneUnknown}): every field not declared in {@code properties} is
 *       dropped, except below {@code x-kubernetes-preserve-unknown-fields: true} and where
 *       {@code additionalProperties} gives a schema for any key. The root's {@code apiVersion},
 *       {@code kind} and {@code metadata} are implicit; {@code metadata} is cut down to the fields of
 *       {@code ObjectMeta} (the API server decodes it into that type).</li>
 *   <li><b>Null pruning</b> ({@link #pruneNulls}): a {@code null} value of a property (or of an
 *       {@code additionalProperties} value) whose schema is not {@code nullable: true} is removed.
 *       Kubernetes does this in two steps (a non-nullable null with a default is replaced by the
 *       default while defaulting, one without is pruned afterwards); removing first and defaulting
 *       next gives the same result. {@code null} list items are left alone (validation reports them).</li>
 *   <li><b>Defaulting</b> ({@link #applyDefaults}): in every object that is present, each missing
 *       property with a {@code default} gets a deep copy of it; the walk then continues into every
 *       value, the defaulted ones included (defaults inside a default are applied too). An absent
 *       object without a default is not created, so the defaults below it do not appear. List items
 *       and {@code additionalProperties} values are defaulted with their schema.</li>
 *   <li><b>What {@code kubectl get -o yaml} shows after {@code kubectl apply}</b> ({@link #storedForm}):
 *       the above, plus {@code metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]}
 *       (the object kubectl sends as Go's {@code encoding/json} writes it: compact, keys sorted, {@code <>&}
 *       escaped, then a newline; with {@code "annotations":{}} when the manifest has none), {@code creationTimestamp}, {@code generation: 1},
 *       {@code resourceVersion}, {@code uid}, {@code managedFields} (one {@code kubectl-client-side-apply}
 *       {@code Update} entry, lists atomic as CRD lists are by default), {@code metadata.namespace} for
 *       namespaced kinds (kubectl fills in its context's namespace, also in the annotation) and none for
 *       cluster-scoped ones (the API server clears it). With a status subresource, a status in the
 *       applied object is dropped on create; the status a controller wrote later (given in
 *       {@link Meta}) is added with its own {@code managedFields} entry. Every map is printed with its
 *       keys sorted, as Go's JSON encoding of an unstructured object sorts them.</li>
 * </ol>
 *
 * <p><b>Not modelled</b>: validation (see {@link VendorValidator}); CEL rules
 * ({@code x-kubernetes-validations}, none in the vendor's three kinds); {@code x-kubernetes-embedded-resource};
 * list types other than atomic ({@code x-kubernetes-list-type: map/set}, none here); conversion webhooks
 * and several versions; admission (mutating webhooks, e.g. an operator's own defaulting); the decoding of
 * YAML and of numbers (YAML {@code 5.0} turning into {@code 5}, integers beyond int64 turning into floats);
 * updates (generation bumps, three-way merges, server-side apply); deletion fields; {@code metadata}
 * beyond pruning to ObjectMeta's fields.
 */
public final class ApiServer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The fields of {@code ObjectMeta}; other keys in {@code metadata} are dropped. */
    static final Set<String> OBJECT_META_FIELDS = Set.of(
            "name",
            "generateName",
            "namespace",
            "selfLink",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "labels",
            "annotations",
            "ownerReferences",
            "finalizers",
            "managedFields");

    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final JsonNode schema;
    private final boolean namespaced;
    private final boolean statusSubresource;

    /**
     * @param openApiV3Schema   a structural schema (the root of a CRD version's {@code openAPIV3Schema})
     * @param namespaced        the CRD's scope
     * @param statusSubresource whether the CRD version has {@code subresources.status}
     */
    public ApiServer(JsonNode openApiV3Schema, boolean namespaced, boolean statusSubresource) {
        this.schema = openApiV3Schema.deepCopy();
        this.namespaced = namespaced;
        this.statusSubresource = statusSubresource;
    }

    /** The API server with the vendor's CRD of {@code kind} installed. */
    public static ApiServer vendor(String kind) {
        return new ApiServer(
                VendorCrds.schema(kind), VendorCrds.namespaced(kind), VendorCrds.hasStatusSubresource(kind));
    }

    public JsonNode schema() {
        return schema;
    }

    /** Pruning, null pruning and defaulting, in that order, on a copy: the object as stored. */
    public ObjectNode admit(JsonNode object) {
        return applyDefaults(pruneNulls(pruneUnknown(object)));
    }

    // ---- pruning --------------------------------------------------------------------------------

    /** A copy of {@code object} without the fields the schema does not declare. */
    public ObjectNode pruneUnknown(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = copy.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("apiVersion") || key.equals("kind")) {
                continue;
            }
            if (key.equals("metadata")) {
                if (e.getValue().isObject()) {
                    ((ObjectNode) e.getValue()).retain(new ArrayList<>(OBJECT_META_FIELDS));
                }
                continue;
            }
            JsonNode s = schema.path("properties").get(key);
            if (s == null) {
                it.remove();
            } else {
                prune(e.getValue(), s);
            }
        }
        return copy;
    }

    private static void prune(JsonNode value, JsonNode s) {
        if (value.isObject()) {
            boolean preserve = preserveUnknown(s);
            JsonNode additional = s.get("additionalProperties");
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode child = childSchema(s, e.getKey());
                if (child != null) {
                    prune(e.getValue(), child);
                } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
                    it.remove();
                }
            }
        } else if (value.isArray() && s.get("items") instanceof ObjectNode) {
            for (JsonNode item : value) {
                prune(item, s.get("items"));
            }
        }
    }

    // ---- nulls ----------------------------------------------------------------------------------

    /** A copy of {@code object} without {@code null} values of properties that are not {@code nullable: true}. */
    public ObjectNode pruneNulls(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = schema.path("properties").get(e.getKey());
            if (s == null) {
                continue; // apiVersion, kind, metadata and unknown fields
            }
            if (e.getValue().isNull() && !nullable(s)) {
                it.remove();
            } else {
                nulls(e.getValue(), s);
            }
        }
        return copy;
    }

    private static void nulls(JsonNode value, JsonNode s) {
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode child = childSchema(s, e.getKey());
                if (child == null) {
                    continue;
                }
                if (e.getValue().isNull() && !nullable(child)) {
                    it.remove();
                } else {
                    nulls(e.getValue(), child);
                }
            }
        } else if (value.isArray() && s.get("items") instanceof ObjectNode) {
            for (JsonNode item : value) {
                nulls(item, s.get("items"));
            }
        }
    }

    // ---- defaults -------------------------------------------------------------------------------

    /** A copy of {@code object} with the schema's defaults applied. */
    public ObjectNode applyDefaults(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            if (p.getKey().equals("metadata")
                    || p.getKey().equals("apiVersion")
                    || p.getKey().equals("kind")) {
                continue;
            }
            if (!copy.has(p.getKey()) && p.getValue().has("default")) {
                copy.set(p.getKey(), p.getValue().get("default").deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> e : copy.properties()) {
            JsonNode s = properties.get(e.getKey());
            if (s != null && !e.getKey().equals("metadata")) {
                defaults(e.getValue(), s);
            }
        }
        return copy;
    }

    private static void defaults(JsonNode value, JsonNode s) {
        if (value.isObject()) {
            ObjectNode o = (ObjectNode) value;
            for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
                if (!o.has(p.getKey()) && p.getValue().has("default")) {
                    o.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
            }
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                JsonNode child = childSchema(s, e.getKey());
                if (child != null) {
                    defaults(e.getValue(), child);
                }
            }
        } else if (value.isArray() && s.get("items") instanceof ObjectNode) {
            for (JsonNode item : value) {
                defaults(item, s.get("items"));
            }
        }
    }

    // ---- the stored form ------------------------------------------------------------------------

    /**
     * What the API server adds to an object it stores, and a controller's status.
     *
     * @param namespace         the namespace kubectl fills in for a namespaced object that names none
     *                          (its context's namespace); ignored for cluster-scoped kinds
     * @param uid               {@code metadata.uid}
     * @param resourceVersion   {@code metadata.resourceVersion}
     * @param creationTimestamp RFC 3339, e.g. {@code 2026-08-20T10:00:00Z}; also the managedFields time
     * @param status            the status a controller wrote through the status subresource, or null
     * @param statusManager     that controller's field manager name
     */
    public record Meta(
            String namespace,
            String uid,
            String resourceVersion,
            String creationTimestamp,
            JsonNode status,
            String statusManager) {
        public static Meta example() {
            return new Meta(
                    "default",
                    "6f1c3a9e-2b7d-4c55-9a0e-8d3f2e1b4c7a",
                    "123456",
                    "2026-08-20T10:00:00Z",
                    null,
                    "layer-operator");
        }

        public Meta withStatus(JsonNode s) {
            return new Meta(namespace, uid, resourceVersion, creationTimestamp, s, statusManager);
        }
    }

    /** The object {@code kubectl apply} sends for {@code applied}: with the namespace kubectl fills in. */
    public ObjectNode sentByKubectl(JsonNode applied, Meta meta) {
        ObjectNode sent = applied.deepCopy();
        ObjectNode metadata = sent.get("metadata") instanceof ObjectNode
                ? (ObjectNode) sent.get("metadata")
                : sent.putObject("metadata");
        if (namespaced) {
            if (!metadata.hasNonNull("namespace")) {
                metadata.put("namespace", meta.namespace());
            }
        }
        return sent;
    }

    /**
     * What {@code kubectl get -o yaml} prints after {@code kubectl apply -f} of {@code applied} (and,
     * when {@code meta.status()} is set, after a controller wrote that status). Keys sorted.
     */
    public ObjectNode storedForm(JsonNode applied, Meta meta) {
        ObjectNode sent = sentByKubectl(applied, meta);
        ObjectNode metadataSent = (ObjectNode) sent.get("metadata");
        // kubectl removes an old annotation, sets the (possibly empty) map back and encodes the object:
        // a manifest without annotations gives "annotations":{} inside the annotation
        ObjectNode annotations = metadataSent.get("annotations") instanceof ObjectNode
                ? (ObjectNode) metadataSent.get("annotations")
                : metadataSent.putObject("annotations");
        annotations.remove(LAST_APPLIED);
        annotations.put(LAST_APPLIED, goJson(sent) + "\n");

        ObjectNode stored = admit(sent);
        if (statusSubresource) {
            stored.remove("status"); // the main resource cannot set status on create
        }
        ObjectNode metadata = (ObjectNode) stored.get("metadata");
        if (!namespaced) {
            metadata.remove("namespace");
        }
        metadata.put("creationTimestamp", meta.creationTimestamp());
        metadata.put("generation", 1);
        metadata.put("resourceVersion", meta.resourceVersion());
        metadata.put("uid", meta.uid());
        ArrayNode managed = metadata.putArray("managedFields");
        ObjectNode owned = F.objectNode();
        owned.set("f:metadata", metadataFields(metadata));
        for (Map.Entry<String, JsonNode> e : stored.properties()) {
            if (!Set.of("apiVersion", "kind", "metadata", "status").contains(e.getKey())) {
                owned.set("f:" + e.getKey(), fields(e.getValue()));
            }
        }
        managed.add(managedEntry(stored, "kubectl-client-side-apply", owned, meta.creationTimestamp(), null));
        if (meta.status() != null) {
            ObjectNode withStatus = F.objectNode();
            withStatus.set("status", meta.status().deepCopy());
            JsonNode status = admit(withStatus).get("status");
            if (status != null) {
                stored.set("status", status);
                ObjectNode statusOwned = F.objectNode();
                statusOwned.set("f:status", fields(status));
                managed.add(
                        managedEntry(stored, meta.statusManager(), statusOwned, meta.creationTimestamp(), "status"));
            }
        }
        return (ObjectNode) sortKeys(stored);
    }

    private static ObjectNode managedEntry(
            JsonNode stored, String manager, ObjectNode fields, String time, String subresource) {
        ObjectNode entry = F.objectNode();
        entry.put("apiVersion", stored.path("apiVersion").asText());
        entry.put("fieldsType", "FieldsV1");
        entry.set("fieldsV1", fields);
        entry.put("manager", manager);
        entry.put("operation", "Update");
        if (subresource != null) {
            entry.put("subresource", subresource);
        }
        entry.put("time", time);
        return entry;
    }

    /** {@code f:metadata}: what a client sets (labels, annotations, owner references, finalizers). */
    private static ObjectNode metadataFields(JsonNode metadata) {
        ObjectNode out = F.objectNode();
        for (String key : List.of("annotations", "labels", "ownerReferences", "finalizers")) {
            if (metadata.has(key)) {
                out.set("f:" + key, fields(metadata.get(key)));
            }
        }
        return out;
    }

    /** FieldsV1 of one value: maps field by field ({@code .} for the map itself), lists and scalars whole. */
    static ObjectNode fields(JsonNode value) {
        ObjectNode out = F.objectNode();
        if (value.isObject()) {
            out.putObject(".");
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                out.set("f:" + e.getKey(), fields(e.getValue()));
            }
        }
        return out;
    }

    // ---- Go's JSON ------------------------------------------------------------------------------

    /** Keys in UTF-8 byte order (= code point order), as Go sorts map keys. */
    static final Comparator<String> GO_KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** A deep copy with every map's keys sorted. */
    public static JsonNode sortKeys(JsonNode n) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            keys.sort(GO_KEY_ORDER);
            ObjectNode out = F.objectNode();
            for (String k : keys) {
                out.set(k, sortKeys(n.get(k)));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = F.arrayNode();
            n.forEach(item -> out.add(sortKeys(item)));
            return out;
        }
        return n.deepCopy();
    }

    /** Compact JSON as Go's {@code json.Marshal} writes an unstructured object: sorted keys, HTML-safe escapes. */
    public static String goJson(JsonNode n) {
        StringBuilder b = new StringBuilder();
        writeGo(sortKeys(n), b);
        return b.toString();
    }

    private static void writeGo(JsonNode n, StringBuilder b) {
        if (n.isObject()) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                goString(e.getKey(), b);
                b.append(':');
                writeGo(e.getValue(), b);
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                writeGo(n.get(i), b);
            }
            b.append(']');
        } else if (n.isTextual()) {
            goString(n.asText(), b);
        } else {
            b.append(n.toString()); // numbers, booleans, null
        }
    }

    private static void goString(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    // ---- schema helpers -------------------------------------------------------------------------

    /** The schema of {@code key} inside an object described by {@code s}, or null when it has none. */
    static JsonNode childSchema(JsonNode s, String key) {
        JsonNode p = s.path("properties").get(key);
        if (p != null) {
            return p;
        }
        JsonNode additional = s.get("additionalProperties");
        return additional instanceof ObjectNode ? additional : null;
    }

    static boolean preserveUnknown(JsonNode s) {
        return s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    }

    static boolean nullable(JsonNode s) {
        return s.path("nullable").asBoolean(false);
    }
}
