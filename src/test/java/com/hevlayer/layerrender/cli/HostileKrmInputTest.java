package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, the KRM function's input: the ResourceList's shape, limits per item (a real list of thousands of items
 * passes; one hostile item is refused by name), and the files a functionConfig names, confined to the working
 * directory (docs/hostile-input-inputs.md). A refusal is exit 1 with an error result and no rendered object on stdout
 * (the protocol's answer), or, for a stream that is no ResourceList at all, nothing on stdout.
 */
@Timeout(120)
class HostileKrmInputTest {
    static final String HEAD = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n";
    static final String GEN =
            "functionConfig:\n  apiVersion: fn.hevlayer.com/v1alpha1\n  kind: LayerRender\n  metadata: {name: gen}\n";

    private final List<Path> made = new ArrayList<>();

    @AfterEach
    void removeFolders() throws Exception {
        for (Path dir : made) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A folder below the working directory (the function's root, as kustomize sets it). */
    Path folder() throws Exception {
        Path dir = Path.of("target/hostile-krm/k-" + System.nanoTime());
        made.add(dir);
        Files.createDirectories(dir); // returns an absolute path when it had to make the parents too
        return dir;
    }

    static InProcess.Result krm(String stdin) {
        return CliTest.run(stdin, Map.of(), "krm");
    }

    static JsonNode parse(String out) throws Exception {
        return YamlLoader.perItem(Limits.DEFAULT, Long.MAX_VALUE)
                .load("out", out)
                .get(0)
                .root();
    }

    /** Exit 1, error results, every part on stderr (where each result is printed too), nothing rendered. */
    static JsonNode refusedWithResults(InProcess.Result r, String... parts) throws Exception {
        assertEquals(1, r.code(), r.err());
        JsonNode rl = parse(r.out());
        JsonNode results = rl.path("results");
        assertTrue(results.isArray() && results.size() > 0, r.out());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "expected \"" + p + "\" on stderr:\n" + r.err());
        }
        results.forEach(x -> assertEquals("error", x.path("severity").asText(), results.toString()));
        rl.path("items")
                .forEach(i -> assertFalse(i.path("kind").asText().equals("Deployment"), "rendered: " + r.out()));
        return rl;
    }

    /** Exit 1, nothing on stdout (no ResourceList could be read), every part on stderr. */
    static void refusedOutright(InProcess.Result r, String... parts) {
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "expected \"" + p + "\" in:\n" + r.err());
        }
    }

    // ---- shape

    @Test
    void itemsOfTheWrongTypeAreErrors() throws Exception {
        // the finding: items as a mapping or a string was accepted and the Pipeline passed through unrendered
        String pipeline = "  apiVersion: hevlayer.com/v1alpha1\n  kind: Pipeline\n  metadata: {name: web}\n"
                + "  spec: {target: {namespace: t}, worker: {image: img}}\n";
        refusedWithResults(
                krm(HEAD + "items:\n" + pipeline),
                "must be a list of objects (the KRM function protocol), not a mapping");
        refusedWithResults(krm(HEAD + "items: web\n"), "not a string");
        refusedWithResults(krm(HEAD + "items: 42\n"), "not a number");
        JsonNode rl = refusedWithResults(
                krm(HEAD + "items:\n- just a string\n- 7\n"),
                "ResourceList: items[0]: must be an object (a Kubernetes object), not a string",
                "ResourceList: items[1]: must be an object (a Kubernetes object), not a number");
        assertEquals(
                "items[1]", rl.path("results").get(1).path("field").path("path").asText());
    }

    @Test
    void aFunctionConfigOfTheWrongTypeIsAnError() throws Exception {
        refusedWithResults(
                krm(HEAD + "items: []\nfunctionConfig:\n- a\n- b\n"),
                "functionConfig: must be an object (a v1 ConfigMap or a fn.hevlayer.com/v1alpha1 LayerRender), not a list");
        refusedWithResults(krm(HEAD + "items: []\nfunctionConfig: files\n"), "not a string");
    }

    @Test
    void noItemsAtAllIsATransformerOverNothing() throws Exception {
        InProcess.Result r = krm(HEAD + "items: []\n");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, parse(r.out()).path("items").size());
    }

    // ---- limits per item

    static String configMaps(int n, int index, String special) {
        StringBuilder b = new StringBuilder(HEAD).append("items:\n");
        String value = "v".repeat(90);
        for (int i = 0; i < n; i++) {
            if (i == index) {
                b.append(special);
                continue;
            }
            b.append("- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-")
                    .append(i)
                    .append("\n  data:\n");
            for (int k = 0; k < 20; k++) {
                b.append("    key-").append(k).append(": ").append(value).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void aResourceListOfTwoThousandConfigMapsPassesThrough() throws Exception {
        // the finding: a legitimate 4 MB list was refused by the per-document limits, with a message about alias bombs
        String list = configMaps(2000, -1, null);
        assertTrue(list.length() > 4_000_000 && list.length() / 2000 > 2000, "about 2 KB per item: " + list.length());
        InProcess.Result r = krm(list);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        JsonNode items = parse(r.out()).path("items");
        assertEquals(2000, items.size());
        assertEquals("cm-1999", items.get(1999).path("metadata").path("name").asText());
        assertEquals("v".repeat(90), items.get(1234).path("data").path("key-19").asText());
    }

    @Test
    void oneAliasBombItemIsRefusedByName() {
        StringBuilder bomb =
                new StringBuilder("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: bomb}\n  data:\n");
        bomb.append("    a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        String prev = "a";
        for (String level : List.of("b", "c", "d", "e", "f")) {
            bomb.append("    ").append(level).append(": &").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                bomb.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            bomb.append("]\n");
            prev = level;
        }
        refusedOutright(
                krm(configMaps(2000, 1000, bomb.toString())),
                "ConfigMap bomb: items[1000].data.f",
                "item expands to more than 200000 nodes (a safety limit against alias bombs");
    }

    @Test
    void oneOversizedItemIsRefusedByName() {
        String big = "    blob: " + "b".repeat(900_000) + "\n";
        String item = "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: huge}\n  data:\n"
                + (big.replace("blob", "b1")
                        + big.replace("blob", "b2")
                        + big.replace("blob", "b3")
                        + big.replace("blob", "b4"));
        refusedOutright(
                krm(configMaps(50, 7, item)),
                "ConfigMap huge: items[7]: item is larger than 3145728 characters (a safety limit)");
    }

    @Test
    void aliasesAcrossItemsAreBoundedForTheWholeList() {
        // each item stays under its own limits; the list as a whole may not expand without end
        StringBuilder b = new StringBuilder(HEAD)
                .append(
                        "items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: anchor}\n  data:\n    x: &big [");
        for (int i = 0; i < 1900; i++) {
            b.append(i == 0 ? "" : ",").append('a');
        }
        b.append("]\n");
        for (int n = 0; n < 12; n++) {
            b.append("- apiVersion: v1\n  kind: List\n  metadata: {name: l")
                    .append(n)
                    .append("}\n  items: [");
            for (int i = 0; i < 100; i++) {
                b.append(i == 0 ? "" : ",").append("*big");
            }
            b.append("]\n");
        }
        refusedOutright(
                krm(b.toString()), "expand to more than 2000000 nodes in all (a safety limit against alias bombs");
    }

    // ---- files, confined to the working directory

    static String generator(String spec) {
        return HEAD + "items: []\n" + GEN + "  spec:\n" + spec;
    }

    @Test
    void filesOutsideTheWorkingDirectoryAreRefused() throws Exception {
        String where =
                "must be a path relative to the function's working directory (the kustomization's folder), without \"..\"";
        refusedWithResults(krm(generator("    files: [/etc]\n")), "/etc: " + where);
        refusedWithResults(krm(generator("    files: [../pipelines]\n")), "../pipelines: " + where);
        refusedWithResults(krm(generator("    files: [samples]\n    infraRules: /dev/zero\n")), "/dev/zero: " + where);
    }

    @Test
    void linksOutOfTheWorkingDirectoryAreRefusedAndLinksInsideRead() throws Exception {
        Path dir = folder();
        Path outside = Files.createTempFile("kubeconfig", ".yaml");
        try {
            Files.writeString(outside, "token: s3cr3t\n");
            Files.writeString(dir.resolve("web.txt"), CliTest.PIPELINE);
            Files.createSymbolicLink(dir.resolve("web.yaml"), Path.of("web.txt"));
            InProcess.Result ok = krm(generator("    files: [" + dir + "]\n"));
            assertEquals(0, ok.code(), ok.err());
            assertTrue(ok.out().contains("kind: Deployment"), ok.out());

            Files.createSymbolicLink(dir.resolve("kube.yaml"), outside.toAbsolutePath());
            JsonNode rl = refusedWithResults(
                    krm(generator("    files: [" + dir + "]\n")),
                    dir.resolve("kube.yaml") + ": a link to a file outside the function's working directory");
            assertFalse(rl.toString().contains("s3cr3t"));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void infraRulesMustBeAFileAndEmptyFilesAreAnError() throws Exception {
        Path dir = folder();
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("web.yaml"), CliTest.PIPELINE);
        refusedWithResults(
                krm(generator("    files: [" + dir + "]\n    infraRules: " + dir.resolve("rules") + "\n")),
                dir.resolve("rules") + ": is a folder, not a file");
        Path fifo = dir.resolve("fifo.yaml");
        HostileInputsTest.mkfifo(fifo);
        refusedWithResults(krm(generator("    files: [" + dir + "]\n")), fifo + ": not a regular file");
        Files.delete(fifo);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        refusedWithResults(krm(generator("    files: [" + empty + "]\n")), "hold no Pipeline");
    }
}
