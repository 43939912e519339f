package com.hevlayer.layerrender.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the files of {@code render --output-dir} (docs/hostile-input-output.md):
 * <ul>
 *   <li>only plain file names directly in the folder (no separator, no {@code .}/{@code ..}, no NUL,
 *       at most 255 bytes): nothing is ever written outside it;</li>
 *   <li>every file goes to a new temporary file in the same folder ({@code O_CREAT|O_EXCL}, so no link
 *       is followed) and is renamed over its name: a link, FIFO or hard link already there
 *       is replaced as a directory entry, its target never written;</li>
 *   <li>all temporary files are written before the first rename; a failure then removes them all and
 *       leaves the folder as it was, naming the file and the reason;</li>
 *   <li>{@value #MANIFEST} records the name and SHA-256 of every file layer-render wrote; a file of an
 *       earlier run that this run does not write is stale, and {@code prune} removes it only when it
 *       is still a regular file with the content layer-render wrote (never anything else).</li>
 * </ul>
 */
public final class OutputDir {
    /** The record of what layer-render wrote here: {@code <sha256>  <name>} per line, as sha256sum prints. */
    public static final String MANIFEST = ".layer-render-files";

    private static final String HEADER =
            "# written by layer-render: the files below and their SHA-256; --prune removes those no longer rendered";
    private static final String TEMP_PREFIX = ".layer-render-";
    private static final Pattern TEMP = Pattern.compile("\\.layer-render-[0-9a-f]{16}\\.tmp");
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (.+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private OutputDir() {}

    /**
     * @param written files written (in order)
     * @param pruned  stale files removed
     * @param stale   stale files left in place (no {@code prune}); still recorded, so a later prune removes them
     * @param foreign files the manifest names that were changed or replaced since layer-render wrote them: never removed, no longer recorded
     */
    public record Result(List<String> written, List<String> pruned, List<String> stale, List<String> foreign) {}

    /** A write that failed; the message names the file and the reason, and says what was left. */
    public static final class Failure extends IOException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** True for a name that stays inside the folder it is resolved against. */
    public static boolean plainName(String name) {
        return name != null
                && !name.isEmpty()
                && !name.equals(".")
                && !name.equals("..")
                && name.indexOf('/') < 0
                && name.indexOf('\0') < 0
                && name.getBytes(StandardCharsets.UTF_8).length <= 255;
    }

    /** Writes {@code files} (name to value) into {@code dir}, each file's bytes made from its value just before it is written. */
    public static <T> Result write(Path dir, Map<String, T> files, Function<? super T, byte[]> content, boolean prune)
            throws Failure {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Failure("cannot create " + dir + ": " + reason(e), e);
        }
        Map<String, String> previous = readManifest(dir);
        Map<String, Path> temps = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        String current = null;
        try {
            for (Map.Entry<String, T> f : files.entrySet()) {
                current = f.getKey();
                Path target = inside(dir, current);
                BasicFileAttributes there = attributes(target);
                if (there != null && there.isDirectory()) {
                    throw new IOException("a directory is in the way");
                }
                byte[] bytes = content.apply(f.getValue());
                temps.put(current, writeTemp(dir, bytes));
                hashes.put(current, sha256(bytes));
            }
        } catch (IOException e) {
            removeAll(temps.values());
            throw new Failure(
                    "cannot write " + dir.resolve(current) + ": " + reason(e) + "; nothing written, no file in " + dir
                            + " changed",
                    e);
        }
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, Path> t : temps.entrySet()) {
            try {
                Files.move(t.getValue(), dir.resolve(t.getKey()), StandardCopyOption.ATOMIC_MOVE);
                written.add(t.getKey());
            } catch (IOException e) {
                removeAll(temps.values());
                throw new Failure(
                        "cannot write " + dir.resolve(t.getKey()) + ": " + reason(e) + "; " + written.size() + " of "
                                + temps.size() + " files were replaced before it, the others are unchanged",
                        e);
            }
        }
        syncDir(dir);

        List<String> pruned = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        Map<String, String> record = new LinkedHashMap<>(hashes);
        for (Map.Entry<String, String> p : previous.entrySet()) {
            String name = p.getKey();
            if (files.containsKey(name)) {
                continue;
            }
            Path file = inside(dir, name);
            BasicFileAttributes a = attributes(file);
            if (a == null) {
                continue; // gone already
            }
            if (!a.isRegularFile() || !p.getValue().equals(hashOf(file))) {
                foreign.add(name);
                continue;
            }
            if (prune) {
                try {
                    Files.delete(file);
                    pruned.add(name);
                } catch (IOException e) {
                    throw new Failure(
                            "wrote " + written.size() + " files, but cannot remove the stale " + file + ": "
                                    + reason(e),
                            e);
                }
            } else {
                stale.add(name);
                record.put(name, p.getValue());
            }
        }
        if (prune) {
            pruned.addAll(removeLeftoverTemps(dir));
        }
        writeManifest(dir, record, written.size());
        return new Result(written, pruned, stale, foreign);
    }

    private static Path inside(Path dir, String name) {
        if (!plainName(name)) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        Path p = dir.resolve(name);
        if (!dir.equals(p.getParent())) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        return p;
    }

    /** The entry itself (a link is not followed), or null when nothing is there. */
    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    private static Path writeTemp(Path dir, byte[] content) throws IOException {
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[8];
            RANDOM.nextBytes(random);
            Path temp = dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(random) + ".tmp");
            FileChannel ch;
            try {
                ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;
                }
                throw e;
            }
            try (ch) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                // no fsync per file: it made writing many files several times slower (BENCHMARKS.md);
                // the rename is atomic for readers and for a process that dies, durability on power
                // loss is the file system's (docs/hostile-input-output.md)
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            return temp;
        }
    }

    private static void removeAll(Iterable<Path> temps) {
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException e) {
                // best effort: the name is ours and --prune removes it later
            }
        }
    }

    /** Temporary files of a run that died between writing and renaming (ours by name, regular files only). */
    private static List<String> removeLeftoverTemps(Path dir) throws Failure {
        List<String> removed = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                BasicFileAttributes a = attributes(p);
                if (TEMP.matcher(name).matches() && a != null && a.isRegularFile()) {
                    Files.delete(p);
                    removed.add(name);
                }
            }
        } catch (IOException e) {
            throw new Failure("cannot remove a temporary file left in " + dir + ": " + reason(e), e);
        }
        return removed;
    }

    /** The previous run's record; anything unreadable, linked or malformed counts as no record (nothing is pruned). */
    private static Map<String, String> readManifest(Path dir) {
        Map<String, String> entries = new LinkedHashMap<>();
        Path m = dir.resolve(MANIFEST);
        BasicFileAttributes a = attributes(m);
        if (a == null || !a.isRegularFile() || a.size() > (64 << 20)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
                var match = LINE.matcher(line);
                if (match.matches()
                        && plainName(match.group(2))
                        && !match.group(2).equals(MANIFEST)) {
                    entries.put(match.group(2), match.group(1));
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return entries;
    }

    private static void writeManifest(Path dir, Map<String, String> record, int written) throws Failure {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        record.forEach(
                (name, hash) -> text.append(hash).append("  ").append(name).append('\n'));
        try {
            Path temp = writeTemp(dir, text.toString().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        } catch (IOException e) {
            throw new Failure(
                    "wrote " + written + " files, but cannot write " + dir.resolve(MANIFEST) + ": " + reason(e)
                            + " (a later --prune will not know them)",
                    e);
        }
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be synced; the renames are done either way
        }
    }

    private static String hashOf(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return "";
        }
    }

    /** Lower-case hex SHA-256, as {@value #MANIFEST} records it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operating system's words ("No space left on device"), not Java's exception class. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
