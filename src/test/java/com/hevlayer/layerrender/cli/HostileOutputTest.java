package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.output.OutputDir;
import com.hevlayer.layerrender.testing.Launcher;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile repositories, the output side (issue 12; docs/hostile-input-output.md): no file outside
 * {@code --output-dir} whatever the input, no link followed, files whole or not at all, and no lost
 * output that looks like success.
 */
class HostileOutputTest {
    static final String PIPELINE = CliTest.PIPELINE;

    /** n Pipelines on one gateway queue (pipelineId web), so that no run here meets the 50-pipelineId warning. */
    static String pipelines(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("---\n")
                    .append(PIPELINE.replace("name: web", "name: web-" + i)
                            .replace("spec: {", "spec: {pipelineId: web, "));
        }
        return b.toString();
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** Every entry below {@code root}, as paths relative to it. */
    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    // ---- writes outside --output-dir -------------------------------------------------------------

    /** Regression: {@code kind: /../../../../srv/x} with an empty name wrote {@code /srv/x.yaml}. */
    @Test
    void kindWithATraversalStaysInTheFolder(@TempDir Path root) throws Exception {
        Path out = root.resolve("out");
        String up = "/..".repeat(root.getNameCount() + 4);
        String doc = "apiVersion: v1\nkind: \"" + up + root + "/escaped\"\nmetadata: {name: \"\"}\n";
        InProcess.Result r = CliTest.run(doc, Map.of(), "render", "-", "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(root.resolve("escaped.yaml")));
        assertEquals(List.of("out"), list(root));
        List<String> files = list(out);
        assertEquals(2, files.size(), files.toString()); // the object and the manifest
        files.forEach(f -> assertTrue(OutputDir.plainName(f) && !f.contains("/"), f));
    }

    @Test
    void traversalNulAndLongNamesInKindNameAndNamespaceStayInTheFolder(@TempDir Path root) throws Exception {
        Path out = root.resolve("out");
        String[] hostile = {
            "..",
            ".",
            "../../x",
            "/etc/passwd",
            "a/b",
            "\\0",
            "x\\0/../y",
            "\\u2028",
            "-rf",
            "~",
            "",
            "a".repeat(10_000),
            "../".repeat(2000),
            "é/ü",
            ".layer-render-files"
        };
        StringBuilder in = new StringBuilder();
        int docs = 0;
        for (String h : hostile) {
            for (String field : new String[] {"kind", "name", "namespace"}) {
                if (field.equals("kind") && h.isEmpty()) {
                    continue; // an input error, rightly
                }
                String kind = field.equals("kind") ? h : "ConfigMap";
                String name = field.equals("name") ? h : "n" + docs;
                String ns = field.equals("namespace") ? h : "ns";
                in.append("---\napiVersion: v1\nkind: \"")
                        .append(kind)
                        .append("\"\nmetadata: {name: \"")
                        .append(name)
                        .append("\", namespace: \"")
                        .append(ns)
                        .append("\"}\n");
                docs++;
            }
        }
        InProcess.Result r = CliTest.run(in.toString(), Map.of(), "render", "-", "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("out"), list(root), "nothing beside the output folder");
        List<String> files = list(out);
        assertEquals(docs + 1, files.size(), "one file per document, and the manifest: " + files);
        for (String f : files) {
            assertTrue(f.length() <= Output.MAX_NAME, f);
            assertTrue(f.matches("[A-Za-z0-9._-]+"), f);
            assertTrue(Files.isRegularFile(out.resolve(f), LinkOption.NOFOLLOW_LINKS), f);
        }
        assertEquals(
                List.of(),
                tree(out).stream().filter(f -> f.contains("/")).collect(Collectors.toList()),
                "no subfolder");
    }

    // ---- links, FIFOs and directories already in the folder --------------------------------------

    static final String CM =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: apps}\ndata: {k: new}\n";
    static final String CM_FILE = "apps.cfg.configmap.yaml";

    /** Regression: a link already in the output folder was followed and its target overwritten. */
    @Test
    void aSymlinkInTheFolderIsReplacedNotFollowed(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        Path victim = Files.writeString(root.resolve("victim"), "precious\n");
        Files.createSymbolicLink(out.resolve(CM_FILE), victim);
        InProcess.Result r = CliTest.run(CM, Map.of(), "render", "-", "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.isRegularFile(out.resolve(CM_FILE), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.readString(out.resolve(CM_FILE)).contains("k: new"));
    }

    @Test
    void aDanglingSymlinkIsNotFollowedEither(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        Files.createSymbolicLink(out.resolve(CM_FILE), root.resolve("created-through-the-link"));
        InProcess.Result r = CliTest.run(CM, Map.of(), "render", "-", "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(root.resolve("created-through-the-link")));
        assertTrue(Files.isRegularFile(out.resolve(CM_FILE), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aHardLinkInTheFolderIsReplacedNotWrittenThrough(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        Path victim = Files.writeString(root.resolve("victim"), "precious\n");
        Files.createLink(out.resolve(CM_FILE), victim);
        InProcess.Result r = CliTest.run(CM, Map.of(), "render", "-", "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.readString(out.resolve(CM_FILE)).contains("k: new"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a measurement
    void aFifoInTheFolderIsReplacedWithoutBlocking(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        Process mkfifo = new ProcessBuilder("mkfifo", out.resolve(CM_FILE).toString())
                .inheritIO()
                .start();
        assertEquals(0, mkfifo.waitFor());
        InProcess.Result r = CliTest.run(CM, Map.of(), "render", "-", "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve(CM_FILE), LinkOption.NOFOLLOW_LINKS));
    }

    /** Regression: a failed write left partial files and named none of them. */
    @Test
    void aFailureWritesNothingAndNamesTheFile(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        Files.writeString(out.resolve("_.web-worker.deployment.yaml"), "old\n");
        Files.createDirectories(out.resolve("_.web-worker.scaledobject.yaml")); // in the way of the second file
        InProcess.Result r = CliTest.run(PIPELINE, Map.of(), "render", "-", "--output-dir", out.toString());
        assertEquals(Main.OUTPUT, r.code(), r.err());
        assertTrue(
                r.err()
                        .contains("cannot write " + out.resolve("_.web-worker.scaledobject.yaml")
                                + ": a directory is in the way;" + " nothing written"),
                r.err());
        assertEquals(
                "old\n",
                Files.readString(out.resolve("_.web-worker.deployment.yaml")),
                "the first file was not replaced");
        assertEquals(
                List.of("_.web-worker.deployment.yaml", "_.web-worker.scaledobject.yaml"),
                list(out),
                "no temporary file left");
    }

    @Test
    void aReadOnlyFolderIsAnOutputError(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        try {
            if (Files.isWritable(out)) { // root ignores modes: make it immutable instead
                immutable = new ProcessBuilder("chattr", "+i", out.toString())
                                .inheritIO()
                                .start()
                                .waitFor()
                        == 0;
                assumeTrue(immutable, "cannot make a folder read-only here");
            }
            InProcess.Result r = CliTest.run(PIPELINE, Map.of(), "render", "-", "--output-dir", out.toString());
            assertEquals(Main.OUTPUT, r.code(), r.err());
            assertTrue(
                    r.err()
                            .startsWith(
                                    "layer-render: cannot write " + out.resolve("_.web-worker.deployment.yaml") + ": "),
                    r.err());
            assertTrue(r.err().contains("nothing written"), r.err());
            assertEquals(List.of(), list(out));
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", out.toString())
                        .inheritIO()
                        .start()
                        .waitFor();
            }
            Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFullDiskWritesNothingAndSaysSo(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        try (Tmpfs fs = Tmpfs.mount(out)) {
            Files.writeString(out.resolve("_.web-0-worker.deployment.yaml"), "old\n");
            InProcess.Result r = CliTest.run(pipelines(200), Map.of(), "render", "-", "--output-dir", out.toString());
            assertEquals(Main.OUTPUT, r.code(), r.err());
            assertTrue(
                    r.err()
                            .matches("(?s)layer-render: cannot write " + out + "/_\\.web-\\d+-worker\\.[a-z]+\\.yaml:"
                                    + " No space left on device; nothing written.*"),
                    r.err());
            assertEquals(List.of("_.web-0-worker.deployment.yaml"), list(out));
            assertEquals("old\n", Files.readString(out.resolve("_.web-0-worker.deployment.yaml")));
        }
    }

    // ---- stale files: --prune ----------------------------------------------------------------------

    @Test
    void pruneRemovesOnlyWhatLayerRenderWroteAndNothingElse(@TempDir Path root) throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        String two = PIPELINE + "---\n" + CM;
        assertEquals(
                0,
                CliTest.run(two, Map.of(), "render", "-", "--output-dir", out.toString())
                        .code());
        Files.writeString(out.resolve("mine.yaml"), "a user's file\n");
        Files.writeString(out.resolve("_.web-worker.scaledobject.yaml"), "edited by hand\n");

        InProcess.Result stale = CliTest.run(
                PIPELINE.replace("max: 2", "min: 1, max: 1").replace("replicas: {", "mode: fixed, replicas: {"),
                Map.of(),
                "render",
                "-",
                "--output-dir",
                out.toString());
        assertEquals(0, stale.code(), stale.err());
        assertTrue(
                stale.err()
                        .contains("2 file(s) in " + out
                                + " written by an earlier run are no longer rendered (--prune removes them): "
                                + "_.web-worker.triggerauthentication.yaml, " + CM_FILE),
                stale.err());
        assertTrue(
                stale.err()
                        .contains("not removed, changed since layer-render wrote them: _.web-worker.scaledobject.yaml"),
                stale.err());
        assertTrue(Files.exists(out.resolve(CM_FILE)), "no --prune, nothing removed");

        Path leftover = Files.writeString(out.resolve(".layer-render-0123456789abcdef.tmp"), "cut");
        Path victim = Files.writeString(root.resolve("victim.yaml"), "x");
        Files.writeString(
                out.resolve(OutputDir.MANIFEST),
                Files.readString(out.resolve(OutputDir.MANIFEST))
                        + OutputDir.sha256("x".getBytes(StandardCharsets.UTF_8)) + "  ../victim.yaml\n",
                StandardCharsets.UTF_8); // a tampered record
        InProcess.Result pruned = CliTest.run(
                PIPELINE.replace("max: 2", "min: 1, max: 1").replace("replicas: {", "mode: fixed, replicas: {"),
                Map.of(),
                "render",
                "-",
                "--output-dir",
                out.toString(),
                "--prune");
        assertEquals(0, pruned.code(), pruned.err());
        assertTrue(
                pruned.err()
                        .contains("removed 3 stale file(s) of an earlier run: _.web-worker.triggerauthentication.yaml, "
                                + CM_FILE + ", " + leftover.getFileName()),
                pruned.err());
        assertEquals(
                List.of(
                        OutputDir.MANIFEST,
                        "_.web-worker.deployment.yaml",
                        "_.web-worker.scaledobject.yaml",
                        "mine.yaml"),
                list(out));
        assertEquals("edited by hand\n", Files.readString(out.resolve("_.web-worker.scaledobject.yaml")));
        assertTrue(Files.exists(victim), "a record naming a path outside the folder is ignored");
    }

    @Test
    void pruneNeedsAnOutputDir() {
        InProcess.Result r = CliTest.run(PIPELINE, Map.of(), "render", "-", "--prune");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("--prune needs --output-dir"), r.err());
    }

    // ---- lost stdout: in process -------------------------------------------------------------------

    static final String RESOURCE_LIST = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
            + "- apiVersion: hevlayer.com/v1alpha1\n  kind: Pipeline\n  metadata: {name: web}\n"
            + "  spec: {target: {namespace: t}, worker: {image: img}, scaling: {replicas: {max: 2}}}\n";

    /** Every command that prints, with its stdin. */
    static List<String[]> printingCommands(Path argoDir) {
        List<String[]> c = new ArrayList<>();
        c.add(new String[] {PIPELINE, "render", "-"});
        c.add(new String[] {PIPELINE, "render", "-o", "json", "-"});
        c.add(new String[] {pipelines(100), "render", "-"}); // the parallel YAML path
        c.add(new String[] {PIPELINE, "validate", "-"});
        c.add(new String[] {"", "crds"});
        c.add(new String[] {RESOURCE_LIST, "krm"});
        c.add(new String[] {"", "version"});
        c.add(new String[] {"", "--version"});
        c.add(new String[] {"", "render", "--help"});
        c.add(new String[] {"", "render", "--argocd", argoDir.toString()});
        return c;
    }

    static Path argoDir(Path root) throws IOException {
        Path d = Files.createDirectories(root.resolve("app"));
        Files.writeString(d.resolve("p.yaml"), PIPELINE);
        return d;
    }

    static void assertLost(InProcess.Result r, String what) {
        assertEquals(Main.OUTPUT, r.code(), what + ": " + r.err());
        assertTrue(r.err().contains("layer-render: cannot write to stdout"), what + ": " + r.err());
        assertTrue(r.err().contains("the output is lost or incomplete"), what + ": " + r.err());
    }

    /** Regression: render, render -o json, validate, crds and krm to /dev/full exited 0 with nothing on stderr. */
    @Test
    void devFullIsAnOutputErrorForEveryCommand(@TempDir Path root) throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        Path argo = argoDir(root);
        for (String[] c : printingCommands(argo)) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            try (OutputStream full = new FileOutputStream("/dev/full")) {
                assertLost(
                        InProcess.runTo(full, c[0], Map.of("ARGOCD_APP_NAMESPACE", "apps"), args),
                        String.join(" ", args));
            }
        }
    }

    /** A closed stdout, as a Java stream: every write throws. */
    @Test
    void aStdoutThatThrowsIsAnOutputErrorForEveryCommand(@TempDir Path root) throws Exception {
        Path argo = argoDir(root);
        for (String[] c : printingCommands(argo)) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            OutputStream closed = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("Stream closed");
                }
            };
            assertLost(
                    InProcess.runTo(closed, c[0], Map.of("ARGOCD_APP_NAMESPACE", "apps"), args),
                    String.join(" ", args));
        }
    }

    @Test
    void aStdoutThatFailsMidwayIsAnOutputError() {
        OutputStream cut = new OutputStream() {
            int left = 5000;

            @Override
            public void write(int b) throws IOException {
                if (--left < 0) {
                    throw new IOException("No space left on device");
                }
            }
        };
        InProcess.Result r = InProcess.runTo(cut, pipelines(300), Map.of(), "render", "-");
        assertLost(
                r, "render"); // the words of the error are the PrintStream's secret in process; see the process tests
    }

    // ---- lost stdout: a real process ---------------------------------------------------------------

    static Launcher.Result sh(Path root, String script) throws Exception {
        Path bin = Launcher.install(root.resolve("bin"));
        return Launcher.run(
                List.of("bash", "-c", "set -o pipefail; PATH=" + bin + ":$PATH; " + script), root, Map.of());
    }

    @Test
    void aProcessWritingToDevFullOrAClosedStdoutExitsFour(@TempDir Path root) throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        Files.writeString(root.resolve("p.yaml"), PIPELINE);
        Launcher.Result full = sh(root, "layer-render render p.yaml > /dev/full");
        assertEquals(Main.OUTPUT, full.code(), full.err());
        assertEquals(
                "layer-render: cannot write to stdout: No space left on device; the output is lost or incomplete\n",
                full.err());
        Launcher.Result version = sh(root, "layer-render version > /dev/full");
        assertEquals(Main.OUTPUT, version.code(), version.err());
        Launcher.Result closed = sh(root, "layer-render render -o json p.yaml >&-");
        assertEquals(Main.OUTPUT, closed.code(), closed.err());
        assertEquals(
                "layer-render: cannot write to stdout: Bad file descriptor; the output is lost or incomplete\n",
                closed.err());
    }

    /** {@code render . | head -c 100}: the reader goes away, the writer must not claim success. */
    @Test
    void aPipeClosedEarlyIsAnOutputError(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("p.yaml"), pipelines(400)); // far more than a pipe holds
        Launcher.Result r = sh(root, "layer-render render p.yaml | head -c 100 > /dev/null");
        assertNotEquals(0, r.code(), r.err());
        assertEquals(Main.OUTPUT, r.code(), r.err());
        assertEquals("layer-render: cannot write to stdout: Broken pipe; the output is lost or incomplete\n", r.err());
    }

    /** Regression: on a 64 KiB tmpfs, 10,000 Pipelines stopped mid-document with exit 0. */
    @Test
    void aFullDiskUnderStdoutIsAnOutputError(@TempDir Path root) throws Exception {
        Path disk = Files.createDirectories(root.resolve("disk"));
        Files.writeString(root.resolve("p.yaml"), pipelines(10_000));
        try (Tmpfs fs = Tmpfs.mount(disk)) {
            Launcher.Result r = sh(root, "layer-render render p.yaml > disk/out.yaml && echo applied");
            assertEquals(Main.OUTPUT, r.code(), r.err());
            assertEquals("", r.out(), "the && after it does not run");
            assertEquals(
                    "layer-render: cannot write to stdout: No space left on device; the output is lost or incomplete\n",
                    r.err());
        }
    }

    /** A 64 KiB tmpfs mounted over a folder, when this machine lets the tests mount (root in a container that may). */
    static final class Tmpfs implements AutoCloseable {
        private final Path at;

        private Tmpfs(Path at) {
            this.at = at;
        }

        static Tmpfs mount(Path at) throws Exception {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", at.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            assumeTrue(p.waitFor() == 0, "cannot mount a small tmpfs here");
            return new Tmpfs(at);
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor();
        }
    }
}
