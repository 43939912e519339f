package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code --exclude} glob: gitignore-like matching of a path relative to its input folder. */
class ExcludesTest {
    static boolean excluded(String glob, String path, boolean folder) throws Exception {
        return Excludes.of(List.of(glob), "--exclude").excludes(path, folder);
    }

    @ParameterizedTest(name = "{0} on {1} (folder {2}): {3}")
    @CsvSource({
        // no slash: a name at any depth
        "values.yaml, values.yaml, false, true",
        "values.yaml, charts/web/values.yaml, false, true",
        "values.yaml, my-values.yaml, false, false",
        "*.json, package.json, false, true",
        "*.json, tools/package.json, false, true",
        "*.json, package.json.bak, false, false",
        // a leading or middle slash anchors at the input folder
        "/values.yaml, values.yaml, false, true",
        "/values.yaml, web/values.yaml, false, false",
        "web/values.yaml, web/values.yaml, false, true",
        "web/values.yaml, apps/web/values.yaml, false, false",
        "web/*.yaml, web/a.yaml, false, true",
        "web/*.yaml, web/sub/a.yaml, false, false",
        // a trailing slash: folders only
        "charts/, charts, true, true",
        "charts/, apps/charts, true, true",
        "charts/, charts, false, false",
        // ** as a whole part
        "**/values.yaml, values.yaml, false, true",
        "**/values.yaml, a/b/values.yaml, false, true",
        "charts/**, charts/web/values.yaml, false, true",
        "charts/**, charts, true, false",
        "a/**/b.yaml, a/b.yaml, false, true",
        "a/**/b.yaml, a/x/y/b.yaml, false, true",
        "a/**/b.yaml, x/a/b.yaml, false, false",
        "**, anything/at/all.yaml, false, true",
        // one character, sets, escapes
        "v?.yaml, v1.yaml, false, true",
        "v?.yaml, v12.yaml, false, false",
        "v[12].yaml, v2.yaml, false, true",
        "v[12].yaml, v3.yaml, false, false",
        "v[!12].yaml, v3.yaml, false, true",
        "v[!12].yaml, v1.yaml, false, false",
        "v[a-c].yaml, vb.yaml, false, true",
        "\\*.yaml, *.yaml, false, true",
        "\\*.yaml, a.yaml, false, false",
        // * never crosses a folder
        "a*, a/b, false, false",
        "a*, ab, true, true",
    })
    void matches(String glob, String path, boolean folder, boolean want) throws Exception {
        assertEquals(want, excluded(glob, path, folder));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "!values.yaml",
                "v[12.yaml",
                "a\\",
                "charts**",
                "a/**b",
                "../x",
                "a/./b",
                "a//b",
                "v[z-a].yaml"
            })
    void aMalformedGlobIsRefusedWithTheFix(String glob) {
        Excludes.BadGlob e =
                assertThrows(Excludes.BadGlob.class, () -> Excludes.of(List.of("ok.yaml", glob), "--exclude"));
        assertTrue(e.getMessage().startsWith("--exclude '" + glob + "': "), e.getMessage());
        assertTrue(e.getMessage().contains("fix: "), e.getMessage());
    }
}
