package com.hevlayer.layerrender.bench;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The floor for a whole-process comparison: parse a YAML stream with snakeyaml-engine, then emit as much
 * YAML as layer-render emits for it, nothing else: the input's documents dumped again, in turn, until
 * {@code OUTPUT_CHARS} characters are written (layer-render's output is about five times its input, so
 * re-emitting the input once measured a fifth of the work). {@code java -cp
 * target/layer-render.jar:target/test-classes com.hevlayer.layerrender.bench.YamlFloor FILE [OUTPUT_CHARS]
 * > /dev/null}; without OUTPUT_CHARS, the input once (the old floor).
 */
public final class YamlFloor {
    private YamlFloor() {}

    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]));
        long target = args.length > 1 ? Long.parseLong(args[1]) : -1;
        Load load = new Load(
                LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build());
        Dump dump = new Dump(DumpSettings.builder()
                .setExplicitStart(true)
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setWidth(Integer.MAX_VALUE)
                .setSplitLines(false)
                .build());
        List<Object> docs = new ArrayList<>();
        load.loadAllFromString(text).forEach(docs::add);
        Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        long written = 0;
        for (int i = 0; !docs.isEmpty() && (target < 0 ? i < docs.size() : written < target); i++) {
            String yaml = dump.dumpToString(docs.get(i % docs.size()));
            out.write(yaml);
            written += yaml.length();
        }
        out.flush();
    }
}
