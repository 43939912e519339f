package com.hevlayer.layerrender.yaml;

/** Input that cannot be read as YAML, or that breaks a safety limit; carries where it happened. */
public final class YamlException extends Exception {
    private final Position position;

    public YamlException(Position position, String message) {
        super(message);
        this.position = position;
    }

    public Position position() {
        return position;
    }
}
