package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD dispatcher with its store indexed by object name. The stock one answers every GET,
 * PUT and PATCH of one object by scanning (and, for a GET, copying) every object it holds, under one
 * lock: O(objects) per request, so a run with N Pipelines costs O(N²) in the mock and the mock, not
 * the reconciler, sets the pace (ReconcilerScaleTest measured it: BENCHMARKS.md, "Reconciler"). Here
 * a request that names its object looks among the objects of that name only; every other request
 * (lists, watches, deletes) is the stock code. Answers are the same: the candidates are exactly the
 * stored objects whose name attribute equals the request's, which any match must have.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
    private static final String NAME = "name";
    private final NameIndex index = new NameIndex();
    private final Map<AttributeSet, String> store = Collections.synchronizedMap(index);
    private final ReadWriteLock lock;

    IndexedCrudDispatcher() {
        try {
            // the stock store is a synchronized LinkedHashMap the handlers put into and remove from: swapped for
            // one that keeps the name index in step (same order, same lock discipline)
            java.lang.reflect.Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            map.set(this, store);
            java.lang.reflect.Field l = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            l.setAccessible(true);
            lock = (ReadWriteLock) l.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's mock changed: cannot index its store", e);
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String name = name(query);
        if (name == null) {
            return super.findResource(query);
        }
        synchronized (store) {
            for (AttributeSet k : index.named(name)) {
                if (index.containsKey(k) && k.matches(query)) {
                    return Map.entry(k, index.get(k));
                }
            }
        }
        return null;
    }

    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        String name = name(query);
        if (name == null || path.contains("watch=true")) {
            return super.handleGet(path);
        }
        Lock read = lock.readLock();
        read.lock();
        try {
            Map.Entry<AttributeSet, String> found = findResource(query);
            return found == null
                    ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setResponseCode(200).setBody(found.getValue());
        } finally {
            read.unlock();
        }
    }

    /**
     * The stock rule (the generation goes up when anything but metadata and status changed) without the JSON
     * diff the stock code computes to find out: that diff is quadratic in a list's length (a longest common
     * subsequence), and a Secret copy shared by the Pipelines of a namespace carries an owner reference for
     * each, so at 200 Pipelines a namespace it held the mock's lock for most of a run.
     */
    @Override
    public void touchGeneration(JsonNode current, JsonNode updated) {
        Set<String> fields = new LinkedHashSet<>();
        current.fieldNames().forEachRemaining(fields::add);
        updated.fieldNames().forEachRemaining(fields::add);
        fields.remove("metadata");
        fields.remove("status");
        for (String f : fields) {
            if (!java.util.Objects.equals(current.get(f), updated.get(f))) {
                ((ObjectNode) updated.get("metadata"))
                        .put(
                                "generation",
                                current.path("metadata").path("generation").asInt(0) + 1);
                return;
            }
        }
    }

    /**
     * The stock rule (a new resourceVersion when the stored object changes) without the JSON diff the stock code
     * computes only to see whether it is empty: the diff is empty exactly when the trees are equal, and it is
     * quadratic in a list's length (a Secret copy's owner references), so it was a third of the mock's CPU at
     * 10,000 Pipelines (BENCHMARKS.md, "Reconciler").
     */
    @Override
    public void touchResourceVersion(JsonNode current, JsonNode updated) {
        if (!current.equals(updated)) {
            ((ObjectNode) updated.get("metadata")).put("resourceVersion", String.valueOf(requestResourceVersion()));
        }
    }

    /** The single value of the query's name attribute, or null when it has none (a list, a selector). */
    private static String name(AttributeSet query) {
        Attribute a = query.getAttribute(NAME);
        if (a == null || a.getType() != AttributeType.WITH || a.getValues().size() != 1) {
            return null;
        }
        return String.valueOf(a.getValues());
    }

    private static final class NameIndex extends LinkedHashMap<AttributeSet, String> {
        private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

        Set<AttributeSet> named(String name) {
            return byName.getOrDefault(name, Set.of());
        }

        @Override
        public String put(AttributeSet key, String value) {
            String n = name(key);
            if (n != null) {
                byName.computeIfAbsent(n, x -> new LinkedHashSet<>()).add(key);
            }
            return super.put(key, value);
        }

        @Override
        public String remove(Object key) {
            if (key instanceof AttributeSet k && containsKey(k)) {
                String n = name(k);
                Set<AttributeSet> s = n == null ? null : byName.get(n);
                if (s != null) {
                    s.remove(k);
                    if (s.isEmpty()) {
                        byName.remove(n);
                    }
                }
            }
            return super.remove(key);
        }

        @Override
        public void clear() {
            byName.clear();
            super.clear();
        }
    }
}
