package com.hevlayer.layerrender.yaml;

/** A place in a user's file: 1-based line and column. */
public record Position(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
