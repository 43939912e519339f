package com.hevlayer.layerrender.krm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.render.FieldOrigin;
import com.hevlayer.layerrender.render.Origin;
import com.hevlayer.layerrender.yaml.FieldPath;
import com.hevlayer.layerrender.yaml.Position;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The value of {@link KrmFunction#ORIGIN}: YAML text, as kustomize's {@code config.kubernetes.io/origin} is,
 * {@code path} (the Pipeline's file), {@code configuredBy} (the Pipeline), and {@code fields}: where the fields
 * came from that are not constant rules or defaults, a subtree once when all its fields share one source (all of
 * {@code spec.template.spec.nodeSelector} from one pool). Pure; {@code layer-render explain} gives every field.
 */
final class OriginAnnotation {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OriginAnnotation() {}

    /**
     * @param pathOf the path a user knows a file label by (a kustomize item's path annotation)
     * @param where  a position as a user can find it: file:line:col of a file the function read, else the path
     */
    static String of(List<FieldOrigin> fields, UnaryOperator<String> pathOf, Function<Position, String> where) {
        ObjectNode n = F.objectNode();
        FieldOrigin name = fields.stream()
                .filter(f -> f.path().equals("metadata.name"))
                .findFirst()
                .orElseThrow();
        Position at = name.origin().position();
        n.put("path", pathOf.apply(at.file()));
        ObjectNode by = n.putObject("configuredBy");
        by.put("kind", "Pipeline");
        String pipeline = name.value().asText();
        by.put("name", pipeline.substring(0, pipeline.length() - "-worker".length()));
        fields.stream()
                .filter(f -> f.path().equals("metadata.namespace") && f.origin().kind() == Origin.Kind.PIPELINE)
                .findFirst()
                .ifPresent(f -> by.put("namespace", f.value().asText()));
        ObjectNode summary = n.putObject("fields");
        List<FieldOrigin> told = new ArrayList<>();
        for (FieldOrigin f : fields) {
            if (!worthTelling(f.origin())) {
                continue;
            }
            told.add(f);
        }
        int i = 0;
        while (i < told.size()) {
            FieldOrigin f = told.get(i);
            // the shortest parent whose fields (all of them, told or not) share this source
            int depth = f.segments().size();
            for (int d = f.segments().size() - 1; d >= 2; d--) {
                if (sharedBelow(fields, f.segments().subList(0, d), key(f.origin()))) {
                    depth = d;
                } else {
                    break;
                }
            }
            List<String> prefix = f.segments().subList(0, depth);
            summary.put(path(prefix), say(f.origin(), where));
            while (i < told.size()
                    && told.get(i).segments().size() >= depth
                    && told.get(i).segments().subList(0, depth).equals(prefix)) {
                i++;
            }
        }
        String yaml = YamlWriter.write(List.of(n));
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }

    /** Rules and defaults are the same for every object: explain tells them; the annotation stays small. */
    private static boolean worthTelling(Origin o) {
        return o != null
                && o.kind() != Origin.Kind.RULE
                && o.kind() != Origin.Kind.PIPELINE_DEFAULT
                && !(o.kind() == Origin.Kind.SETTING && o.source().contains(" from default"));
    }

    private static boolean sharedBelow(List<FieldOrigin> fields, List<String> prefix, String key) {
        boolean any = false;
        for (FieldOrigin f : fields) {
            if (f.segments().size() > prefix.size()
                    && f.segments().subList(0, prefix.size()).equals(prefix)) {
                if (f.origin() == null || !Objects.equals(key(f.origin()), key)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Fields share a source when they come from one place: the same Pipeline field, pool, setting or patch file. */
    private static String key(Origin o) {
        return switch (o.kind()) {
            case POOL, PATCH -> o.kind() + " " + o.source() + " " + o.position().file();
            default -> o.kind() + " " + o.source();
        };
    }

    private static String say(Origin o, Function<Position, String> at) {
        Position p = o.position();
        String where = p == null ? "" : at.apply(p);
        return where.isEmpty() || o.kind() == Origin.Kind.PIPELINE && where.equals(o.source())
                ? o.source()
                : o.source() + ", " + where;
    }

    private static String path(List<String> segments) {
        StringBuilder b = new StringBuilder();
        for (String seg : segments) {
            if (seg.startsWith("[")) {
                b.append(seg);
            } else {
                FieldPath.appendKey(b, seg);
            }
        }
        return b.toString();
    }
}
