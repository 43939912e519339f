package com.hevlayer.layerrender.bench;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The floor for a whole-process comparison: parse a YAML stream with snakeyaml-engine and emit it
 * again, nothing else. {@code java -cp target/layer-render.jar:target/test-classes
 * com.hevlayer.layerrender.bench.YamlFloor FILE > /dev/null}
 */
public final class YamlFloor {
    private YamlFloor() {}

    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]));
        Load load = new Load(
                LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build());
        Dump dump = new Dump(DumpSettings.builder().setExplicitStart(true).build());
        Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        for (Object doc : load.loadAllFromString(text)) {
            out.write(dump.dumpToString(doc));
        }
        out.flush();
    }
}
