package com.hevlayer.layerrender.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code --exclude GLOB} patterns of a folder walk, gitignore-like: each is matched against the path of a
 * file or folder relative to the input folder it was found under ({@code /} between the parts).
 *
 * <ul>
 *   <li>A pattern without a {@code /} (but a trailing one) matches a name at any depth: {@code values.yaml},
 *       {@code *.json}; with a {@code /} at its start or in its middle it is anchored at the input folder:
 *       {@code charts/web/values.yaml}, {@code /values.yaml}.
 *   <li>A trailing {@code /} matches folders only: {@code charts/}.
 *   <li>{@code *} is any run of characters but {@code /}, {@code ?} one character but {@code /}, {@code [abc]},
 *       {@code [a-z]}, {@code [!abc]} one of (or none of) a set; {@code \} takes the next character as it is.
 *   <li>{@code **} as a whole part: {@code **}{@code /x} (x at any depth), {@code x/**} (everything inside x),
 *       {@code a/**}{@code /b} (b at any depth below a).
 * </ul>
 *
 * A folder that matches is not entered (its files are never opened). A malformed pattern is refused with the fix:
 * empty, an unclosed {@code [}, a trailing {@code \}, {@code **} inside a part, a {@code .} or {@code ..} part, an
 * empty part ({@code a//b}), or a leading {@code !} (gitignore's negation, not supported).
 */
final class Excludes {
    static final Excludes NONE = new Excludes(List.of());

    private record Glob(String text, Pattern regex, boolean foldersOnly) {}

    private final List<Glob> globs;

    private Excludes(List<Glob> globs) {
        this.globs = List.copyOf(globs);
    }

    /** A malformed pattern: the message names it, what is wrong and the fix. */
    static final class BadGlob extends Exception {
        BadGlob(String message) {
            super(message);
        }
    }

    /** The patterns compiled; the first malformed one throws, naming {@code option} ({@code --exclude}). */
    static Excludes of(List<String> patterns, String option) throws BadGlob {
        List<Glob> out = new ArrayList<>();
        for (String p : patterns) {
            out.add(compile(p, option));
        }
        return new Excludes(out);
    }

    boolean isEmpty() {
        return globs.isEmpty();
    }

    /** Whether {@code relative} ({@code /}-separated, relative to its input folder) is excluded. */
    boolean excludes(String relative, boolean folder) {
        for (Glob g : globs) {
            if ((folder || !g.foldersOnly()) && g.regex().matcher(relative).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a file at {@code relative} is left out, by its own path or by a folder on the way to it: what a
     * folder walk would decide, for a listing that has files only (a git tree).
     */
    boolean excludesFile(String relative) {
        for (int slash = relative.indexOf('/'); slash > 0; slash = relative.indexOf('/', slash + 1)) {
            if (excludes(relative.substring(0, slash), true)) {
                return true;
            }
        }
        return excludes(relative, false);
    }

    private static final String SYNTAX = "a glob relative to the input folder: * and ? within a name, [abc],"
            + " ** as a whole part (**/x, x/**, a/**/b), a trailing / for folders only";

    private static Glob compile(String text, String option) throws BadGlob {
        String p = text;
        if (p.isBlank()) {
            throw bad(option, text, "is empty", "give a pattern such as values.yaml or charts/");
        }
        if (p.startsWith("!")) {
            throw bad(
                    option,
                    text,
                    "starts with ! (gitignore's negation, which layer-render does not take)",
                    "list only what to leave out; for a name that starts with !, write \\!");
        }
        boolean foldersOnly = p.endsWith("/") && !p.endsWith("\\/");
        if (foldersOnly) {
            p = p.substring(0, p.length() - 1);
        }
        boolean anchored = p.startsWith("/") || p.indexOf('/', 1) >= 0;
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        String[] parts = p.split("/", -1);
        StringBuilder regex = new StringBuilder(anchored ? "" : "(?:.*/)?");
        boolean afterAnyDepth = false;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.isEmpty()) {
                throw bad(option, text, "has an empty part (//, or nothing but /)", "write each part once: a/b");
            }
            if (part.equals(".") || part.equals("..")) {
                throw bad(
                        option,
                        text,
                        "has a \"" + part + "\" part",
                        "patterns are relative to each input folder and stay inside it; drop the " + part);
            }
            if (part.equals("**")) {
                if (last) {
                    regex.append(i == 0 ? ".*" : "/.*");
                } else {
                    regex.append(i == 0 ? "(?:.*/)?" : "/(?:.*/)?");
                    afterAnyDepth = true;
                }
                continue;
            }
            if (part.contains("**")) {
                throw bad(
                        option,
                        text,
                        "has ** inside a part (\"" + part + "\")",
                        "use * within a name: " + part.replaceAll("\\*\\*+", "*") + "; ** only as a whole part");
            }
            if (i > 0 && !afterAnyDepth) {
                regex.append('/');
            }
            afterAnyDepth = false;
            regex.append(part(part, option, text));
        }
        try {
            return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL), foldersOnly);
        } catch (PatternSyntaxException e) {
            throw bad(
                    option,
                    text,
                    "has a set that is no set (" + e.getDescription() + ")",
                    "write ranges low to high, e.g. [a-z]");
        }
    }

    private static String part(String part, String option, String text) throws BadGlob {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            switch (c) {
                case '*' -> r.append("[^/]*");
                case '?' -> r.append("[^/]");
                case '\\' -> {
                    if (i + 1 >= part.length()) {
                        throw bad(option, text, "ends with a lone \\", "drop it, or write \\\\ for a backslash");
                    }
                    r.append(Pattern.quote(String.valueOf(part.charAt(++i))));
                }
                case '[' -> {
                    int end = part.indexOf(']', i + 2);
                    if (end < 0) {
                        throw bad(
                                option,
                                text,
                                "has a [ that is never closed",
                                "close the set, e.g. [abc], or write \\[ for a bracket");
                    }
                    String set = part.substring(i + 1, end);
                    boolean negated = set.startsWith("!") || set.startsWith("^");
                    if (negated) {
                        set = set.substring(1);
                    }
                    StringBuilder cls = new StringBuilder(negated ? "[^/" : "[");
                    for (char s : set.toCharArray()) {
                        // a part holds no /, so a set never matches one; a-z ranges stay ranges
                        cls.append(Character.isLetterOrDigit(s) || s == '-' ? String.valueOf(s) : "\\" + s);
                    }
                    r.append(cls).append(']');
                    i = end;
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }

    private static BadGlob bad(String option, String text, String what, String fix) {
        return new BadGlob(option + " '" + text + "': " + what + " (" + SYNTAX + "; fix: " + fix + ")");
    }
}
