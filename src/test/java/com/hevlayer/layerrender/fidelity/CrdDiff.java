package com.hevlayer.layerrender.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two CustomResourceDefinitions of one kind structurally: the CRD-level settings (group,
 * scope, names, versions, subresources) and the {@code openAPIV3Schema} node by node through
 * {@code properties}, {@code items} and {@code additionalProperties}. Descriptions, titles, examples
 * and printer columns are not compared.
 *
 * <p>Field paths are dotted from the object's root ({@code spec.worker.dispatch}); list items are
 * {@code []} ({@code spec.computePools[].tolerations}); the values of a map ({@code additionalProperties})
 * are {@code .*} ({@code spec.computePools[].nodeSelector.*}); the root schema is {@code (root)} and the
 * CRD's own settings are {@code (crd)}. The difference is the keyword that differs ({@code type},
 * {@code format}, {@code enum}, {@code default}, {@code nullable}, {@code required}, {@code minimum},
 * {@code pattern}, ...; the Kubernetes extensions without their {@code x-kubernetes-} prefix:
 * {@code preserve-unknown}, {@code int-or-string}, {@code list-type}, {@code validations}, ...), or
 * {@code missing} (the vendor declares the field, we do not) or {@code extra} (we declare it, the vendor
 * does not); for {@code (crd)}: {@code group}, {@code scope}, {@code names.kind}, {@code names.shortNames},
 * {@code versions}, {@code subresources.status}, ...
 */
final class CrdDiff {
    /** A difference: {@code vendor} and {@code ours} are short renderings of the two values. */
    record Difference(String kind, String field, String what, String vendor, String ours) {
        String key() {
            return kind + " | " + field + " | " + what;
        }

        String describe() {
            return kind + " " + field + ": " + what + ": vendor " + vendor + ", ours " + ours;
        }

        String markdownRow() {
            return "| " + kind + " | `" + field + "` | " + what + " | TODO: why |";
        }
    }

    static final String CRD = "(crd)";
    static final String ROOT = "(root)";

    /** Root properties every Kubernetes object has; declaring them is harmless but reported. */
    static final Set<String> IMPLICIT = Set.of("apiVersion", "kind", "metadata");

    /** Keywords compared at every schema node (absent booleans count as false, absent lists as empty). */
    static final List<String> KEYWORDS = List.of(
            "type",
            "format",
            "enum",
            "default",
            "nullable",
            "required",
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string",
            "x-kubernetes-embedded-resource",
            "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type",
            "x-kubernetes-validations",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "pattern",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
            "anyOf",
            "allOf",
            "oneOf",
            "not");

    private static final Set<String> FALSE_WHEN_ABSENT = Set.of(
            "nullable",
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string",
            "x-kubernetes-embedded-resource",
            "uniqueItems",
            "exclusiveMinimum",
            "exclusiveMaximum");
    private static final Set<String> SETS = Set.of("enum", "required", "x-kubernetes-list-map-keys");

    private CrdDiff() {}

    /** Every difference between the vendor's CRD and ours, in a stable order. */
    static List<Difference> crds(String kind, JsonNode vendor, JsonNode ours) {
        List<Difference> out = new ArrayList<>();
        JsonNode vs = vendor.path("spec");
        JsonNode os = ours.path("spec");
        setting(kind, "group", vs.path("group"), os.path("group"), out);
        setting(kind, "scope", vs.path("scope"), os.path("scope"), out);
        for (String n : List.of("kind", "plural", "singular")) {
            setting(
                    kind,
                    "names." + n,
                    vs.path("names").path(n),
                    os.path("names").path(n),
                    out);
        }
        setting(kind, "names.listKind", text(listKind(vs)), text(listKind(os)), out);
        for (String n : List.of("shortNames", "categories")) {
            setting(
                    kind,
                    "names." + n,
                    text(set(vs.path("names").path(n)).toString()),
                    text(set(os.path("names").path(n)).toString()),
                    out);
        }
        Set<String> vVersions = versionNames(vs);
        Set<String> oVersions = versionNames(os);
        setting(kind, "versions", text(vVersions.toString()), text(oVersions.toString()), out);
        for (String name : vVersions) {
            if (!oVersions.contains(name)) {
                continue;
            }
            JsonNode vv = version(vs, name);
            JsonNode ov = version(os, name);
            setting(kind, "versions." + name + ".served", bool(vv.path("served")), bool(ov.path("served")), out);
            setting(kind, "versions." + name + ".storage", bool(vv.path("storage")), bool(ov.path("storage")), out);
            setting(
                    kind,
                    "subresources.status",
                    bool(vv.path("subresources").has("status")),
                    bool(ov.path("subresources").has("status")),
                    out);
            setting(
                    kind,
                    "subresources.scale",
                    vv.path("subresources").path("scale"),
                    ov.path("subresources").path("scale"),
                    out);
            out.addAll(schemas(
                    kind,
                    vv.path("schema").path("openAPIV3Schema"),
                    ov.path("schema").path("openAPIV3Schema")));
        }
        return out;
    }

    /** Differences between two {@code openAPIV3Schema}s. */
    static List<Difference> schemas(String kind, JsonNode vendor, JsonNode ours) {
        List<Difference> out = new ArrayList<>();
        node(kind, "", vendor, ours, true, out);
        return out;
    }

    private static void node(String kind, String path, JsonNode v, JsonNode o, boolean root, List<Difference> out) {
        String field = path.isEmpty() ? ROOT : path;
        for (String keyword : KEYWORDS) {
            JsonNode a = normal(keyword, v.get(keyword), root);
            JsonNode b = normal(keyword, o.get(keyword), root);
            if (!same(a, b)) {
                out.add(new Difference(kind, field, word(keyword), show(v.get(keyword)), show(o.get(keyword))));
            }
        }
        Set<String> keys = new TreeSet<>();
        v.path("properties").fieldNames().forEachRemaining(keys::add);
        o.path("properties").fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode vp = v.path("properties").get(key);
            JsonNode op = o.path("properties").get(key);
            String child = path.isEmpty() ? key : path + "." + key;
            if (root && IMPLICIT.contains(key)) {
                if (op != null && vp == null) {
                    out.add(new Difference(kind, child, "extra", "(implicit)", "declared"));
                }
                continue; // never compared further: the API server handles them itself
            }
            if (vp == null) {
                out.add(new Difference(kind, child, "extra", "(absent)", "declared"));
            } else if (op == null) {
                out.add(new Difference(kind, child, "missing", "declared", "(absent)"));
            } else {
                node(kind, child, vp, op, false, out);
            }
        }
        JsonNode vi = v.get("items");
        JsonNode oi = o.get("items");
        if (vi != null && oi != null) {
            node(kind, path + "[]", vi, oi, false, out);
        } else if (vi != null || oi != null) {
            out.add(new Difference(
                    kind, field, "items", vi == null ? "(absent)" : "declared", oi == null ? "(absent)" : "declared"));
        }
        JsonNode va = v.get("additionalProperties");
        JsonNode oa = o.get("additionalProperties");
        if (va != null && va.isObject() && oa != null && oa.isObject()) {
            node(kind, path + ".*", va, oa, false, out);
        } else if (!same(va, oa)) {
            out.add(new Difference(kind, field, "additionalProperties", show(va), show(oa)));
        }
    }

    /**
     * Paths where data stored under the vendor's CRD would be pruned under ours: a field the vendor
     * declares that ours neither declares nor preserves, or a place where the vendor preserves unknown
     * fields and ours does not (at that node or above).
     */
    static List<String> pruned(JsonNode vendor, JsonNode ours) {
        List<String> out = new ArrayList<>();
        prunedAt("", vendor, ours, false, out);
        return out;
    }

    private static void prunedAt(String path, JsonNode v, JsonNode o, boolean oursPreserves, List<String> out) {
        boolean preserving = oursPreserves || (o != null && ApiServer.preserveUnknown(o));
        // (on a list schema the extension means nothing: the API server prunes object fields only)
        if (ApiServer.preserveUnknown(v)
                && !preserving
                && !"array".equals(v.path("type").asText())) {
            out.add((path.isEmpty() ? ROOT : path) + ": the vendor keeps unknown fields here, ours prunes them");
        }
        for (Map.Entry<String, JsonNode> p : v.path("properties").properties()) {
            String child = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
            JsonNode op = o == null ? null : o.path("properties").get(p.getKey());
            if (op == null && o != null && o.get("additionalProperties") instanceof ObjectNode a) {
                op = a;
            }
            if (op == null && !preserving) {
                out.add(child + ": declared by the vendor, pruned by ours");
                continue; // everything below goes with it
            }
            prunedAt(child, p.getValue(), op, preserving, out);
        }
        if (v.get("items") instanceof ObjectNode vi) {
            JsonNode oi = o == null ? null : o.get("items");
            prunedAt(path + "[]", vi, oi, preserving, out);
        }
        if (v.get("additionalProperties") instanceof ObjectNode va) {
            JsonNode oa = o == null ? null : o.get("additionalProperties");
            if (!(oa instanceof ObjectNode) && !preserving) {
                out.add(path + ".*: any key is kept by the vendor, ours prunes unknown keys");
            } else {
                prunedAt(path + ".*", va, oa, preserving, out);
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The word for a keyword in docs/fidelity.md: the keyword, without {@code x-kubernetes-} ({@code preserve-unknown}). */
    static String word(String keyword) {
        String w = keyword.startsWith("x-kubernetes-") ? keyword.substring("x-kubernetes-".length()) : keyword;
        return w.equals("preserve-unknown-fields") ? "preserve-unknown" : w;
    }

    private static JsonNode normal(String keyword, JsonNode value, boolean root) {
        if (value == null || value.isMissingNode()) {
            if (FALSE_WHEN_ABSENT.contains(keyword)) {
                return JsonNodeFactory.instance.booleanNode(false);
            }
            if (SETS.contains(keyword)) {
                return JsonNodeFactory.instance.arrayNode();
            }
            return null;
        }
        if (SETS.contains(keyword)) {
            Set<String> s = new TreeSet<>();
            for (JsonNode item : value) {
                if (!(root && keyword.equals("required") && IMPLICIT.contains(item.asText()))) {
                    s.add(item.toString());
                }
            }
            return JsonNodeFactory.instance.textNode(String.join(",", s));
        }
        return value;
    }

    /** JSON equality with numbers compared by value ({@code 0} = {@code 0.0}); null and missing are absent. */
    static boolean same(JsonNode a, JsonNode b) {
        boolean aAbsent = a == null || a.isMissingNode();
        boolean bAbsent = b == null || b.isMissingNode();
        if (aAbsent || bAbsent) {
            return aAbsent && bAbsent;
        }
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!b.has(e.getKey()) || !same(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String show(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "(absent)";
        }
        String s = n.toString();
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private static void setting(String kind, String what, JsonNode vendor, JsonNode ours, List<Difference> out) {
        if (!same(vendor, ours)) {
            out.add(new Difference(kind, CRD, what, show(vendor), show(ours)));
        }
    }

    private static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }

    private static JsonNode bool(JsonNode n) {
        return JsonNodeFactory.instance.booleanNode(n.asBoolean(false));
    }

    private static JsonNode bool(boolean b) {
        return JsonNodeFactory.instance.booleanNode(b);
    }

    private static String listKind(JsonNode spec) {
        String lk = spec.path("names").path("listKind").asText("");
        return lk.isEmpty() ? spec.path("names").path("kind").asText() + "List" : lk; // the API server's default
    }

    private static Set<String> set(JsonNode list) {
        Set<String> s = new TreeSet<>();
        list.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static Set<String> versionNames(JsonNode spec) {
        Set<String> s = new LinkedHashSet<>();
        spec.path("versions").forEach(v -> s.add(v.path("name").asText()));
        return s;
    }

    private static JsonNode version(JsonNode spec, String name) {
        for (JsonNode v : spec.path("versions")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new IllegalStateException("no version " + name);
    }
}
