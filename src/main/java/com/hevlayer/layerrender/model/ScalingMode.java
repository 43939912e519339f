package com.hevlayer.layerrender.model;

/** spec.scaling.mode. */
public enum ScalingMode {
    AUTOSCALE("autoscale"),
    FIXED("fixed"),
    DISABLED("disabled");

    public final String value;

    ScalingMode(String value) {
        this.value = value;
    }

    public static ScalingMode parse(String s) {
        for (ScalingMode m : values()) {
            if (m.value.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown scaling mode " + s);
    }
}
