package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.engine.Engine;
import com.hevlayer.layerrender.output.Output;
import com.hevlayer.layerrender.render.FieldOrigin;
import com.hevlayer.layerrender.render.Origin;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code explain}'s provenance over generated valid inputs ({@link Gen}: pools, podSpec patches, settings from
 * the environment and flags, VectorStores): asking for it changes no rendered object, and every leaf of every
 * object has an origin; one from the Pipeline points at a field the Pipeline has. A quarter of
 * {@link Property#CASES} (250 by default).
 */
@Execution(ExecutionMode.CONCURRENT)
class ProvenancePropertiesTest {

    @Test
    void everyLeafHasAnOriginAndExplainingChangesNothing() {
        int n = Property.forAll("provenance complete", (Random r) -> new Gen(r).scenario(), Harness.SHRINKS, s -> {
            List<SourceDoc> docs = s.sourceDocs();
            Engine.Outcome plain = Harness.run(s, docs);
            if (plain.failed()) {
                return; // the generator's rare invalid case: nothing is rendered, nothing explained
            }
            Engine.Outcome explained = Harness.ENGINE.run(
                    new Engine.Request(docs, s.layers(), s.defaultNamespace(), new Engine.Explain("flag")));
            assertEquals(
                    Output.documents(plain.objects(), List.of()),
                    Output.documents(explained.objects(), List.of()),
                    "provenance changes no object");
            for (RenderedObject o : plain.objects()) {
                assertNull(o.origins(), "no provenance unless asked");
            }
            for (RenderedObject o : explained.objects()) {
                List<String> missing = new ArrayList<>();
                List<String> leaves = new ArrayList<>();
                leaves(Output.conventionalMetadata(o.toTree()), leaves);
                assertEquals(leaves.size(), o.origins().size(), "one origin per leaf");
                for (int i = 0; i < leaves.size(); i++) {
                    FieldOrigin f = o.origins().get(i);
                    assertEquals(leaves.get(i), f.value().toString(), f.path());
                    if (f.origin() == null) {
                        missing.add(f.path());
                    } else if (f.origin().kind() == Origin.Kind.PIPELINE) {
                        assertNotNull(f.origin().position(), f.path());
                    }
                }
                assertEquals(
                        List.of(),
                        missing,
                        "fields without an origin in " + o.object().getKind());
            }
        });
        assertTrue(n >= 1, "ran " + n);
    }

    private static void leaves(JsonNode n, List<String> out) {
        if ((n.isObject() || n.isArray()) && n.size() > 0) {
            n.forEach(c -> leaves(c, out));
        } else {
            out.add(n.toString());
        }
    }
}
