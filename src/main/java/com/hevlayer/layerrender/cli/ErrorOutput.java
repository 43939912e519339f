package com.hevlayer.layerrender.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import java.io.PrintStream;

/**
 * What {@code render} and {@code validate} print on stderr, as text ({@code FILE:LINE:COL: ...} lines, a
 * summary) or, with {@code --errors json}, one JSON object per line with a KRM result's fields: message,
 * severity, code, resourceRef, field.path and file{path, line, column}. In JSON every line is an object: a
 * note is one of severity {@code info}, a file that could not be read one of severity {@code error} without
 * code, and the summary line is left out (the exit status says it).
 */
final class ErrorOutput {
    /**
     * Made when {@code --errors json} first prints (a holder class): a text run does not make it, and the
     * warm-up thread is the one that pays for Jackson's first ObjectMapper (EngineParts).
     */
    private static final class Json {
        /** Every character outside ASCII escaped as well: a bidirectional control cannot reorder the line on a terminal. */
        static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .build();
    }

    private final PrintStream err;
    private final boolean json;

    ErrorOutput(PrintStream err, boolean json) {
        this.err = err;
        this.json = json;
    }

    void problem(Problem p) {
        if (!json) {
            err.println(p.format());
            return;
        }
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("message", p.message());
        r.put("severity", p.isError() ? "error" : "warning");
        r.put("code", p.code().name());
        ObjectRef ref = p.ref();
        if (ref != null && ref.kind() != null) {
            ObjectNode refNode = r.putObject("resourceRef");
            putIfSet(refNode, "apiVersion", ref.apiVersion());
            refNode.put("kind", ref.kind());
            putIfSet(refNode, "name", ref.name());
            putIfSet(refNode, "namespace", ref.namespace());
        }
        if (p.field() != null && !p.field().isEmpty()) {
            r.putObject("field").put("path", p.field());
        }
        if (p.position() != null && p.position().file() != null) {
            ObjectNode file = r.putObject("file");
            file.put("path", p.position().file());
            if (p.position().line() > 0) {
                file.put("line", p.position().line());
                file.put("column", p.position().column());
            }
        }
        print(r);
    }

    /** An error that is no {@link Problem}: a file that cannot be read, an input that holds nothing. */
    void error(String line) {
        if (json) {
            print(Json.MAPPER.createObjectNode().put("message", line).put("severity", "error"));
        } else {
            err.println(line);
        }
    }

    /** Something worth saying that is no problem: the gateway Secret each namespace needs, the files written. */
    void note(String line) {
        if (json) {
            print(Json.MAPPER.createObjectNode().put("message", line).put("severity", "info"));
        } else {
            err.println(line);
        }
    }

    /** The closing count ("2 errors; nothing rendered"): text only. */
    void summary(String line) {
        if (!json) {
            err.println(line);
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private void print(ObjectNode r) {
        try {
            // JSON escapes every control character, so one object stays one line
            err.println(Json.MAPPER.writeValueAsString(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of strings and numbers always writes
        }
    }
}
