package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.Position;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads input paths: files, folders (every *.yaml, *.yml, *.json below, in sorted path order) and {@code -} (stdin),
 * confined to the input roots (docs/hostile-input-inputs.md).
 *
 * <ul>
 *   <li>A path named on the command line is followed when it is a link (the user chose it), and becomes a root.
 *   <li>Inside a folder, a link (to a file or a folder) is read only when its real path lies inside a root; links
 *       out of the roots, link loops and dangling manifest links are errors naming the link.
 *   <li>Only regular files are opened: devices, FIFOs and sockets are refused from their type, read without
 *       following links, before anything is opened.
 *   <li>A file is read with a bounded read ({@link #MAX_FILE_BYTES} + 1 bytes at most); its reported size is not trusted.
 * </ul>
 */
final class Inputs {
    /** The largest input file read (a safety limit; the per-document limit is much lower). */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /**
     * A file's bytes: decoding them is the reader's job ({@code YamlText.decode}), so bad bytes are invalid input
     * with a position. {@code walkedAs}: the path relative to the input folder a walk found it under; null for a
     * file named itself (or stdin).
     */
    record Text(String label, byte[] content, String walkedAs) {
        Text(String label, byte[] content) {
            this(label, content, null);
        }
    }

    /**
     * What a read may reach.
     *
     * @param within    real paths every file read must lie inside; null: the paths given are trusted (the command
     *                  line) and become the roots themselves
     * @param filesOnly a named path must be a file (a folder is refused)
     * @param skip      real paths not to read while walking a folder (the infra-rules file, read once on its own)
     * @param where     the roots, as messages name them ("the application folder")
     * @param fix       how to put a refused path right
     * @param excludes  what a folder walk leaves out (never a path named itself)
     */
    record Scope(List<Path> within, boolean filesOnly, Set<Path> skip, String where, String fix, Excludes excludes) {
        Scope(List<Path> within, boolean filesOnly, Set<Path> skip, String where, String fix) {
            this(within, filesOnly, skip, where, fix, Excludes.NONE);
        }

        static final Scope COMMAND_LINE = new Scope(
                null,
                false,
                Set.of(),
                "the folders given",
                "a link inside a folder must stay inside it; copy the file in, or name it on the command line");

        Scope skipping(Set<Path> paths) {
            return new Scope(within, filesOnly, paths, where, fix, excludes);
        }

        Scope worded(String newWhere, String newFix) {
            return new Scope(within, filesOnly, skip, newWhere, newFix, excludes);
        }

        Scope excluding(Excludes newExcludes) {
            return new Scope(within, filesOnly, skip, where, fix, newExcludes);
        }
    }

    /** Folder links followed in one read at most (a tree of links can otherwise multiply the files without end). */
    static final int MAX_FOLDER_LINKS = 1000;

    /**
     * Each text parsed, by label in order; a text that is not YAML (or too large to hold) gets no
     * documents and a problem. What every front end that reads files does with them.
     */
    static Map<String, List<SourceDoc>> parse(YamlLoader loader, List<Text> texts, List<Problem> problems) {
        Map<String, List<SourceDoc>> out = new LinkedHashMap<>();
        for (Text t : texts) {
            try {
                List<SourceDoc> docs = loader.load(t.label(), t.content());
                if (t.walkedAs() != null && !docs.isEmpty() && docs.stream().allMatch(Inputs::headless)) {
                    out.put(t.label(), List.of());
                    problems.add(notAManifest(docs.get(0), t.walkedAs()));
                } else {
                    out.put(t.label(), docs);
                }
            } catch (YamlException e) {
                out.put(t.label(), List.of());
                problems.add(Problem.error(Code.YAML_SYNTAX, e.position(), ObjectRef.of(e), e.field(), e.getMessage()));
            } catch (OutOfMemoryError e) {
                out.put(t.label(), List.of());
                problems.add(Problem.error(Code.YAML_SYNTAX, new Position(t.label(), 1, 1), null, null, outOfMemory()));
            }
        }
        return out;
    }

    /**
     * The warning for a file found by a folder walk ({@code walkedAs}) whose documents are all {@link #headless}:
     * it is skipped, not read as objects.
     */
    static Problem notAManifest(SourceDoc first, String walkedAs) {
        return Problem.warning(
                Code.NOT_A_MANIFEST,
                first.positionOf(""),
                null,
                null,
                "not a Kubernetes manifest: no document in it has apiVersion or kind, so it is skipped"
                        + " (layer-render rule: a folder may hold other YAML or JSON files, such as a Helm"
                        + " values.yaml or a package.json; fix: leave it out with --exclude '"
                        + walkedAs
                        + "' (Argo CD: the exclude parameter; KRM: the functionConfig's exclude),"
                        + " or give it apiVersion and kind if it is meant to be an object)");
    }

    /**
     * A mapping with neither apiVersion nor kind: not meant as a Kubernetes object (a Helm values file, a
     * package.json). A document with one of the two is a broken object, and not this.
     */
    static boolean headless(SourceDoc d) {
        return d.root().isObject() && !d.root().has("apiVersion") && !d.root().has("kind");
    }

    /**
     * The InfraRules documents of the file an {@code option} ({@code --infra-rules}, a functionConfig's
     * {@code infra-rules}) names; any other document there is a problem.
     */
    static List<SourceDoc> infraRulesOnly(List<SourceDoc> docs, String option, List<Problem> problems) {
        List<SourceDoc> rules = new ArrayList<>();
        for (SourceDoc d : docs) {
            if (!"InfraRules".equals(d.kind())) {
                problems.add(new Problem(
                        Problem.Severity.ERROR,
                        Code.UNKNOWN_DOCUMENT,
                        d.positionOf(""),
                        null,
                        "kind",
                        option + " reads InfraRules only, this document is " + d.kind(),
                        ObjectRef.of(d, null)));
            } else {
                rules.add(d);
            }
        }
        return rules;
    }

    /** Problems with the input; {@link #usage} when a named path is not there at all (exit 2), else invalid input (exit 1). */
    static final class InputException extends Exception {
        final List<String> messages;
        final boolean usage;

        InputException(String message) {
            this(List.of(message), false);
        }

        InputException(List<String> messages, boolean usage) {
            super(String.join("\n", messages));
            this.messages = List.copyOf(messages);
            this.usage = usage;
        }
    }

    private Inputs() {}

    static List<Text> read(List<String> paths, InputStream stdin) throws InputException {
        return read(paths, stdin, Scope.COMMAND_LINE);
    }

    /** The real paths of the given paths that exist (folders and files), for a {@link Scope#within}. */
    static List<Path> roots(List<String> paths) {
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            if (!p.equals("-")) {
                try {
                    out.add(Path.of(p).toRealPath());
                } catch (IOException | InvalidPathException e) {
                    // not there: reported when it is read
                }
            }
        }
        return out;
    }

    static List<Text> read(List<String> paths, InputStream stdin, Scope scope) throws InputException {
        List<Text> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Path> roots = scope.within() != null ? scope.within() : roots(paths);
        long[] counted = {0, 0}; // bytes read so far, texts counted
        boolean stdinRead = false;
        for (String p : paths) {
            if (p.equals("-")) {
                if (!stdinRead) {
                    stdinRead = true;
                    try {
                        out.add(new Text("-", readBounded(stdin, "-")));
                    } catch (InputException e) {
                        errors.addAll(e.messages);
                    }
                }
                continue;
            }
            Path path;
            try {
                path = Path.of(p);
            } catch (InvalidPathException e) {
                throw new InputException(List.of(p + ": not a valid path"), true);
            }
            if (scope.within() != null && (path.isAbsolute() || escapes(path))) {
                // refused before the file system is asked anything: no probing of what exists outside
                errors.add(
                        p + ": must be a path relative to " + scope.where() + ", without \"..\" (" + scope.fix() + ")");
                continue;
            }
            Path real;
            try {
                real = path.toRealPath();
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(path)) {
                    errors.add(p + ": a link that points to nothing (fix or remove the link)");
                    continue;
                }
                throw new InputException(List.of(p + ": no such file or folder"), true);
            } catch (IOException e) {
                errors.add(p + ": cannot resolve the path (" + reason(e) + ") (fix or remove the link)");
                continue;
            }
            if (scope.within() != null && !inside(real, roots)) {
                errors.add(p + ": " + (Files.isSymbolicLink(path) ? "a link to a path" : "a path") + " outside "
                        + scope.where() + " (" + scope.fix() + ")");
                continue;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                errors.add(p + ": cannot read (" + reason(e) + ")");
                continue;
            }
            if (a.isDirectory()) {
                if (scope.filesOnly()) {
                    errors.add(p + ": is a folder, not a file (name the file that holds it)");
                    continue;
                }
                List<Entry> files = new ArrayList<>();
                Deque<Path> chain = new ArrayDeque<>();
                chain.push(real);
                walk(path, "", real, chain, roots, scope, files, errors, new int[1]);
                files.sort(Comparator.comparing(Entry::label));
                for (Entry f : files) {
                    readInto(f.label().toString(), f.real(), f.rel(), out, errors);
                    if (overTotal(out, counted, errors)) {
                        throw new InputException(errors, false);
                    }
                }
            } else if (!a.isRegularFile()) {
                errors.add(p + ": " + notRegular(a));
            } else {
                readInto(p, real, null, out, errors);
            }
            if (overTotal(out, counted, errors)) {
                throw new InputException(errors, false);
            }
        }
        if (!errors.isEmpty()) {
            throw new InputException(errors, false);
        }
        return out;
    }

    /** All inputs of one run together, in bytes (a safety limit: a repository of many large files cannot exhaust memory). */
    static final long MAX_TOTAL_BYTES = MAX_FILE_BYTES;

    /** Whether what was read so far passes {@link #MAX_TOTAL_BYTES}; if so, says so in {@code errors}. */
    private static boolean overTotal(List<Text> out, long[] counted, List<String> errors) {
        for (int i = (int) counted[1]; i < out.size(); i++) {
            counted[0] += out.get(i).content().length;
        }
        counted[1] = out.size();
        if (counted[0] <= MAX_TOTAL_BYTES) {
            return false;
        }
        errors.add(out.get(out.size() - 1).label() + ": the inputs hold more than " + MAX_TOTAL_BYTES / (1024 * 1024)
                + " MiB in all with this file (a safety limit; render fewer files per run)");
        return true;
    }

    private record Entry(Path label, Path real, String rel) {}

    /** Collects the manifest files below {@code realDir}, labelled under {@code labelDir}; links are resolved and checked. */
    private static void walk(
            Path labelDir,
            String relDir,
            Path realDir,
            Deque<Path> chain,
            List<Path> roots,
            Scope scope,
            List<Entry> files,
            List<String> errors,
            int[] folderLinks) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(realDir)) {
            ds.forEach(children::add);
            children.sort(null); // messages in a stable order
        } catch (IOException | DirectoryIteratorException e) {
            errors.add(labelDir + ": cannot list folder (" + reason(e) + ")");
            return;
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            Path label = labelDir.resolve(name);
            String rel = relDir.isEmpty() ? name : relDir + "/" + name;
            if (scope.excludes().excludes(rel, false)) {
                continue; // excluded: not opened, not even looked at (a link is not followed)
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                errors.add(label + ": cannot read (" + reason(e) + ")");
                continue;
            }
            if ((a.isDirectory() || a.isSymbolicLink()) && scope.excludes().excludes(rel, true)) {
                continue; // a folder (or a link, by its own name) excluded: not entered, not followed
            }
            Path real = child;
            if (a.isSymbolicLink()) {
                try {
                    real = child.toRealPath();
                    a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    if (isManifest(name)) {
                        errors.add(label + ": a link that points to nothing (fix or remove the link)");
                    }
                    continue;
                } catch (IOException e) {
                    errors.add(label + ": cannot resolve the link (" + reason(e) + ") (fix or remove the link)");
                    continue;
                }
                if (!a.isDirectory() && !isManifest(name)) {
                    continue; // never read, so never checked
                }
                if (!inside(real, roots)) {
                    errors.add(label + ": a link to a " + (a.isDirectory() ? "folder" : "file") + " outside "
                            + scope.where() + " (" + scope.fix() + ")");
                    continue;
                }
            }
            if (a.isDirectory()) {
                if (chain.contains(real)) {
                    errors.add(label + ": a link to a folder that contains it (a link loop; remove the link)");
                    continue;
                }
                if (!real.equals(child) && ++folderLinks[0] > MAX_FOLDER_LINKS) {
                    errors.add(label + ": more than " + MAX_FOLDER_LINKS
                            + " links to folders (a safety limit; link fewer folders)");
                    return;
                }
                chain.push(real);
                walk(label, rel, real, chain, roots, scope, files, errors, folderLinks);
                chain.pop();
            } else if (isManifest(name)) {
                if (scope.skip().contains(real)) {
                    continue;
                }
                if (!a.isRegularFile()) {
                    errors.add(label + ": " + notRegular(a));
                } else {
                    files.add(new Entry(label, real, rel));
                }
            }
        }
    }

    private static boolean escapes(Path path) {
        for (Path part : path) {
            if (part.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inside(Path real, List<Path> roots) {
        for (Path r : roots) {
            if (real.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    private static String notRegular(BasicFileAttributes a) {
        return "not a regular file (a device, FIFO or socket is never read; name a YAML or JSON file, or - for stdin)";
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().contains("levels of symbolic links") ? "a link loop" : f.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName();
    }

    private static boolean isManifest(String n) {
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static void readInto(String label, Path real, String walkedAs, List<Text> out, List<String> errors) {
        // NOFOLLOW_LINKS: the real path has no link left in it; one swapped in since is not followed
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            out.add(new Text(label, readBounded(in, label), walkedAs));
        } catch (InputException e) {
            errors.addAll(e.messages);
        } catch (IOException e) {
            errors.add(label + ": cannot read (" + reason(e) + ")");
        }
    }

    /** At most {@link #MAX_FILE_BYTES} + 1 bytes are ever read from {@code in}, whatever it claims to hold. */
    static byte[] readBounded(InputStream in, String label) throws InputException {
        try {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new InputException(label + ": input is larger than " + MAX_FILE_BYTES / (1024 * 1024)
                        + " MiB (a safety limit; split it into several files)");
            }
            return bytes;
        } catch (IOException e) {
            throw new InputException(label + ": cannot read (" + reason(e) + ")");
        }
    }

    /**
     * The message for a file whose reading ran out of memory (issue 12: it named no file). Within the
     * limits a single file cannot do this with the default heap; many large files together can.
     */
    static String outOfMemory() {
        long mib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return "ran out of memory reading this file (the JVM may use " + mib
                + " MiB; the inputs together hold too much:"
                + " render fewer files per run, or give the JVM more with LAYER_RENDER_JAVA_OPTS=-Xmx...)";
    }
}
