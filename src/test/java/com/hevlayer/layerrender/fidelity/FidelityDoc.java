package com.hevlayer.layerrender.fidelity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lists of deliberate differences in {@code docs/fidelity.md}: markdown tables under a
 * {@code ## heading}, four columns ({@code | kind | field | <what> | why |}). Backticks around a cell
 * are ignored; {@code \|} is a literal bar inside a cell.
 */
final class FidelityDoc {
    static final Path FILE = Path.of("docs", "fidelity.md");

    static final String CRD_DIFFERENCES = "CRD differences";
    static final String STRICTER = "Stricter than the CRD";
    static final String LOOSER = "Looser than the CRD";

    /** One table row; {@code line} is 1-based in the file. */
    record Row(String kind, String field, String what, String why, int line) {
        String where() {
            return FILE + ":" + line;
        }
    }

    private FidelityDoc() {}

    /**
     * The rows of the table under {@code ## heading}, or empty when the file or the heading is missing.
     *
     * @param third the expected name of the third column ({@code difference}, {@code rule})
     */
    static Optional<List<Row>> table(String heading, String third) {
        if (!Files.exists(FILE)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("## " + heading)) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("#")) {
                break; // the next section
            }
            if (!line.startsWith("|")) {
                continue;
            }
            List<String> cells = cells(line);
            if (!header) {
                List<String> want = List.of("kind", "field", third, "why");
                if (!cells.stream().map(String::toLowerCase).toList().equals(want)) {
                    throw new AssertionError(FILE + ":" + (i + 1) + ": the table under \"## " + heading
                            + "\" must have the columns | kind | field | " + third + " | why |, found " + cells);
                }
                header = true;
                continue;
            }
            if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                continue; // the separator
            }
            if (cells.size() != 4) {
                throw new AssertionError(
                        FILE + ":" + (i + 1) + ": a row of \"## " + heading + "\" needs 4 cells, found " + cells);
            }
            rows.add(new Row(cells.get(0), cells.get(1), cells.get(2), cells.get(3), i + 1));
        }
        return Optional.of(rows);
    }

    static List<String> cells(String line) {
        String body = line.trim();
        if (body.startsWith("|")) {
            body = body.substring(1);
        }
        if (body.endsWith("|") && !body.endsWith("\\|")) {
            body = body.substring(0, body.length() - 1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                out.add(clean(cell.toString()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(clean(cell.toString()));
        return out;
    }

    private static String clean(String cell) {
        String c = cell.trim();
        if (c.length() >= 2 && c.startsWith("`") && c.endsWith("`")) {
            c = c.substring(1, c.length() - 1).trim();
        }
        return c;
    }
}
