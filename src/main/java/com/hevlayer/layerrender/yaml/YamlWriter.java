package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.emitter.Emitter;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.ImplicitTuple;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.events.StreamStartEvent;

/**
 * Writes JSON trees as a YAML stream through snakeyaml-engine's emitter: block style, keys in
 * the tree's order, and every string that a YAML 1.1 reader (kubectl, Argo CD, kustomize) would
 * take for something else ({@code "on"}, {@code "0"}, {@code "1.0"}, {@code ""}) double-quoted.
 */
public final class YamlWriter {
    private static final ImplicitTuple PLAIN = new ImplicitTuple(true, true);
    private static final ImplicitTuple QUOTED = new ImplicitTuple(false, true);

    private YamlWriter() {}

    /** A stream of documents, each starting with {@code ---}. */
    public static String write(List<? extends JsonNode> docs) {
        StringBuilder out = new StringBuilder();
        write(docs.iterator(), out);
        return out.toString();
    }

    /**
     * Streams documents to {@code out} one at a time, so a large render never holds its whole
     * output (or every output tree) in memory. IOExceptions of {@code out} surface unchecked.
     *
     * <p>A document that is a mapping whose keys and scalars are all printable ASCII (what layer-render
     * renders) is written by {@link BlockWriter}, which writes exactly what snakeyaml-engine's emitter writes
     * for it, several times faster (emitting was most of a large render: BENCHMARKS.md); any other document
     * goes through snakeyaml-engine's emitter itself ({@code YamlWriterFastPathTest} holds the two to the
     * same bytes). After a document that is not a mapping, the rest of the stream goes through the emitter
     * too: such a document can leave the stream open-ended, which only the emitter knows.
     */
    public static void write(Iterator<? extends JsonNode> docs, Appendable out) {
        Emitter emitter = null;
        boolean fast = true;
        StringBuilder text = new StringBuilder(4096);
        try {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                text.setLength(0);
                if (fast && BlockWriter.document(doc, text)) {
                    out.append(text);
                    continue;
                }
                if (emitter == null) {
                    emitter = emitter(out);
                    emitter.emit(new StreamStartEvent());
                }
                fast &= doc.isObject() && !doc.isEmpty();
                emitter.emit(new DocumentStartEvent(true, Optional.empty(), Map.of()));
                node(emitter, doc);
                emitter.emit(new DocumentEndEvent(false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (emitter != null) {
            emitter.emit(new StreamEndEvent());
        }
    }

    /** The same stream through snakeyaml-engine's emitter alone (the reference {@link #write} is held to). */
    static void writeWithEmitter(Iterator<? extends JsonNode> docs, Appendable out) {
        Emitter emitter = emitter(out);
        emitter.emit(new StreamStartEvent());
        while (docs.hasNext()) {
            emitter.emit(new DocumentStartEvent(true, Optional.empty(), Map.of()));
            node(emitter, docs.next());
            emitter.emit(new DocumentEndEvent(false));
        }
        emitter.emit(new StreamEndEvent());
    }

    private static Emitter emitter(Appendable out) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setWidth(Integer.MAX_VALUE)
                .setSplitLines(false)
                .setExplicitStart(true)
                .build();
        return new Emitter(settings, new StreamDataWriter() {
            @Override
            public void write(String str) {
                append(str, 0, str.length());
            }

            @Override
            public void write(String str, int off, int len) {
                append(str, off, off + len);
            }

            private void append(String str, int start, int end) {
                try {
                    out.append(str, start, end);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private static void node(Emitter emitter, JsonNode n) {
        if (n.isObject()) {
            FlowStyle style = n.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK;
            emitter.emit(new MappingStartEvent(Optional.empty(), Optional.empty(), true, style));
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                string(emitter, e.getKey());
                node(emitter, e.getValue());
            }
            emitter.emit(new MappingEndEvent());
        } else if (n.isArray()) {
            FlowStyle style = n.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK;
            emitter.emit(new SequenceStartEvent(Optional.empty(), Optional.empty(), true, style));
            for (JsonNode c : n) {
                node(emitter, c);
            }
            emitter.emit(new SequenceEndEvent());
        } else if (n.isTextual()) {
            string(emitter, n.asText());
        } else if (n.isNull() || n.isMissingNode()) {
            emitter.emit(new ScalarEvent(Optional.empty(), Optional.empty(), PLAIN, "null", ScalarStyle.PLAIN));
        } else {
            emitter.emit(new ScalarEvent(Optional.empty(), Optional.empty(), PLAIN, n.asText(), ScalarStyle.PLAIN));
        }
    }

    /**
     * Multi-line strings are double-quoted ({@code "a\nb"}): snakeyaml-engine's emitter would write
     * some of them plain over several lines, and a line ending in a colon then reads back as a
     * mapping key (unreadable output).
     */
    private static boolean hasLineBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** Whether a string is written double-quoted: what a YAML 1.1 reader would misread, and every multi-line string. */
    static boolean doubleQuoted(String s) {
        return Yaml11Scalars.needsQuotes(s) || hasLineBreak(s);
    }

    private static void string(Emitter emitter, String s) {
        if (doubleQuoted(s)) {
            emitter.emit(new ScalarEvent(Optional.empty(), Optional.empty(), QUOTED, s, ScalarStyle.DOUBLE_QUOTED));
        } else {
            emitter.emit(new ScalarEvent(Optional.empty(), Optional.empty(), PLAIN, s, ScalarStyle.PLAIN));
        }
    }
}
