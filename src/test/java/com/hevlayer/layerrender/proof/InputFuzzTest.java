package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.hevlayer.layerrender.cli.InProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of the file-system side of reading (issue 12): a fuzzed tree of
 * files, folders and symbolic links inside an application folder — links to files and folders
 * inside, to a secret file beside the folder (by {@code ..} and by absolute path), to the folder
 * itself (a loop), dangling, to {@code /dev/null} — is rendered as {@code render APP}. A finding: the
 * secret's content anywhere in stdout or stderr, an exit code other than 0 or 1 (a usage error or a
 * bug), or an exception. Regression mode replays {@code InputFuzzTestInputs/}; the pom's
 * {@code fuzz-input} execution fuzzes for {@code -Dfuzz.input.duration} (10s by default).
 */
class InputFuzzTest {
    private static final String SECRET = "token: sk-outside-the-application-folder";
    private static final String PIPELINE =
            "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: p%d, namespace: layer}\n"
                    + "spec: {target: {namespace: t}, worker: {image: i}, scaling: {replicas: {max: 2}}}\n";

    @FuzzTest(maxDuration = "10s")
    void nothingOutsideTheFolderIsRead(FuzzedDataProvider data) throws Exception {
        Path root = Files.createTempDirectory("input-fuzz");
        try {
            Path app = Files.createDirectory(root.resolve("app"));
            Path secret = Files.writeString(
                    root.resolve("secret.yaml"),
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {" + SECRET + "}\n");
            List<Path> folders = new ArrayList<>(List.of(app));
            List<Path> files = new ArrayList<>();
            int n = data.consumeInt(1, 12);
            for (int i = 0; i < n; i++) {
                Path parent = folders.get(data.consumeInt(0, folders.size() - 1));
                String name = switch (data.consumeInt(0, 3)) {
                    case 0 -> "f" + i + ".yaml";
                    case 1 -> "f" + i + ".json";
                    case 2 -> "d" + i;
                    default -> ".hidden" + i + ".yaml";
                };
                Path p = parent.resolve(name);
                switch (data.consumeInt(0, 8)) {
                    case 0 -> folders.add(Files.createDirectory(p));
                    case 1 -> files.add(Files.writeString(p, String.format(PIPELINE, i)));
                    case 2 -> Files.createSymbolicLink(p, parent.relativize(secret)); // ../secret.yaml
                    case 3 -> Files.createSymbolicLink(p, secret.toAbsolutePath());
                    case 4 -> Files.createSymbolicLink(p, root); // the folder above the application
                    case 5 -> Files.createSymbolicLink(p, parent); // a loop
                    case 6 -> Files.createSymbolicLink(p, parent.resolve("missing-" + i));
                    case 7 -> Files.createSymbolicLink(p, Path.of("/dev/null"));
                    default -> {
                        if (!files.isEmpty()) {
                            Files.createSymbolicLink(p, files.get(data.consumeInt(0, files.size() - 1)));
                        } else if (folders.size() > 1) {
                            Files.createSymbolicLink(p, folders.get(data.consumeInt(1, folders.size() - 1)));
                        }
                    }
                }
            }
            InProcess.Result r = InProcess.run(new byte[0], Map.of(), "render", app.toString());
            assertFalse(
                    r.out().contains("sk-outside") || r.err().contains("sk-outside"),
                    "the secret beside the folder was read:\n" + r.out() + r.err());
            assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + ":\n" + r.err());
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
