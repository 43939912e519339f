package com.hevlayer.layerrender.yaml;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The documents of a run, handed over one at a time and as often as asked: a large input is then read
 * as a stream (each document's tree and positions dropped once what later steps need is taken from it),
 * and read again where a step needs a document back (the positions of a problem found later). Every
 * call hands the same documents in the same order.
 */
public interface DocSource {
    /**
     * Hands every document to {@code each}, in input order.
     *
     * @return the files that turned out not to be YAML part of the way through: the documents of those
     *         files handed so far are to be disregarded (a file that is not YAML has no documents)
     */
    Set<String> forEach(Consumer<SourceDoc> each);

    /** Documents already read. */
    static DocSource of(List<SourceDoc> docs) {
        return each -> {
            docs.forEach(each);
            return Set.of();
        };
    }
}
