package com.hevlayer.layerrender.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hevlayer.layerrender.validate.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link YamlLoader#perItem}: each item of a top-level {@code items} list is measured as a document of its own (issue 12). */
class PerItemLimitsTest {
    static final Limits SMALL = new Limits(4, 200, 50, 2, 20);

    static List<SourceDoc> load(String text, long total) throws YamlException {
        return YamlLoader.perItem(SMALL, total).load("stdin", text);
    }

    static String items(int n, String item) {
        StringBuilder b = new StringBuilder("kind: ResourceList\nitems:\n");
        for (int i = 0; i < n; i++) {
            b.append("- ").append(item).append('\n');
        }
        return b.toString();
    }

    @Test
    void manyItemsEachWithinTheLimitsPassWhereOneDocumentWouldNot() throws Exception {
        String text = items(100, "{kind: ConfigMap, metadata: {name: c}, data: {a: b}}");
        assertEquals(100, load(text, 10_000).get(0).root().path("items").size());
        assertThrows(
                YamlException.class, () -> new YamlLoader(SMALL).load("stdin", text), "the whole list as one document");
    }

    @Test
    void depthCountsFromTheItem() throws Exception {
        // items sit at depth 2; an item may nest 4 levels (its own mapping and three more)
        load(items(1, "{a: {b: {c: [x]}}}"), 10_000);
        YamlException e = assertThrows(YamlException.class, () -> load(items(1, "{a: {b: {c: [[x]]}}}"), 10_000));
        assertEquals("items[0].a.b.c[0]", e.field());
    }

    @Test
    void anItemOverItsLimitsIsNamed() {
        String bomb = "{kind: ConfigMap, metadata: {name: bomb}, data: {a: &a [x, x, x, x, x, x], b: [*a, *a]}}";
        YamlException e = assertThrows(
                YamlException.class,
                () -> load(items(3, "{kind: ConfigMap, metadata: {name: ok}}") + "- " + bomb + "\n", 10_000));
        assertEquals("ConfigMap bomb", ObjectRef.of(e).label());
        assertEquals(
                "item expands to more than 20 nodes (a safety limit against alias bombs; use fewer aliases or write the values out)",
                e.getMessage());
        YamlException big = assertThrows(
                YamlException.class,
                () -> load(
                        items(
                                2,
                                "{kind: ConfigMap, metadata: {name: big}, data: {a: " + "x".repeat(40) + ", b: "
                                        + "y".repeat(40) + ", c: " + "z".repeat(40) + ", d: " + "w".repeat(40) + "}}"),
                        10_000));
        assertEquals("ConfigMap big", ObjectRef.of(big).label());
        assertEquals("items[0]", big.field());
        assertEquals("item is larger than 200 characters (a safety limit)", big.getMessage());
    }

    @Test
    void theWholeListHasABoundToo() throws Exception {
        // keys count as nodes: 7 an item, 5 for the root mapping, its two keys, "ResourceList" and the list
        String text = items(10, "{kind: ConfigMap, data: {a: b}}");
        assertEquals(10, load(text, 75).get(0).root().path("items").size());
        YamlException e = assertThrows(YamlException.class, () -> load(text, 74));
        assertEquals(
                "the document's items expand to more than 74 nodes in all"
                        + " (a safety limit against alias bombs; split the list, or use fewer aliases)",
                e.getMessage());
    }

    @Test
    void theRestOfTheDocumentHasItsOwnBudget() throws Exception {
        // functionConfig after the items is measured apart from the last item
        String text = items(1, "{a: [1, 2, 3, 4, 5, 6, 7, 8]}") + "functionConfig: {a: [1, 2, 3, 4, 5, 6, 7, 8]}\n";
        load(text, 10_000);
    }

    @Test
    void itemsSplitInOnePassKeepThePositionsOfPart() throws Exception {
        SourceDoc list = load(items(3, "{kind: ConfigMap, metadata: {name: c}, data: {a: b}}"), 10_000)
                .get(0);
        List<SourceDoc> parts = list.items("/items");
        assertEquals(3, parts.size());
        for (int i = 0; i < 3; i++) {
            SourceDoc one = list.part("/items/" + i);
            assertEquals(one.root(), parts.get(i).root());
            assertEquals(one.positions(), parts.get(i).positions());
        }
    }
}
