package com.hevlayer.layerrender.yaml;

/**
 * Safety limits against hostile input. Each is far above what a real Pipeline needs (the
 * deepest Kubernetes pod spec nests about 15 levels; an etcd object is at most 1.5 MiB).
 *
 * @param maxDepth          nesting depth of mappings and sequences in one document
 * @param maxDocumentChars  characters in one document
 * @param maxStringChars    characters in one scalar (a key or a value)
 * @param maxAliases        alias uses in one document
 * @param maxNodes          nodes in one document once aliases are expanded
 */
public record Limits(int maxDepth, int maxDocumentChars, int maxStringChars, int maxAliases, long maxNodes) {
    public static final Limits DEFAULT = new Limits(64, 3 * 1024 * 1024, 1024 * 1024, 100, 200_000);
}
