package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code version}: the release, the git commit and the build time, written at build time by tools/build-info. */
class VersionTest {
    static final Pattern LINE = Pattern.compile("layer-render (\\S+) \\(commit ([0-9a-f]{12}(?:-dirty)?|unknown), built"
            + " (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ|unknown)\\)\n");

    static String sh(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.exitValue() == 0 ? out : null;
    }

    @Test
    void versionNamesTheCommitThisBuildWasMadeFrom() throws Exception {
        InProcess.Result r = InProcess.run("", Map.of(), "version");
        assertEquals(0, r.code(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertEquals(
                r.out().trim(), InProcess.run("", Map.of(), "--version").out().trim());
        String head = sh(Path.of("").toAbsolutePath(), "git", "rev-parse", "--short=12", "HEAD");
        if (head != null) { // built in a git checkout (mvn test builds it here): that commit, not "unknown"
            assertTrue(m.group(2).startsWith(head), m.group(2) + " is not HEAD " + head);
            assertTrue(!m.group(3).equals("unknown"), r.out());
        }
    }

    @Test
    void aBuildOutsideGitSaysUnknown(@TempDir Path notACheckout) throws Exception {
        Path out = notACheckout.resolve("classes/layer-render-build.properties");
        assertEquals(
                "",
                sh(
                        notACheckout,
                        "sh",
                        Path.of("tools/build-info").toAbsolutePath().toString(),
                        out.toString(),
                        "."));
        List<String> lines = Files.readAllLines(out);
        assertEquals("commit=unknown", lines.get(0));
        assertTrue(lines.get(1).matches("built=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines.get(1));
    }
}
