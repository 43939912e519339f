package com.hevlayer.layerrender.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The object-size step: no rendered object may be larger than the API server stores (issue 12:
 * aliases made a 100 MB env variable). Owns the limit and the cheap bound that skips the count.
 */
final class ObjectSize {
    private ObjectSize() {}

    /**
     * The largest object printed, in bytes of compact JSON: 1.5 MiB, the API server's request size
     * limit (etcd's default --max-request-bytes); a larger object could never be stored.
     */
    static final int MAX_OBJECT_BYTES = 1536 * 1024;

    /**
     * Each char of the input reaches a rendered object at most twice, each time as at most 7 bytes
     * (sourceRef's JSON escapes escaped again inside the env value: a control char becomes
     * {@code \\u0001}); everything else a Pipeline renders to is small and bounded.
     */
    private static final int BYTES_PER_INPUT_CHAR = 14;

    private static final int RENDERED_OVERHEAD = 64 * 1024;

    /** @param sizeBound {@link #upperBound} of the Pipeline's document */
    static boolean fitsTheApiServer(
            SourceDoc doc, long sizeBound, ObjectRef ref, List<RenderedObject> objects, List<Problem> problems) {
        if (sizeBound * BYTES_PER_INPUT_CHAR + RENDERED_OVERHEAD <= MAX_OBJECT_BYTES) {
            return true; // the usual case: no object of this Pipeline can come near the limit
        }
        for (RenderedObject o : objects) {
            long bytes = jsonBytes(o.toTree());
            if (bytes > MAX_OBJECT_BYTES) {
                problems.add(Problem.error(
                        Code.OBJECT_TOO_LARGE,
                        doc.positionOf(""),
                        ref,
                        null,
                        "renders a "
                                + o.object().getKind() + " of " + bytes
                                + " bytes of JSON, more than the API server accepts ("
                                + MAX_OBJECT_BYTES + " bytes, 1.5 MiB, its request size limit); make spec.sourceRef or"
                                + " spec.worker.podSpec smaller"));
                return false;
            }
        }
        return true;
    }

    /** Chars of strings, keys and numbers in {@code n}, plus a few per node for punctuation. */
    static long upperBound(JsonNode n) {
        if (n.isObject()) {
            long sum = 2;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                sum += e.getKey().length() + 4 + upperBound(e.getValue());
            }
            return sum;
        }
        if (n.isArray()) {
            long sum = 2;
            for (JsonNode item : n) {
                sum += 1 + upperBound(item);
            }
            return sum;
        }
        return n.isTextual() ? n.textValue().length() + 2 : n.asText().length() + 2;
    }

    private static long jsonBytes(JsonNode tree) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try {
            Json.MAPPER.writeValue(counter, tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return count[0];
    }
}
