package com.hevlayer.layerrender.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object-level diff of two renders: which objects were added, removed or changed, and for a changed
 * one each field that differs, as a path with its old and new value. Pure: objects in, changes out, in
 * output order (the new side's order, a removed object where it stood on the old side).
 *
 * <p>An object is known by its API group, kind, namespace and name (its version is a field: {@code
 * autoscaling/v2beta2} to {@code v2} is a change of the same object); a new kind or name is a removal and
 * an addition, as Kubernetes sees it. A list whose elements all have a unique {@code name} on both sides is
 * compared element by element by name ({@code containers[name=worker]}), any other list by position.
 */
public final class ObjectDiff {
    private ObjectDiff() {}

    public enum Op {
        ADDED,
        REMOVED,
        CHANGED
    }

    /** An object's identity; {@code occurrence} tells apart two documents of one identity (pass-through input). */
    public record Id(String group, String kind, String namespace, String name, int occurrence) {
        /** {@code Deployment team/orders-worker}, as kubectl names a namespaced object. */
        public String display() {
            String n = name == null ? "(no name)" : name;
            return kind + " " + (namespace == null ? "" : namespace + "/") + n
                    + (occurrence > 0 ? " (#" + (occurrence + 1) + ")" : "");
        }

        static Id of(JsonNode o) {
            String api = o.path("apiVersion").asText("");
            int slash = api.indexOf('/');
            return new Id(
                    slash < 0 ? "" : api.substring(0, slash),
                    o.path("kind").asText(""),
                    text(o.path("metadata").get("namespace")),
                    text(o.path("metadata").get("name")),
                    0);
        }

        Id nth(int n) {
            return new Id(group, kind, namespace, name, n);
        }

        boolean sameKind(Id o) {
            return group.equals(o.group) && kind.equals(o.kind);
        }

        private static String text(JsonNode n) {
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    /** One field that differs; {@code oldValue} null: added; {@code newValue} null: removed. */
    public record FieldChange(List<Segment> path, JsonNode oldValue, JsonNode newValue) {
        public FieldChange {
            path = List.copyOf(path);
        }

        public String pathText() {
            return Segment.format(path);
        }

        /** Whether the field lies in the pod template ({@code spec.template}): changing it rolls out new pods. */
        public boolean inPodTemplate() {
            return path.size() >= 2
                    && path.get(0).equals(new Segment.Field("spec"))
                    && path.get(1).equals(new Segment.Field("template"));
        }
    }

    /**
     * One object that differs.
     *
     * @param oldObject    null when added
     * @param newObject    null when removed
     * @param fields       the fields that differ (changed objects only)
     * @param restartsPods a workload's pod template changed: Kubernetes replaces its pods
     * @param note         what else a reviewer should know (the object it replaces, what a deletion leaves), or null
     */
    public record ObjectChange(
            Op op,
            Id id,
            JsonNode oldObject,
            JsonNode newObject,
            List<FieldChange> fields,
            boolean restartsPods,
            String note) {
        /** Whether applying this change deletes an object from the cluster. */
        public boolean deletes() {
            return op == Op.REMOVED;
        }
    }

    /** The changes in output order, and how many objects are the same on both sides. */
    public record Result(List<ObjectChange> changes, int unchanged) {
        public boolean isEmpty() {
            return changes.isEmpty();
        }

        public long count(Op op) {
            return changes.stream().filter(c -> c.op() == op).count();
        }
    }

    /** The workloads whose {@code spec.template} is a pod template (apps/v1). */
    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    public static Result diff(List<JsonNode> oldObjects, List<JsonNode> newObjects) {
        Map<Id, JsonNode> olds = index(oldObjects);
        Map<Id, JsonNode> news = index(newObjects);
        List<Id> oldOrder = new ArrayList<>(olds.keySet());
        Map<Id, Integer> oldPos = new HashMap<>();
        for (int i = 0; i < oldOrder.size(); i++) {
            oldPos.put(oldOrder.get(i), i);
        }
        List<ObjectChange> out = new ArrayList<>();
        int unchanged = 0;
        int nextOld = 0; // removed objects up to here are out
        for (Map.Entry<Id, JsonNode> e : news.entrySet()) {
            Id id = e.getKey();
            Integer at = oldPos.get(id);
            if (at == null) {
                out.add(new ObjectChange(Op.ADDED, id, null, e.getValue(), List.of(), false, null));
                continue;
            }
            for (; nextOld < at; nextOld++) {
                Id gone = oldOrder.get(nextOld);
                if (!news.containsKey(gone)) {
                    out.add(removed(gone, olds.get(gone)));
                }
            }
            nextOld = Math.max(nextOld, at + 1);
            JsonNode before = olds.get(id);
            if (before.equals(e.getValue())) {
                unchanged++;
                continue;
            }
            List<FieldChange> fields = new ArrayList<>();
            value(new ArrayList<>(), before, e.getValue(), fields);
            boolean restarts = WORKLOADS.contains(id.kind())
                    && id.group().equals("apps")
                    && fields.stream().anyMatch(FieldChange::inPodTemplate);
            out.add(new ObjectChange(Op.CHANGED, id, before, e.getValue(), List.copyOf(fields), restarts, null));
        }
        for (; nextOld < oldOrder.size(); nextOld++) {
            Id gone = oldOrder.get(nextOld);
            if (!news.containsKey(gone)) {
                out.add(removed(gone, olds.get(gone)));
            }
        }
        return new Result(notes(out, news), unchanged);
    }

    private static ObjectChange removed(Id id, JsonNode object) {
        return new ObjectChange(Op.REMOVED, id, object, null, List.of(), false, null);
    }

    private static Map<Id, JsonNode> index(List<JsonNode> objects) {
        Map<Id, JsonNode> m = new LinkedHashMap<>();
        Map<Id, Integer> seen = new HashMap<>();
        for (JsonNode o : objects) {
            Id id = Id.of(o);
            int n = seen.merge(id, 1, Integer::sum) - 1;
            m.put(n == 0 ? id : id.nth(n), o);
        }
        return m;
    }

    /**
     * Notes a reviewer needs: a removed ScaledObject whose Deployment stays (it is no longer autoscaled: a
     * Pipeline's {@code mode: fixed}, say), and an object that replaces another: the one removed and the one
     * added of a name in a namespace (a new kind), or of a kind in a namespace when they are {@link #related}
     * (a new name).
     */
    private static List<ObjectChange> notes(List<ObjectChange> changes, Map<Id, JsonNode> news) {
        Map<String, List<ObjectChange>> removedByKind = new HashMap<>();
        Map<String, List<ObjectChange>> addedByKind = new HashMap<>();
        Map<String, List<ObjectChange>> removedByName = new HashMap<>();
        Map<String, List<ObjectChange>> addedByName = new HashMap<>();
        for (ObjectChange c : changes) {
            String byKind = c.id().group() + "/" + c.id().kind() + " " + c.id().namespace();
            String byName = c.id().namespace() + "/" + c.id().name();
            if (c.op() == Op.REMOVED) {
                removedByKind.computeIfAbsent(byKind, k -> new ArrayList<>()).add(c);
                removedByName.computeIfAbsent(byName, k -> new ArrayList<>()).add(c);
            } else if (c.op() == Op.ADDED) {
                addedByKind.computeIfAbsent(byKind, k -> new ArrayList<>()).add(c);
                addedByName.computeIfAbsent(byName, k -> new ArrayList<>()).add(c);
            }
        }
        Map<ObjectChange, String> notes = new IdentityHashMap<>();
        pair(removedByName, addedByName, notes, true);
        pair(removedByKind, addedByKind, notes, false);
        Set<String> deployments = new HashSet<>();
        for (Id id : news.keySet()) {
            if (id.group().equals("apps") && id.kind().equals("Deployment")) {
                deployments.add(id.namespace() + "/" + id.name());
            }
        }
        List<ObjectChange> out = new ArrayList<>(changes.size());
        for (ObjectChange c : changes) {
            String note = notes.get(c);
            if (note == null
                    && c.op() == Op.REMOVED
                    && c.id().group().equals("keda.sh")
                    && c.id().kind().equals("ScaledObject")) {
                JsonNode target = c.oldObject().path("spec").path("scaleTargetRef");
                String kind = target.path("kind").asText("Deployment");
                String name = target.path("name").asText("");
                if (kind.equals("Deployment") && deployments.contains(c.id().namespace() + "/" + name)) {
                    note = "Deployment " + (c.id().namespace() == null ? "" : c.id().namespace() + "/") + name
                            + " stays but is no longer autoscaled: it runs its spec.replicas";
                }
            }
            out.add(
                    note == null
                            ? c
                            : new ObjectChange(
                                    c.op(), c.id(), c.oldObject(), c.newObject(), c.fields(), c.restartsPods(), note));
        }
        return out;
    }

    /** One removed and one added under the same key: the added one replaces the removed one. */
    private static void pair(
            Map<String, List<ObjectChange>> removed,
            Map<String, List<ObjectChange>> added,
            Map<ObjectChange, String> notes,
            boolean byName) {
        for (Map.Entry<String, List<ObjectChange>> e : removed.entrySet()) {
            List<ObjectChange> a = added.get(e.getKey());
            if (e.getValue().size() != 1 || a == null || a.size() != 1) {
                continue;
            }
            ObjectChange gone = e.getValue().get(0);
            ObjectChange come = a.get(0);
            if (notes.containsKey(gone)
                    || notes.containsKey(come)
                    || byName && gone.id().sameKind(come.id())
                    || !byName && !related(gone.oldObject(), come.newObject())) {
                continue;
            }
            String how = byName ? "a new kind" : "a new name";
            notes.put(
                    gone,
                    "replaced by " + come.id().display() + " (" + how
                            + " is a deletion and a creation: this object goes, with what it runs)");
            notes.put(come, "replaces " + gone.id().display() + " (" + how + ": created anew, not updated)");
        }
    }

    /** The label layer-render puts on every object it renders for a Pipeline: the same Pipeline under a new name keeps it. */
    static final String PIPELINE_ID = "layer.hev.dev/pipeline-id";

    /**
     * Whether an added object of a new name is the removed one renamed: both carry the same Pipeline id, or
     * they are the same object but for their metadata (a renamed pass-through document).
     */
    static boolean related(JsonNode gone, JsonNode come) {
        JsonNode a = gone.path("metadata").path("labels").get(PIPELINE_ID);
        JsonNode b = come.path("metadata").path("labels").get(PIPELINE_ID);
        if (a != null && a.equals(b)) {
            return true;
        }
        ObjectNode x = gone.deepCopy();
        ObjectNode y = come.deepCopy();
        x.remove("metadata");
        y.remove("metadata");
        return x.equals(y);
    }

    /** Appends to {@code out} every difference between {@code a} and {@code b} at {@code path}. */
    static void value(List<Segment> path, JsonNode a, JsonNode b, List<FieldChange> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                List<Segment> p = child(path, new Segment.Field(f.getKey()));
                JsonNode other = b.get(f.getKey());
                if (other == null) {
                    out.add(new FieldChange(p, f.getValue(), null));
                } else {
                    value(p, f.getValue(), other, out);
                }
            }
            Iterator<Map.Entry<String, JsonNode>> added = b.fields();
            while (added.hasNext()) {
                Map.Entry<String, JsonNode> f = added.next();
                if (!a.has(f.getKey())) {
                    out.add(new FieldChange(child(path, new Segment.Field(f.getKey())), null, f.getValue()));
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            if (keyed(a) && keyed(b)) {
                byName(path, a, b, out);
            } else {
                int common = Math.min(a.size(), b.size());
                for (int i = 0; i < common; i++) {
                    value(child(path, new Segment.Index(i)), a.get(i), b.get(i), out);
                }
                for (int i = common; i < a.size(); i++) {
                    out.add(new FieldChange(child(path, new Segment.Index(i)), a.get(i), null));
                }
                for (int i = common; i < b.size(); i++) {
                    out.add(new FieldChange(child(path, new Segment.Index(i)), null, b.get(i)));
                }
            }
            return;
        }
        out.add(new FieldChange(path, a, b));
    }

    static final String KEY = "name";

    /** Every element an object with a string {@code name}, no two the same: the list can be compared by name. */
    static boolean keyed(JsonNode list) {
        Set<String> names = new HashSet<>();
        for (JsonNode e : list) {
            JsonNode k = e.get(KEY);
            if (!e.isObject() || k == null || !k.isTextual() || !names.add(k.asText())) {
                return false;
            }
        }
        return !list.isEmpty();
    }

    /** A list by name: removed elements, then each one of the new list (changed or added); a new order: the whole list. */
    private static void byName(List<Segment> path, JsonNode a, JsonNode b, List<FieldChange> out) {
        Map<String, Integer> oldAt = names(a);
        Map<String, Integer> newAt = names(b);
        List<String> keptOld = new ArrayList<>();
        oldAt.keySet().stream().filter(newAt::containsKey).forEach(keptOld::add);
        List<String> keptNew = new ArrayList<>();
        newAt.keySet().stream().filter(oldAt::containsKey).forEach(keptNew::add);
        if (!keptOld.equals(keptNew)) {
            out.add(new FieldChange(path, a, b)); // reordered: element paths could not say it
            return;
        }
        for (Map.Entry<String, Integer> e : oldAt.entrySet()) {
            if (!newAt.containsKey(e.getKey())) {
                out.add(new FieldChange(
                        child(path, new Segment.Keyed(KEY, e.getKey(), e.getValue())), a.get(e.getValue()), null));
            }
        }
        for (Map.Entry<String, Integer> e : newAt.entrySet()) {
            List<Segment> p = child(path, new Segment.Keyed(KEY, e.getKey(), e.getValue()));
            Integer before = oldAt.get(e.getKey());
            if (before == null) {
                out.add(new FieldChange(p, null, b.get(e.getValue())));
            } else {
                value(p, a.get(before), b.get(e.getValue()), out);
            }
        }
    }

    private static Map<String, Integer> names(JsonNode list) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            m.put(list.get(i).get(KEY).asText(), i);
        }
        return m;
    }

    private static List<Segment> child(List<Segment> path, Segment s) {
        List<Segment> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(s);
        return p;
    }
}
