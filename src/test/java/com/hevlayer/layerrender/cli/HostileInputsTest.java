package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, input confinement: what a hostile repository can put in front of {@code render}, {@code validate} and
 * {@code render --argocd}. Every refusal is exit 1 with nothing on stdout and a message naming the path and the
 * reason (docs/hostile-input-inputs.md). The timeout only keeps a regression (a FIFO that blocks) from hanging the
 * build; no assertion is about time.
 */
@Timeout(120)
class HostileInputsTest {
    static final String PIPELINE = CliTest.PIPELINE;
    static final String SECRET = "token: s3cr3t-kubeconfig-token\n";
    static final String RULES = "apiVersion: hevlayer.com/v1alpha1\nkind: InfraRules\nmetadata: {name: default}\n"
            + "spec:\n  computePools:\n  - {name: cpu, kind: cpu, maxReplicasPerWorkload: 4, nodeSelector: {pool: small}}\n";

    @TempDir
    Path tmp;

    static InProcess.Result run(String... args) {
        return CliTest.run("", Map.of(), args);
    }

    static InProcess.Result argocd(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "render";
        all[1] = "--argocd";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliTest.run("", env, all);
    }

    /** A refusal: exit 1, nothing on stdout, every expected part in the message, no secret. */
    static void refused(InProcess.Result r, String... parts) {
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "expected \"" + p + "\" in:\n" + r.err());
        }
        assertFalse(r.err().contains("s3cr3t"), r.err());
    }

    private final java.util.List<Path> made = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void removeRelativeApps() throws Exception {
        for (Path app : made) {
            try (java.util.stream.Stream<Path> all = Files.walk(app)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** An application folder below the working directory, so that relative paths (as the plugin uses them) reach it. */
    Path relativeApp() throws Exception {
        Path app = Path.of("target/hostile-inputs/app-" + System.nanoTime());
        made.add(app);
        Files.createDirectories(app);
        Files.writeString(app.resolve("pipeline.yaml"), PIPELINE);
        return app;
    }

    Path app() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("pipeline.yaml"), PIPELINE);
        return app;
    }

    Path outsideSecret() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("home/.kube")).resolve("config");
        Files.writeString(out, SECRET);
        return out;
    }

    // ---- links

    @Test
    void aLinkToAFileOutsideTheFolderIsRefusedAndItsContentNeverPrinted() throws Exception {
        Path app = app();
        Files.createSymbolicLink(app.resolve("kube.yaml"), outsideSecret());
        refused(
                run("render", app.toString()),
                app.resolve("kube.yaml") + ": a link to a file outside the folders given",
                "copy the file in");
        refused(run("validate", app.toString()), app.resolve("kube.yaml") + ": a link to a file outside");
    }

    @Test
    void underArgoCdTheKubeconfigLinkIsRefused() throws Exception {
        // the finding: a kubeconfig with its token reached stdout under --argocd
        Path app = app();
        Files.createSymbolicLink(app.resolve("kube.yaml"), outsideSecret());
        refused(
                argocd(Map.of(), app.toString()),
                "kube.yaml: a link to a file outside the application folder",
                "copy the file into the application's folder");
    }

    @Test
    void aLinkInsideTheFolderIsRead() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve("src"));
        Files.writeString(
                app.resolve("src/pipeline.txt"), PIPELINE); // not a manifest name: read once, through the link
        Files.createSymbolicLink(app.resolve("web.yaml"), Path.of("src/pipeline.txt"));
        InProcess.Result r = run("render", app.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kind: Deployment"), r.out());
    }

    @Test
    void nestedFolderLinksAreFollowedInsideAndRefusedOutside() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve(".shared"));
        Files.writeString(app.resolve(".shared/web.yaml"), PIPELINE); // hidden: read only through the link
        Files.createDirectories(app.resolve("a/b"));
        Files.createSymbolicLink(app.resolve("a/b/pipelines"), Path.of("../../.shared"));
        InProcess.Result r = run("render", app.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: web-worker"), r.out());

        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outside.resolve("x.yaml"), SECRET);
        Files.createSymbolicLink(app.resolve("a/b/ext"), outside);
        refused(
                run("render", app.toString()),
                app.resolve("a/b/ext") + ": a link to a folder outside the folders given");
    }

    @Test
    void linkLoopsAndDanglingLinksAreRefused() throws Exception {
        Path app = app();
        Files.createSymbolicLink(app.resolve("loop.yaml"), Path.of("loop.yaml"));
        Files.createDirectories(app.resolve("sub"));
        Files.createSymbolicLink(app.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(app.resolve("gone.yaml"), Path.of("nothing-here.yaml"));
        InProcess.Result r = run("render", app.toString());
        refused(
                r,
                app.resolve("loop.yaml") + ": cannot resolve the link (a link loop)",
                app.resolve("sub/up") + ": a link to a folder that contains it (a link loop; remove the link)",
                app.resolve("gone.yaml") + ": a link that points to nothing",
                "3 errors; nothing rendered");
    }

    @Test
    void aSymlinkedInputFolderOnTheCommandLineRendersItsFiles() throws Exception {
        // the finding: a linked input folder rendered nothing and exited 0
        Path app = app();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), app);
        InProcess.Result r = run("render", link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: web-worker"), r.out());
        InProcess.Result v = run("validate", link.toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().startsWith("valid: 1 Pipeline(s)"), v.out());
    }

    @Test
    void aLinkNamedOnTheCommandLineIsFollowedWherever() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("elsewhere")).resolve("p.yaml");
        Files.writeString(target, PIPELINE);
        Path link = Files.createSymbolicLink(tmp.resolve("mine.yaml"), target);
        InProcess.Result r = run("render", link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: web-worker"), r.out());
    }

    // ---- devices, FIFOs, sockets

    @Test
    void devicesAreRefusedWithoutBeingRead() {
        // the finding: /dev/zero was read until the heap ran out (Files.size() is 0 for a device)
        refused(run("render", "/dev/zero"), "/dev/zero: not a regular file (a device, FIFO or socket is never read");
        refused(run("render", "/dev/null"), "/dev/null: not a regular file");
        refused(run("validate", "/dev/zero"), "/dev/zero: not a regular file");
    }

    @Test
    void aLinkToADeviceInsideAFolderIsRefused() throws Exception {
        Path app = app();
        Files.createSymbolicLink(app.resolve("zero.yaml"), Path.of("/dev/zero"));
        refused(
                run("render", app.toString()),
                app.resolve("zero.yaml") + ": a link to a file outside the folders given");
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        // the finding: a FIFO named as input hung (nobody writes to it; opening it for reading blocks)
        Path app = app();
        Path fifo = app.resolve("fifo.yaml");
        mkfifo(fifo);
        refused(run("render", app.toString()), fifo + ": not a regular file");
        refused(run("render", fifo.toString()), fifo + ": not a regular file");
    }

    @Test
    void aSocketIsRefused() throws Exception {
        Path app = app();
        Path socket = app.resolve("s.yaml");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(socket));
            refused(run("render", app.toString()), socket + ": not a regular file");
        }
    }

    static void mkfifo(Path p) throws Exception {
        Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, proc.waitFor(), "mkfifo");
    }

    // ---- infra-rules

    @Test
    void infraRulesUnderArgoCdMustBeAFileInsideTheApplicationFolder() throws Exception {
        Path app = relativeApp();
        Files.writeString(outsideSecret(), RULES);
        Path outsideRules = tmp.resolve("home/.kube/config");
        String where = "must be a path relative to the application folder, without \"..\"";
        // absolute, as a parameter, as plugin env and as the flag
        refused(argocd(params(outsideRules.toString()), app.toString()), outsideRules + ": " + where);
        refused(argocd(Map.of("ARGOCD_ENV_INFRA_RULES", "/dev/zero"), app.toString()), "/dev/zero: " + where);
        refused(argocd(Map.of(), "--infra-rules", "/etc/passwd", app.toString()), "/etc/passwd: " + where);
        // ..
        refused(argocd(params(app + "/../../../pom.xml"), app.toString()), app + "/../../../pom.xml: " + where);
        // a folder (its files are never listed)
        Files.createDirectories(app.resolve("platform"));
        Files.writeString(app.resolve("platform/leaked-name.yaml"), RULES);
        InProcess.Result dir = argocd(params(app.resolve("platform").toString()), app.toString());
        refused(dir, app.resolve("platform") + ": is a folder, not a file");
        assertFalse(dir.err().contains("leaked-name"), dir.err());
        // a link out of the folder
        Files.createSymbolicLink(app.resolve("rules.yaml"), outsideRules.toAbsolutePath());
        refused(
                argocd(params(app.resolve("rules.yaml").toString()), app.toString()),
                app.resolve("rules.yaml") + ": a link to a path outside the application folder");
        // a device inside (a FIFO in the folder)
        mkfifo(app.resolve("fifo.yml"));
        refused(argocd(params(app.resolve("fifo.yml").toString()), app.toString()), "fifo.yml: not a regular file");
    }

    @Test
    void infraRulesInsideTheApplicationFolderAreReadOnce() throws Exception {
        Path app = relativeApp();
        Files.createDirectories(app.resolve("platform"));
        Files.writeString(app.resolve("platform/infrarules.yaml"), RULES);
        InProcess.Result r =
                argocd(params(app.resolve("platform/infrarules.yaml").toString()), app.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pool: small"), r.out());
        assertFalse(r.out().contains("kind: InfraRules"), r.out());
    }

    @Test
    void theInfraRulesFlagOutsideArgoCdIsTheUsersChoiceButStillAFile() throws Exception {
        Path app = app();
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        InProcess.Result r =
                run("render", "--infra-rules", rules.toAbsolutePath().toString(), app.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pool: small"), r.out());
        refused(run("render", "--infra-rules", "/dev/zero", app.toString()), "/dev/zero: not a regular file");
        refused(run("render", "--infra-rules", tmp.toString(), app.toString()), tmp + ": is a folder, not a file");
    }

    static Map<String, String> params(String infraRules) {
        Map<String, String> env = new HashMap<>();
        env.put("ARGOCD_APP_PARAMETERS", "[{\"name\":\"infra-rules\",\"string\":\"" + infraRules + "\"}]");
        return env;
    }

    // ---- empty inputs

    @Test
    void anInputWithoutDocumentsIsAnErrorInEveryFrontEnd() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("README.md"), "not a manifest\n");
        Path comments = tmp.resolve("comments.yaml");
        Files.writeString(comments, "# nothing but a comment\n---\n");
        String msg = "no YAML or JSON document to read";
        refused(run("render", empty.toString()), empty + ": " + msg);
        refused(run("validate", empty.toString()), empty + ": " + msg);
        refused(run("render", comments.toString()), comments + ": " + msg);
        refused(CliTest.run("", Map.of(), "render", "-"), "-: " + msg);
        refused(
                argocd(Map.of(), empty.toString()),
                msg,
                "Argo CD would take as \"delete every object of this application\"");
    }

    // ---- bounded reads

    @Test
    void stdinIsReadWithABoundNeverMoreThanTheLimit() {
        // an endless stream: the read stops one byte past the limit, counted here
        long[] served = new long[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                served[0] += len;
                return len;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"render", "-"},
                endless,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        assertEquals(1, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(0, out.size());
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("-: input is larger than 64 MiB (a safety limit"),
                err.toString());
        assertTrue(served[0] <= Inputs.MAX_FILE_BYTES + 1, "read " + served[0] + " bytes");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedFromWhatIsRead() throws Exception {
        Path big = tmp.resolve("big.yaml");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(Inputs.MAX_FILE_BYTES + 10); // sparse: no disk used
        }
        refused(run("render", big.toString()), big + ": input is larger than 64 MiB");
    }

    @Test
    void manyFilesTogetherAreBoundedToo() throws Exception {
        // each file within the per-file limit, together over it: the read stops at the file that passes it
        Path dir = Files.createDirectory(tmp.resolve("many"));
        long each = Inputs.MAX_TOTAL_BYTES / 3 + 1;
        for (String name : new String[] {"a.yaml", "b.yaml", "c.yaml", "d.yaml"}) {
            try (java.io.RandomAccessFile f =
                    new java.io.RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
                f.setLength(each); // sparse: NUL bytes, never parsed since the read stops first
            }
        }
        refused(run("render", dir.toString()), dir.resolve("c.yaml") + ": the inputs hold more than 64 MiB in all");
    }
}
