package com.hevlayer.layerrender.yaml;

/**
 * Input that cannot be read as YAML, or that breaks a safety limit; carries where it happened and,
 * when the reader got that far, which document and field.
 */
public final class YamlException extends Exception {
    private final Position position;
    private final String object;
    private final String field;

    public YamlException(Position position, String message) {
        this(position, null, null, message);
    }

    public YamlException(Position position, String object, String field, String message) {
        super(message);
        this.position = position;
        this.object = object;
        this.field = field;
    }

    public Position position() {
        return position;
    }

    /** {@code Kind namespace/name} when the document had said so before the problem, else null. */
    public String object() {
        return object;
    }

    /** The dotted field path, or null. */
    public String field() {
        return field;
    }
}
