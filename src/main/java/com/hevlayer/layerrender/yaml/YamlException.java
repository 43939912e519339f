package com.hevlayer.layerrender.yaml;

/**
 * Input that cannot be read as YAML, or that breaks a safety limit; carries where it happened and,
 * when the reader got that far, which document (its kind, namespace and name as written) and field.
 * The front ends name the document with {@code validate/ObjectRef.of(YamlException)}.
 */
public final class YamlException extends Exception {
    private final Position position;
    private final String kind;
    private final String namespace;
    private final String name;
    private final String field;

    public YamlException(Position position, String message) {
        this(position, null, null, null, null, message);
    }

    public YamlException(Position position, String kind, String namespace, String name, String field, String message) {
        super(message);
        this.position = position;
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.field = field;
    }

    public Position position() {
        return position;
    }

    /** The document's kind when it had said so before the problem, else null. */
    public String kind() {
        return kind;
    }

    /** The document's metadata.namespace when it had said so before the problem, else null. */
    public String namespace() {
        return namespace;
    }

    /** The document's metadata.name when it had said so before the problem, else null. */
    public String name() {
        return name;
    }

    /** The dotted field path, or null. */
    public String field() {
        return field;
    }
}
