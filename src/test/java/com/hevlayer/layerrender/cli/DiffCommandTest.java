package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layer-render diff} at the edge: git revisions read from a repository made here (two commits, and a
 * work tree changed since), links in a tree, how {@code REV:PATH} is told from a local path, stdin as a side,
 * help and the did-you-mean. The kinds of change and their wording are the golden cases {@code golden/diff-*}.
 */
class DiffCommandTest {
    @TempDir
    static Path repo;

    static String pipeline(String name, String image, String mode) {
        return """
                apiVersion: hevlayer.com/v1alpha1
                kind: Pipeline
                metadata:
                  name: %s
                  namespace: team
                spec:
                  target:
                    namespace: %s-tp
                  worker:
                    image: %s
                  scaling:
                    mode: %s
                    replicas:
                      min: 1
                      max: 3
                """.formatted(name, name, image, mode);
    }

    static void git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), "git " + List.of(args) + ": " + out);
    }

    /**
     * HEAD~1: orders autoscaled at 1.0.0; HEAD: orders fixed (its KEDA objects go), billing and a ConfigMap (through a
     * link) added, a link out of the repository at the root; the work tree: orders at 1.1.0.
     */
    @BeforeAll
    static void repository() throws Exception {
        git("init", "-q");
        Files.createDirectories(repo.resolve("apps"));
        Files.writeString(
                repo.resolve("apps/orders.yaml"), pipeline("orders", "ghcr.io/hev/orders:1.0.0", "autoscale"));
        Files.writeString(repo.resolve("apps/notes.txt"), "not a manifest");
        git("add", ".");
        git("commit", "-q", "-m", "one");
        Files.writeString(repo.resolve("apps/orders.yaml"), pipeline("orders", "ghcr.io/hev/orders:1.0.0", "fixed"));
        Files.writeString(repo.resolve("apps/billing.yaml"), pipeline("billing", "ghcr.io/hev/billing:2.0.0", "fixed"));
        Files.createDirectories(repo.resolve("apps/.hidden"));
        Files.writeString(repo.resolve("apps/.hidden/skipped.yaml"), "not: [valid");
        Files.createDirectories(repo.resolve("apps/raw"));
        Files.writeString(
                repo.resolve("apps/raw/settings.txt"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team\n");
        Files.createSymbolicLink(repo.resolve("apps/alias.yml"), Path.of("raw/settings.txt"));
        Files.createSymbolicLink(repo.resolve("escape.yaml"), Path.of("/etc/hostname"));
        git("add", ".");
        git("commit", "-q", "-m", "two");
        Files.writeString(repo.resolve("apps/orders.yaml"), pipeline("orders", "ghcr.io/hev/orders:1.1.0", "fixed"));
    }

    @Test
    void twoRevisionsAreReadWithGitAndComparedObjectByObject() throws Exception {
        List<Inputs.Text> old = GitInputs.read(GitInputs.parse("HEAD~1:apps"), repo, Excludes.NONE);
        assertEquals(
                List.of("HEAD~1:apps/orders.yaml"),
                old.stream().map(Inputs.Text::label).toList());
        List<Inputs.Text> now = GitInputs.read(GitInputs.parse("HEAD:apps/"), repo, Excludes.NONE);
        // sorted path order, the hidden folder and the .txt skipped, the link read as the file it names
        assertEquals(
                List.of("HEAD:apps/alias.yml", "HEAD:apps/billing.yaml", "HEAD:apps/orders.yaml"),
                now.stream().map(Inputs.Text::label).toList());
        assertTrue(new String(now.get(0).content(), StandardCharsets.UTF_8).contains("kind: ConfigMap"));
    }

    @Test
    void aRevisionsTreeIsWalkedAsAFolderIsExcludesAndAllAndATreeFileIsWalked() throws Exception {
        List<Inputs.Text> left = GitInputs.read(
                GitInputs.parse("HEAD:apps"), repo, Excludes.of(List.of("billing.yaml", "alias.yml"), "--exclude"));
        assertEquals(
                List.of("HEAD:apps/orders.yaml"),
                left.stream().map(Inputs.Text::label).toList());
        // found by the walk, so a file with no apiVersion and kind there is skipped with a warning, as in a folder
        assertEquals("orders.yaml", left.get(0).walkedAs());
        List<Inputs.Text> root = GitInputs.read(
                GitInputs.parse("HEAD:"), repo, Excludes.of(List.of("escape.yaml", "apps/"), "--exclude"));
        assertEquals(List.of(), root, "a folder excluded is not read, a link excluded is not followed");
        List<Inputs.Text> named = GitInputs.read(GitInputs.parse("HEAD:apps/billing.yaml"), repo, Excludes.NONE);
        assertNull(named.get(0).walkedAs(), "a file named itself is read strictly, as on the command line");
    }

    @Test
    void aLinkOutOfTheTreeIsAnErrorAndIsNeverFollowed() {
        Inputs.InputException e = assertThrows(
                Inputs.InputException.class, () -> GitInputs.read(GitInputs.parse("HEAD:"), repo, Excludes.NONE));
        assertTrue(
                e.messages.stream().anyMatch(m -> m.startsWith("HEAD:escape.yaml: a link to a path outside")),
                e.messages.toString());
        assertEquals(null, GitInputs.resolve("a/b.yaml", "../../etc/x.yaml"));
        assertEquals("c.yaml", GitInputs.resolve("a/b.yaml", "../c.yaml"));
    }

    @Test
    void aRevisionThatIsNotThereOrAPathNotInItIsAUsageError() {
        Inputs.InputException rev = assertThrows(
                Inputs.InputException.class, () -> GitInputs.read(GitInputs.parse("HEAD~9:apps"), repo, Excludes.NONE));
        assertTrue(rev.usage && rev.getMessage().contains("unknown revision HEAD~9"), rev.getMessage());
        Inputs.InputException path = assertThrows(
                Inputs.InputException.class, () -> GitInputs.read(GitInputs.parse("HEAD:nope"), repo, Excludes.NONE));
        assertTrue(path.usage && path.getMessage().contains("nope is not in revision HEAD"), path.getMessage());
        Inputs.InputException option = assertThrows(
                Inputs.InputException.class,
                () -> GitInputs.read(GitInputs.parse("--output=x:y"), repo, Excludes.NONE));
        assertTrue(option.getMessage().contains("cannot start with \"-\""), option.getMessage());
    }

    @Test
    void aColonMakesARevisionUnlessThePathStartsWithDotSlashOrSlash() {
        assertEquals(new GitInputs.Rev("origin/main", "apps/"), GitInputs.parse("origin/main:apps/"));
        assertEquals(new GitInputs.Rev("HEAD~1", ""), GitInputs.parse("HEAD~1:"));
        assertNull(GitInputs.parse("./a:b.yaml"));
        assertNull(GitInputs.parse("/tmp/a:b.yaml"));
        assertNull(GitInputs.parse("apps/"));
        assertNull(GitInputs.parse(":apps"));
    }

    @Test
    void asAProcessInTheRepositoryRevisionAgainstRevisionAndAgainstTheWorkTree() throws Exception {
        Path bin = Launcher.install(repo.resolve(".bin"));
        String lr = bin.resolve("layer-render").toString();
        Launcher.Result revs = Launcher.run(List.of(lr, "diff", "HEAD~1:apps", "HEAD:apps"), repo, Map.of());
        assertEquals(1, revs.code(), revs.err());
        assertTrue(revs.out().contains("- ScaledObject team/orders-worker: removed: deletes the object"), revs.out());
        assertTrue(revs.out().contains("+ Deployment team/billing-worker: added"), revs.out());
        assertTrue(revs.out().contains("deletes: TriggerAuthentication team/orders-worker, ScaledObject"), revs.out());

        Launcher.Result tree = Launcher.run(List.of(lr, "diff", "-o", "json", "HEAD:apps", "apps"), repo, Map.of());
        assertEquals(1, tree.code(), tree.err());
        assertTrue(tree.out().contains("\"restartsPods\" : [ \"Deployment team/orders-worker\" ]"), tree.out());
        assertTrue(tree.out().contains("\"new\" : \"ghcr.io/hev/orders:1.1.0\""), tree.out());

        Launcher.Result excluded = Launcher.run(
                List.of(lr, "diff", "--exclude", "billing.yaml", "HEAD~1:apps", "HEAD:apps"), repo, Map.of());
        assertEquals(1, excluded.code(), excluded.err());
        assertFalse(excluded.out().contains("billing"), excluded.out());
        assertTrue(excluded.out().contains("- ScaledObject team/orders-worker"), excluded.out());

        Launcher.Result same =
                Launcher.run(List.of(lr, "diff", "HEAD:apps/billing.yaml", "apps/billing.yaml"), repo, Map.of());
        assertEquals(0, same.code(), same.err());
    }

    @Test
    void stdinIsOneSideAndTheSameSettingsRenderBoth() {
        String yaml = pipeline("orders", "ghcr.io/hev/orders:1.0.0", "fixed").replace("  namespace: team\n", "");
        Path file = repo.resolve("stdin-other.yaml");
        try {
            Files.writeString(file, yaml.replace("1.0.0", "2.0.0"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        InProcess.Result r =
                InProcess.run(yaml, Map.of("GATEWAY_AUTH_MODE", "open"), "diff", "-n", "apps", "-", file.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("~ Deployment apps/orders-worker: 1 field changed"), r.out());
    }

    @Test
    void helpHasADescriptionAndExamplesAndAMistypedCommandIsSuggested() {
        InProcess.Result help = InProcess.run("", Map.of(), "diff", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Examples:") && help.out().contains("layer-render diff HEAD~1:apps HEAD:apps"));
        assertTrue(help.out().contains("--gateway-base-url") && !help.out().contains("--output-dir"), help.out());
        InProcess.Result typo = InProcess.run("", Map.of(), "dif", "a", "b");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: diff"), typo.err());
        InProcess.Result format = InProcess.run("", Map.of(), "diff", "-o", "yaml", "a", "b");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("--output must be text, json or markdown"), format.err());
    }
}
