package com.hevlayer.layerrender.validate;

import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;

/**
 * The object a {@link Problem} is about, as a KRM result's {@code resourceRef} and a reconciler's
 * event name it. Any part may be null when the input does not say it.
 *
 * @param namespace the namespace the object ends up in (for a Pipeline without one, the default namespace)
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    /** The document's own reference, with {@code defaultNamespace} when it has no namespace of its own. */
    public static ObjectRef of(SourceDoc doc, String defaultNamespace) {
        String ns = doc.namespace() != null ? doc.namespace() : defaultNamespace;
        return new ObjectRef(doc.apiVersion(), doc.kind(), ns, doc.name());
    }

    /**
     * The document a YAML error happened in, as far as the reader had got: null unless it had read
     * both its kind and its name.
     */
    public static ObjectRef of(YamlException e) {
        return e.kind() == null || e.name() == null ? null : new ObjectRef(null, e.kind(), e.namespace(), e.name());
    }

    /** {@code Kind ns/name}, as messages name the object ({@code Kind (unnamed)} without a name). */
    public String label() {
        String k = kind != null && !kind.isEmpty() ? kind : "document";
        if (name == null) {
            return k + " (unnamed)";
        }
        return k + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
