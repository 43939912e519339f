package com.hevlayer.layerrender.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Formats rendered objects and passed-through documents (SPEC §4). Pure: returns text, writes nothing. */
public final class Output {
    private Output() {}

    /** Rendered objects first (already in output order), then passed-through documents in input order. */
    public static List<JsonNode> documents(List<RenderedObject> objects, List<JsonNode> passthrough) {
        List<JsonNode> docs = new ArrayList<>(objects.size() + passthrough.size());
        lazyDocuments(objects, passthrough).forEachRemaining(docs::add);
        return docs;
    }

    /** metadata as kubectl shows it: name, namespace and labels first (fabric8 writes them alphabetically). */
    public static ObjectNode conventionalMetadata(ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta instanceof ObjectNode) {
            ObjectNode ordered = JsonNodeFactory.instance.objectNode();
            for (String first : new String[] {"name", "namespace", "labels", "annotations"}) {
                if (meta.has(first)) {
                    ordered.set(first, meta.get(first));
                }
            }
            ((ObjectNode) meta).fields().forEachRemaining(e -> {
                if (!ordered.has(e.getKey())) {
                    ordered.set(e.getKey(), e.getValue());
                }
            });
            object.set("metadata", ordered);
        }
        return object;
    }

    /**
     * The same documents as {@link #documents}, made one at a time as they are written: a large
     * render then holds one output tree at a time, not all of them.
     */
    public static Iterator<JsonNode> lazyDocuments(List<RenderedObject> objects, List<JsonNode> passthrough) {
        Iterator<RenderedObject> rendered = objects.iterator();
        Iterator<JsonNode> passed = passthrough.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rendered.hasNext() || passed.hasNext();
            }

            @Override
            public JsonNode next() {
                return rendered.hasNext() ? conventionalMetadata(rendered.next().toTree()) : passed.next();
            }
        };
    }

    /** Streams a YAML stream of the documents to {@code out}. */
    public static void writeYaml(Iterator<JsonNode> docs, Appendable out) {
        YamlWriter.write(docs, out);
    }

    /** Rendered objects per unit of parallel work: large enough to amortise a task, small enough to spread. */
    public static final int CHUNK = 64;

    /**
     * The text {@link #writeYaml} writes for one rendered object, alone, given as its tree ({@link
     * RenderedObject#toTree}, which this reorders): what a streamed run may keep.
     */
    public static String yaml(ObjectNode tree) {
        StringBuilder text = new StringBuilder(4096);
        YamlWriter.write(List.of(conventionalMetadata(tree)).iterator(), text);
        return text.toString();
    }

    /**
     * The same bytes as {@code writeYaml(lazyDocuments(objects, passthrough), out)}, with the
     * rendered objects turned into YAML text by {@code workers} in chunks of {@link #CHUNK} while
     * this thread writes the finished chunks in order. Emitting YAML is most of a large render
     * (BENCHMARKS.md: the profile and the before/after). Every rendered object is a mapping, so its
     * text does not depend on the document before it and chunks concatenate to the single-stream
     * text ({@code ParallelOutputTest}); passed-through documents, which could be anything, are
     * written after them by one emitter as before. At most {@code 4 × parallelism} chunks are in
     * flight, so memory stays bounded.
     */
    public static void writeYaml(
            List<RenderedObject> objects,
            List<JsonNode> passthrough,
            Appendable out,
            ExecutorService workers,
            int parallelism) {
        writeYaml(objects, List.of(), passthrough, out, workers, parallelism);
    }

    /**
     * {@link #writeYaml(List, List, Appendable, ExecutorService, int)}, where {@code written} (empty, or one entry per
     * object) holds the text {@link #yaml(ObjectNode)} made of an object already (a streamed run's
     * {@code Engine.Outcome#written}): that text is written as it is, and the object is not made again.
     */
    public static void writeYaml(
            List<RenderedObject> objects,
            List<String> written,
            List<JsonNode> passthrough,
            Appendable out,
            ExecutorService workers,
            int parallelism) {
        if (!written.isEmpty() && written.size() != objects.size()) {
            throw new IllegalArgumentException(written.size() + " texts for " + objects.size() + " objects");
        }
        if (written.isEmpty() && (objects.size() <= CHUNK || parallelism < 2)) {
            writeYaml(lazyDocuments(objects, passthrough), out);
            return;
        }
        if (objects.size() <= CHUNK || parallelism < 2) {
            try {
                chunk(objects, written, 0, objects.size(), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            writeYaml(passthrough.iterator(), out);
            return;
        }
        ArrayDeque<Future<String>> inFlight = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < objects.size() || !inFlight.isEmpty()) {
                while (next < objects.size() && inFlight.size() < 4 * parallelism) {
                    int from = next;
                    int to = Math.min(next + CHUNK, objects.size());
                    inFlight.add(workers.submit(() -> {
                        StringBuilder text = new StringBuilder((to - from) * 2048);
                        chunk(objects, written, from, to, text);
                        return text.toString();
                    }));
                    next = to;
                }
                out.append(inFlight.remove().get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the output", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) { // out of memory, a stack overflow: answered as on this thread
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            inFlight.forEach(f -> f.cancel(true));
        }
        if (!passthrough.isEmpty()) {
            writeYaml(passthrough.iterator(), out);
        }
    }

    /** Objects {@code from .. to}: each run of them without a kept text made and written in one stream. */
    private static void chunk(List<RenderedObject> objects, List<String> written, int from, int to, Appendable out)
            throws IOException {
        int i = from;
        while (i < to) {
            if (!written.isEmpty() && written.get(i) != null) {
                out.append(written.get(i++));
                continue;
            }
            int end = i + 1;
            while (end < to && (written.isEmpty() || written.get(end) == null)) {
                end++;
            }
            writeYaml(lazyDocuments(objects.subList(i, end), List.of()), out);
            i = end;
        }
    }

    /** Streams a {@code v1} List of the documents to {@code out}, formatted as {@link #json}. */
    public static void writeJson(Iterator<JsonNode> docs, Writer out) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(printer());
            g.writeStartObject();
            g.writeStringField("apiVersion", "v1");
            g.writeStringField("kind", "List");
            g.writeArrayFieldStart("items");
            while (docs.hasNext()) {
                Json.MAPPER.writeTree(g, docs.next());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write("\n");
    }

    private static DefaultPrettyPrinter printer() {
        return new DefaultPrettyPrinter(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    }

    public static String yaml(List<JsonNode> docs) {
        return YamlWriter.write(docs);
    }

    /** A {@code v1} List holding the documents, pretty-printed, ending with a newline. */
    public static String json(List<JsonNode> docs) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        docs.forEach(items::add);
        return jsonObject(list);
    }

    /** One JSON document, two-space indented, ending with a newline. */
    public static String jsonObject(JsonNode node) {
        try {
            return Json.MAPPER.writer(printer()).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One file name per document, stable across runs and independent of the other documents:
     * {@code <namespace>.<name>.<kind>.yaml} in lower case, {@code _} standing for "no namespace"
     * (an underscore is never part of a namespace). Clashes (same kind and name in two API groups)
     * get the group added. Every part, the kind too, keeps only {@code [A-Za-z0-9._-]} (anything else
     * becomes {@code _}), a missing, empty or non-string part counts as absent, and a name longer than
     * {@value #MAX_NAME} characters is cut and ends in a hash of the whole: every name is one plain
     * file name (docs/hostile-input-output.md).
     */
    public static Map<String, JsonNode> files(List<JsonNode> docs, String extension) {
        List<String> names = fileNames(docs.iterator(), extension);
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            files.put(names.get(i), docs.get(i));
        }
        return files;
    }

    /**
     * The names {@link #files} gives the documents, in their order, made one document at a time (a large render
     * to a folder then holds the names, not every output tree).
     */
    public static List<String> fileNames(Iterator<JsonNode> docs, String extension) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int unnamed = 0;
        while (docs.hasNext()) {
            JsonNode d = docs.next();
            String ns = text(d.path("metadata").path("namespace"));
            String name = text(d.path("metadata").path("name"));
            if (name == null) {
                name = "unnamed-" + (++unnamed);
            }
            String kind = text(d.path("kind"));
            kind = (kind == null ? "object" : kind).toLowerCase(Locale.ROOT);
            String base = safe(ns == null ? "_" : ns) + "." + safe(name) + "." + safe(kind);
            String file = fit(base, extension);
            if (!used.add(file)) {
                String api = d.path("apiVersion").asText("");
                String group = api.contains("/") ? api.substring(0, api.indexOf('/')) : "core";
                base = base + "." + safe(group.isEmpty() ? "core" : group);
                file = fit(base, extension);
                for (int i = 2; !used.add(file); i++) {
                    base = base + "-" + i;
                    file = fit(base, extension);
                }
            }
            names.add(file);
        }
        return names;
    }

    /** Document {@code index} of {@link #documents}, made alone (a streamed run renders its Pipeline again). */
    public static JsonNode document(List<RenderedObject> objects, List<JsonNode> passthrough, int index) {
        return index < objects.size()
                ? conventionalMetadata(objects.get(index).toTree())
                : passthrough.get(index - objects.size());
    }

    /** Longest file name {@link #files} makes, extension included: well below the 255 bytes of Linux and macOS. */
    public static final int MAX_NAME = 200;

    private static String fit(String base, String extension) {
        String file = base + "." + extension;
        if (file.length() <= MAX_NAME) {
            return file;
        }
        String hash = OutputDir.sha256(base.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return base.substring(0, MAX_NAME - extension.length() - 18) + "-" + hash + "." + extension;
    }

    private static String text(JsonNode n) {
        return n.isValueNode() && !n.isNull() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
