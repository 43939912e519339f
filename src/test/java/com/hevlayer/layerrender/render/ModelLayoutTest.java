package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.settings.SettingsLayer;
import com.hevlayer.layerrender.testing.Golden;
import com.hevlayer.layerrender.validate.DeploymentSchema;
import com.hevlayer.layerrender.validate.SchemaCheck;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelLayout} is what the fabric8 classes' annotations say, for exactly the classes met
 * rendering every golden input (with default settings): a class the renderer starts to use, or a
 * fabric8 upgrade, fails here until the layout is regenerated ({@code -Dgolden.update=true}).
 */
class ModelLayoutTest {
    static final Path SOURCE = Path.of("src/main/java/com/hevlayer/layerrender/render/ModelLayout.java");

    @Test
    void theLayoutIsTheAnnotationsOfEveryClassTheGoldenInputsRender() throws Exception {
        Set<Class<?>> classes = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
        Engine engine = new Engine(new SchemaCheck(), DeploymentSchema::new);
        int objects = 0;
        try (Stream<Path> cases = Files.list(Path.of("golden"))) {
            for (Path input : cases.map(c -> c.resolve("input.yaml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList()) {
                List<com.hevlayer.layerrender.yaml.SourceDoc> docs;
                try {
                    docs = new YamlLoader(Limits.DEFAULT).load(input.toString(), Files.readAllBytes(input));
                } catch (com.hevlayer.layerrender.yaml.YamlException e) {
                    continue; // a case about unreadable input renders nothing
                }
                Engine.Outcome o = engine.run(new Engine.Request(docs, List.of(SettingsLayer.empty("t")), null));
                for (RenderedObject r : o.objects()) {
                    collect(r.object(), classes);
                    objects++;
                }
            }
        }
        assertTrue(objects > 100, "the golden inputs rendered only " + objects + " objects");
        Map<String, List<String>> want = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        for (Class<?> c : classes) {
            List<String> layout = ModelJson.annotationLayout(c);
            want.put(c.getName(), layout);
            text.append("            ")
                    .append(c.getName())
                    .append(' ')
                    .append(String.join(" ", layout))
                    .append('\n');
        }
        String source = Files.readString(SOURCE);
        int open = source.indexOf("TEXT = \"\"\"\n") + "TEXT = \"\"\"\n".length();
        int close = source.indexOf("            \"\"\";", open);
        String regenerated = source.substring(0, open) + text + source.substring(close);
        Golden.verify(regenerated, SOURCE, "ModelLayout.TEXT (fabric8's annotations of the rendered classes)");
        if (!Golden.UPDATE) {
            assertEquals(want, new TreeMap<>(ModelLayout.parse(ModelLayout.TEXT)));
        }
    }

    /** The model classes in {@code v}'s object graph, as {@link ModelJson#tree} walks it. */
    private static void collect(Object v, Set<Class<?>> out) throws IllegalAccessException {
        if (v instanceof List<?> l) {
            for (Object e : l) {
                collect(e, out);
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Object e : m.values()) {
                collect(e, out);
            }
        } else if (v != null
                && v.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")
                && ModelJson.annotationLayout(v.getClass()) != null) {
            out.add(v.getClass());
            for (Field f : v.getClass().getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    collect(f.get(v), out);
                }
            }
        }
    }
}
