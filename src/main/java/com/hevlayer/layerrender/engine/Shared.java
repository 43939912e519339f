package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hevlayer.layerrender.model.Pipeline;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One String (and one text node) per distinct short value within one run, for what a run keeps of each
 * Pipeline until it is written ({@link Engine}): a large input repeats its namespaces, images, pools and field
 * names in every Pipeline, and the reader makes a String of every occurrence. Long values (a queue URL) are
 * rarely repeated and are kept as they are. Belongs to one run; safe for the run's threads (which String of
 * equal ones is kept does not matter: they are equal).
 */
final class Shared {
    /** Longer strings are kept as they are: mostly distinct, a map entry would cost more than it saves. */
    private static final int MAX_SHARED = 40;

    private final Map<String, String> strings = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> texts = new ConcurrentHashMap<>();

    String string(String s) {
        if (s == null || s.length() > MAX_SHARED) {
            return s;
        }
        return strings.computeIfAbsent(s, k -> k);
    }

    /** A text node shared by value; any other node as it is. */
    JsonNode text(JsonNode n) {
        if (n == null || !n.isTextual() || n.textValue().length() > MAX_SHARED) {
            return n;
        }
        return texts.computeIfAbsent(n.textValue(), TextNode::valueOf);
    }

    /** A copy of {@code n} whose keys and short text values are shared; equal to {@code n}. */
    JsonNode tree(JsonNode n) {
        if (n instanceof ObjectNode o) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(string(e.getKey()), tree(e.getValue()));
            }
            return copy;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(a.size());
            for (JsonNode item : a) {
                copy.add(tree(item));
            }
            return copy;
        }
        return n == null ? null : text(n);
    }

    /** The same Pipeline, its repeated values shared. */
    Pipeline pipeline(Pipeline p) {
        return new Pipeline(
                p.name(),
                string(p.namespace()),
                p.pipelineId(),
                string(p.targetNamespace()),
                tree(p.sourceRef()),
                string(p.image()),
                string(p.explicitComputeClass()),
                p.batchSize(),
                p.timeoutSeconds(),
                (ObjectNode) tree(p.podSpec()),
                string(p.pool()),
                p.mode(),
                p.minReplicas(),
                p.maxReplicas(),
                p.warmWindowSeconds(),
                p.paused(),
                p.pushPort(),
                p.schedule());
    }
}
