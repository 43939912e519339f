package com.hevlayer.layerrender.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a git revision of the current repository ({@code HEAD~1:apps}, {@code origin/main:apps/}) as
 * {@link Inputs} reads a folder: with git itself ({@code rev-parse}, {@code ls-tree -r -z -l},
 * {@code cat-file --batch}), no clone, no checkout, no network (docs/hostile-input-inputs.md, "git revisions").
 *
 * <ul>
 *   <li>git runs with a fixed environment (PATH only, plus the variables below): no system or global
 *       configuration, no pager, no prompt, no replace refs, no lazy fetch of a partial clone's missing
 *       objects, every network protocol refused; blobs are read as stored (no textconv, no filters).
 *   <li>As in a folder: every *.yaml, *.yml and *.json below the path, in sorted path order, names starting
 *       with a dot skipped, the same size limits ({@link Inputs#MAX_FILE_BYTES} a file, checked from the
 *       tree's sizes before anything is read, and {@link Inputs#MAX_TOTAL_BYTES} in all).
 *   <li>A link in the tree (mode 120000) is never followed outside the path read: a manifest-named link is
 *       read when its target is a file of the same listing, and is an error otherwise; a link to a folder
 *       is not followed (there is no file system to confine it to). Submodules are not read.
 * </ul>
 */
final class GitInputs {
    private GitInputs() {}

    /** A side named {@code REV:PATH}: the revision and the path within it (relative to the repository's root). */
    record Rev(String rev, String path) {
        String label() {
            return rev + ":" + path;
        }
    }

    /**
     * {@code REV:PATH} when {@code arg} names a git revision, else null (a local path). An argument holding a
     * colon is a revision unless it starts with {@code /}, {@code ./} or {@code ../} (so a local path with a
     * colon is written {@code ./a:b.yaml}); the revision part must not be empty or start with {@code -}.
     */
    static Rev parse(String arg) {
        int colon = arg.indexOf(':');
        if (colon <= 0 || arg.startsWith("/") || arg.startsWith("./") || arg.startsWith("../")) {
            return null;
        }
        return new Rev(arg.substring(0, colon), arg.substring(colon + 1));
    }

    /** Links in one tree followed at most (as {@link Inputs#MAX_FOLDER_LINKS}). */
    static final int MAX_LINKS = Inputs.MAX_FOLDER_LINKS;

    /** The files of {@code r}, labelled {@code REV:PATH/FILE}; a missing revision or path is a usage error. */
    static List<Inputs.Text> read(Rev r, Path dir, Excludes exclude) throws Inputs.InputException {
        if (r.rev().startsWith("-")) {
            throw usage(r.label() + ": a revision cannot start with \"-\" (fix: name a branch, tag or commit; a local"
                    + " path with a colon is written ./" + r.label() + ")");
        }
        Result inside = git(dir, List.of("rev-parse", "--git-dir"));
        if (inside.code != 0) {
            throw usage(r.label() + ": names a git revision (REV:PATH), but " + dir.toAbsolutePath()
                    + " is not inside a git repository" + gitSays(inside)
                    + " (fix: run in the repository, or write a local path with a colon as ./" + r.label() + ")");
        }
        Result commit = git(dir, List.of("rev-parse", "--verify", "--quiet", "--end-of-options", r.rev() + "^{tree}"));
        if (commit.code != 0) {
            throw usage(r.label() + ": unknown revision " + r.rev() + " in this repository (fix: a branch, tag or"
                    + " commit that exists here; in CI, fetch it first, e.g. git fetch origin main)");
        }
        Result object = git(dir, List.of("rev-parse", "--verify", "--quiet", "--end-of-options", r.label()));
        if (object.code != 0) {
            throw usage(r.label() + ": " + (r.path().isEmpty() ? "." : r.path()) + " is not in revision " + r.rev()
                    + " (the path is relative to the repository's root, or to this folder when it starts with ./)");
        }
        String oid = object.text().trim();
        Result type = git(dir, List.of("cat-file", "-t", oid));
        String kind = type.text().trim();
        List<Item> items = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (kind.equals("blob")) {
            Result size = git(dir, List.of("cat-file", "-s", oid));
            items.add(new Item(r.label(), oid, Long.parseLong(size.text().trim()), null));
        } else if (kind.equals("tree")) {
            list(dir, r, oid, exclude, items, errors);
        } else {
            throw usage(r.label() + ": is a " + kind + ", not a file or folder");
        }
        long total = 0;
        for (Item i : items) {
            if (i.size > Inputs.MAX_FILE_BYTES) {
                errors.add(i.label + ": input is larger than " + Inputs.MAX_FILE_BYTES / (1024 * 1024)
                        + " MiB (a safety limit; split it into several files)");
            }
            total += i.size;
            if (total > Inputs.MAX_TOTAL_BYTES) {
                errors.add(i.label + ": the inputs hold more than " + Inputs.MAX_TOTAL_BYTES / (1024 * 1024)
                        + " MiB in all with this file (a safety limit; render fewer files per run)");
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw new Inputs.InputException(errors, false);
        }
        return blobs(dir, items);
    }

    /** {@code walkedAs}: the path within the side's folder, as a folder walk gives it; null for a file named itself. */
    private record Item(String label, String oid, long size, String walkedAs) {}

    private record Entry(String mode, String type, String oid, long size) {}

    /** The manifests of tree {@code oid}, links resolved within the listing. */
    private static void list(Path dir, Rev r, String oid, Excludes exclude, List<Item> items, List<String> errors)
            throws Inputs.InputException {
        Result ls = git(dir, List.of("ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", oid));
        if (ls.code != 0) {
            throw new Inputs.InputException(r.label() + ": cannot list the tree" + gitSays(ls));
        }
        TreeMap<String, Entry> entries = new TreeMap<>();
        String out = ls.text();
        int at = 0;
        while (at < out.length()) {
            int end = out.indexOf('\0', at);
            String line = out.substring(at, end < 0 ? out.length() : end);
            at = end < 0 ? out.length() : end + 1;
            int tab = line.indexOf('\t');
            String[] meta = line.substring(0, tab).trim().split(" +");
            long size = meta[3].equals("-") ? 0 : Long.parseLong(meta[3]);
            entries.put(line.substring(tab + 1), new Entry(meta[0], meta[1], meta[2], size));
        }
        String base = r.path().isEmpty() || r.path().endsWith("/") ? r.label() : r.label() + "/";
        Map<String, String> links = new HashMap<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String path = e.getKey();
            Entry en = e.getValue();
            if (hidden(path) || !isManifest(path) || !en.type.equals("blob") || exclude.excludesFile(path)) {
                continue; // a submodule is a commit, never read
            }
            if (en.mode.equals("120000")) {
                if (links.size() >= MAX_LINKS) {
                    errors.add(base + path + ": more than " + MAX_LINKS + " links (a safety limit; link fewer files)");
                    return;
                }
                links.put(path, en.oid);
            }
        }
        Map<String, String> targets = links.isEmpty() ? Map.of() : linkTexts(dir, links);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String path = e.getKey();
            Entry en = e.getValue();
            if (hidden(path) || !isManifest(path) || !en.type.equals("blob") || exclude.excludesFile(path)) {
                continue;
            }
            if (!en.mode.equals("120000")) {
                items.add(new Item(base + path, en.oid, en.size, path));
                continue;
            }
            String target = resolve(path, targets.get(path));
            Entry to = target == null ? null : entries.get(target);
            if (to == null || to.mode.equals("120000") || !to.type.equals("blob")) {
                errors.add(base + path + ": a link to a path outside " + r.label()
                        + " or to no file in it (layer-render rule: a link in a git revision is followed only to a"
                        + " file of the same folder tree; fix: copy the file in, or name it on the command line)");
                continue;
            }
            items.add(new Item(base + path, to.oid, to.size, path));
        }
    }

    /** {@code target} (a link's text) from the folder of {@code link}, normalized; null when it leaves the tree. */
    static String resolve(String link, String target) {
        if (target == null || target.startsWith("/")) {
            return null;
        }
        List<String> parts = new ArrayList<>(List.of(link.split("/")));
        parts.remove(parts.size() - 1);
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    private static boolean hidden(String path) {
        for (String p : path.split("/")) {
            if (p.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isManifest(String n) {
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** The target text of each link (a link's blob is its target, at most a path long). */
    private static Map<String, String> linkTexts(Path dir, Map<String, String> links) throws Inputs.InputException {
        List<Item> items = new ArrayList<>();
        links.forEach((path, oid) -> items.add(new Item(path, oid, 0, null)));
        List<Inputs.Text> texts = blobs(dir, items);
        Map<String, String> out = new HashMap<>();
        for (Inputs.Text t : texts) {
            out.put(t.label(), t.content().length > 4096 ? null : new String(t.content(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The blobs' contents through one {@code git cat-file --batch}, the object names written from a second thread. */
    private static List<Inputs.Text> blobs(Path dir, List<Item> items) throws Inputs.InputException {
        List<Inputs.Text> out = new ArrayList<>(items.size());
        if (items.isEmpty()) {
            return out;
        }
        Process p = start(dir, List.of("cat-file", "--batch"));
        Thread writer = new Thread(
                () -> {
                    try (OutputStream in = p.getOutputStream()) {
                        for (Item i : items) {
                            in.write((i.oid + "\n").getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (IOException e) {
                        // git ended early: its exit status says why
                    }
                },
                "layer-render-git-batch");
        writer.setDaemon(true);
        writer.start();
        try (InputStream in = p.getInputStream()) {
            for (Item i : items) {
                String header = line(in);
                String[] h = header.split(" ");
                if (h.length != 3 || !h[1].equals("blob")) {
                    throw new Inputs.InputException(i.label + ": git cannot read the file (" + header + ")");
                }
                long size = Long.parseLong(h[2]);
                if (size > Inputs.MAX_FILE_BYTES) {
                    throw new Inputs.InputException(
                            i.label + ": input is larger than " + Inputs.MAX_FILE_BYTES / (1024 * 1024)
                                    + " MiB (a safety limit; split it into several files)");
                }
                byte[] content = in.readNBytes((int) size);
                if (content.length != size || in.read() != '\n') {
                    throw new Inputs.InputException(i.label + ": git's output ended early");
                }
                out.add(new Inputs.Text(i.label, content, i.walkedAs));
            }
        } catch (IOException e) {
            throw new Inputs.InputException("git cat-file: cannot read (" + e.getMessage() + ")");
        } finally {
            p.destroy();
        }
        return out;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || b.size() > 1024) {
                throw new IOException("git's output ended early");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private record Result(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private static String gitSays(Result r) {
        String first = r.err.strip().lines().findFirst().orElse("");
        return first.isEmpty() ? "" : " (git: " + first + ")";
    }

    private static Inputs.InputException usage(String message) {
        return new Inputs.InputException(List.of(message), true);
    }

    /** Output beyond this is not git's listing of a repository we can render anyway. */
    private static final int MAX_OUTPUT = (int) Inputs.MAX_TOTAL_BYTES;

    private static Result git(Path dir, List<String> args) throws Inputs.InputException {
        Process p = start(dir, args);
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(
                    () -> {
                        try (InputStream e = p.getErrorStream()) {
                            byte[] b = e.readNBytes(64 * 1024);
                            err.write(b, 0, b.length);
                            e.transferTo(OutputStream.nullOutputStream());
                        } catch (IOException ignored) {
                            // the exit status tells
                        }
                    },
                    "layer-render-git-stderr");
            drain.setDaemon(true);
            drain.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(MAX_OUTPUT + 1);
            }
            if (out.length > MAX_OUTPUT) {
                throw new Inputs.InputException("git " + args.get(0) + ": more output than a repository that can be"
                        + " rendered in one run holds (a safety limit)");
            }
            int code = p.waitFor();
            drain.join();
            return new Result(code, out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Inputs.InputException("git " + args.get(0) + ": cannot run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Inputs.InputException("git " + args.get(0) + ": interrupted");
        } finally {
            p.destroy();
        }
    }

    /** git with the fixed, safe environment and configuration (see the class comment). */
    private static Process start(Path dir, List<String> args) throws Inputs.InputException {
        List<String> cmd = new ArrayList<>(List.of(
                "git",
                "--no-pager",
                "--no-replace-objects",
                "-c",
                "core.fsmonitor=false",
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "protocol.allow=never"));
        for (String proto : List.of("file", "git", "http", "https", "ssh", "ext")) {
            cmd.add("-c");
            cmd.add("protocol." + proto + ".allow=never");
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_ATTR_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_PAGER", "cat");
        env.put("GIT_OPTIONAL_LOCKS", "0");
        env.put("GIT_NO_REPLACE_OBJECTS", "1");
        env.put("GIT_NO_LAZY_FETCH", "1");
        env.put("LC_ALL", "C");
        try {
            return pb.start();
        } catch (IOException e) {
            throw new Inputs.InputException(
                    List.of("cannot run git (" + e.getMessage() + "): reading a revision needs git on PATH"), true);
        }
    }
}
