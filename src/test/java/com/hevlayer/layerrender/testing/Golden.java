package com.hevlayer.layerrender.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.approvaltests.Approvals;
import org.approvaltests.approvers.FileApprover;
import org.approvaltests.core.ApprovalFailureReporter;
import org.approvaltests.core.Options;
import org.approvaltests.core.VerifyResult;
import org.approvaltests.namer.ApprovalNamer;
import org.approvaltests.reporters.AutoApproveReporter;
import org.approvaltests.writers.ApprovalTextWriter;
import org.opentest4j.AssertionFailedError;

/**
 * The approval step of the golden files (README "Tests"), on ApprovalTests: an output is approved when
 * it is, byte for byte, its expected file, and the expected files stay where and what they are
 * ({@code golden/<case>/expected.yaml}, {@code docs/reference.md}, ...; no {@code *.approved.*} names).
 * Owns where a received output goes ({@code target/golden-received/}, the expected file's path below
 * it; removed again when it matches), what a mismatch prints (a line diff, and JUnit's expected/actual
 * for an IDE), and the update path: with {@code -Dgolden.update=true} a mismatching output is approved,
 * its expected file rewritten, and the check passes.
 */
public final class Golden {
    /** {@code -Dgolden.update=true}: approve every output, rewriting its expected file. */
    public static final boolean UPDATE = Boolean.getBoolean("golden.update");
    /** Where received outputs land, mirroring the expected files' paths. */
    public static final Path RECEIVED = Path.of("target", "golden-received");

    private static final int DIFF_LINES = 80;

    static {
        // ApprovalTests refuses a second verify of one file in a JVM; pitest (and an IDE's rerun) runs the
        // golden suite again in the same JVM, where that would fail every case
        FileApprover.tracker.addAllowedDuplicates(approved -> true);
    }

    private Golden() {}

    /**
     * Fails unless {@code actual} is exactly the content of {@code expected} (a missing file matches
     * nothing); {@code what} names the output in the failure.
     */
    public static void verify(String actual, Path expected, String what) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = expected.toAbsolutePath().normalize();
        // the expected file's path in the project, or (outside it) its whole path: never a path out of target/
        Path relative = absolute.startsWith(here)
                ? here.relativize(absolute)
                : absolute.getRoot().relativize(absolute);
        File approved = expected.toFile();
        File received = RECEIVED.resolve(relative).toFile();
        ApprovalFailureReporter reporter = UPDATE
                ? new AutoApproveReporter()
                : (r, a) -> {
                    throw mismatch(what, Path.of(a), Path.of(r));
                };
        Options options = new Options()
                .withReporter(reporter)
                .withComparator((r, a) -> VerifyResult.from(sameBytes(r, a)))
                .forFile()
                .withNamer(new Fixed(approved, received));
        Approvals.verify(new ApprovalTextWriter(actual, extension(expected)), options);
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    private static boolean sameBytes(File received, File approved) {
        try {
            return approved.isFile()
                    && Arrays.equals(Files.readAllBytes(received.toPath()), Files.readAllBytes(approved.toPath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AssertionFailedError mismatch(String what, Path approved, Path received) {
        String want = read(approved);
        String got = read(received);
        String message = what + " differs from " + approved + (Files.exists(approved) ? "" : " (missing)")
                + "\nreceived: " + received
                + "\naccept it, after reading the diff: mvn test -Dtest=GoldenTest,ReferenceDocTest -Dgolden.update=true\n"
                + diff(want, got);
        return new AssertionFailedError(message, want, got);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A unified-style line diff ({@code -} expected, {@code +} received, two lines of context, at most
     * {@value #DIFF_LINES} lines); a difference in the end of the last line (a missing newline) shows as such.
     */
    static String diff(String expected, String received) {
        String[] a = expected.split("\n", -1);
        String[] b = received.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>(); // " x", "-x", "+x", with the expected line number for context
        List<Integer> lineOf = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add(" " + a[i]);
                lineOf.add(++i);
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("-" + a[i]);
                lineOf.add(++i);
            } else {
                ops.add("+" + b[j++]);
                lineOf.add(i + 1);
            }
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int last = -2; // the index of the last line shown; a gap before the next one starts a hunk
        for (int k = 0; k < ops.size(); k++) {
            boolean near = false;
            for (int d = Math.max(0, k - 2); d <= Math.min(ops.size() - 1, k + 2) && !near; d++) {
                near = ops.get(d).charAt(0) != ' ';
            }
            if (!near) {
                continue;
            }
            if (shown++ == DIFF_LINES) {
                out.append("... (diff cut; the whole received output is in the received file)\n");
                break;
            }
            if (k != last + 1) {
                out.append("@@ line ").append(lineOf.get(k)).append(" @@\n");
            }
            String op = ops.get(k);
            out.append(op.charAt(0))
                    .append(' ')
                    .append(visible(op.substring(1)))
                    .append('\n');
            last = k;
        }
        if (a.length == b.length && shown == 0) {
            out.append("(no line differs: the difference is in line endings or bytes the lines do not show)\n");
        }
        return out.toString();
    }

    /** Trailing blanks and tabs made visible, as a diff reader otherwise cannot see them. */
    private static String visible(String line) {
        String trimmed = line.stripTrailing();
        return trimmed.length() == line.length()
                ? line
                : trimmed
                        + line.substring(trimmed.length())
                                .replace(" ", "·")
                                .replace("\t", "→")
                                .replace("\r", "␍");
    }

    /** The expected file and the received file, whatever ApprovalTests would have called them. */
    private record Fixed(File approved, File received) implements ApprovalNamer {
        @Override
        public File getApprovedFile(String extensionWithDot) {
            return approved;
        }

        @Override
        public File getReceivedFile(String extensionWithDot) {
            received.getParentFile().mkdirs();
            return received;
        }

        @Override
        public ApprovalNamer addAdditionalInformation(String info) {
            return this;
        }

        @Override
        public String getAdditionalInformation() {
            return "";
        }

        @Override
        public String getApprovalName() {
            return approved.getName();
        }

        @Override
        public String getSourceFilePath() {
            return approved.getParent() == null ? "." : approved.getParent();
        }
    }
}
