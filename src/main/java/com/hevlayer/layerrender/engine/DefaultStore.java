package com.hevlayer.layerrender.engine;

import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.ArrayList;
import java.util.List;

/**
 * The default-store step: which VectorStore among the inputs is the default (the one marked
 * default, else the only one), and the rule that at most one is marked.
 */
final class DefaultStore {
    private DefaultStore() {}

    /** The default VectorStore, or null when there is none. */
    static SourceDoc of(List<SourceDoc> stores, List<Problem> problems) {
        List<SourceDoc> marked = new ArrayList<>();
        for (SourceDoc s : stores) {
            if (s.root().path("spec").path("default").asBoolean(false)) {
                marked.add(s);
            }
        }
        if (marked.size() > 1) {
            for (SourceDoc s : marked.subList(1, marked.size())) {
                problems.add(Problem.error(
                        Code.INVALID_VECTOR_STORE,
                        s.positionOf("/spec/default"),
                        ObjectRef.of(s, null),
                        "spec.default",
                        "more than one VectorStore is marked default (the first is "
                                + ObjectRef.of(marked.get(0), null).label() + " at "
                                + marked.get(0).positionOf("")
                                + "; mark exactly one)"));
            }
        }
        if (!marked.isEmpty()) {
            return marked.get(0);
        }
        if (stores.size() == 1) {
            return stores.get(0);
        }
        // several stores and none marked: no default store; the settings' own credential applies
        return null;
    }
}
