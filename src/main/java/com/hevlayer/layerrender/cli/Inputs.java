package com.hevlayer.layerrender.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads input paths: files, folders (every *.yaml, *.yml, *.json below, in sorted path order) and {@code -} (stdin). */
final class Inputs {
    /** The largest input file read (a safety limit; the per-document limit is much lower). */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** A file's bytes: decoding them is the reader's job ({@code YamlText.decode}), so bad bytes are invalid input with a position. */
    record Text(String label, byte[] content) {}

    static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    private Inputs() {}

    static List<Text> read(List<String> paths, InputStream stdin) throws InputException {
        List<Text> out = new ArrayList<>();
        boolean stdinRead = false;
        for (String p : paths) {
            if (p.equals("-")) {
                if (stdinRead) {
                    continue;
                }
                stdinRead = true;
                out.add(new Text("-", readLimited(stdin, "-")));
                continue;
            }
            Path path = Path.of(p);
            if (!Files.exists(path)) {
                throw new InputException(p + ": no such file or folder");
            }
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile)
                            .filter(f -> !hidden(path.relativize(f)))
                            .filter(Inputs::isManifest)
                            .sorted()
                            .collect(Collectors.toList());
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw new InputException(p + ": cannot list folder: " + e.getMessage());
                }
                for (Path f : files) {
                    out.add(new Text(f.toString(), readFile(f)));
                }
            } else {
                out.add(new Text(p, readFile(path)));
            }
        }
        return out;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static byte[] readFile(Path f) throws InputException {
        try {
            if (Files.size(f) > MAX_FILE_BYTES) {
                throw new InputException(f + ": file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB (a safety limit)");
            }
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new InputException(f + ": cannot read: " + e.getMessage());
        }
    }

    private static byte[] readLimited(InputStream in, String label) throws InputException {
        try {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new InputException(label + ": input is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB (a safety limit)");
            }
            return bytes;
        } catch (IOException e) {
            throw new InputException(label + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The message for a file whose reading ran out of memory (issue 12: it named no file). Within the
     * limits a single file cannot do this with the default heap; many large files together can.
     */
    static String outOfMemory() {
        long mib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return "ran out of memory reading this file (the JVM may use " + mib + " MiB; the inputs together hold too much:"
                + " render fewer files per run, or give the JVM more with LAYER_RENDER_JAVA_OPTS=-Xmx...)";
    }
}
