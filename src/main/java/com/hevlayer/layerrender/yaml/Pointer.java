package com.hevlayer.layerrender.yaml;

/** JSON pointers (RFC 6901), the addresses of nodes in every tree here: {@code ~} and {@code /} in a key are written {@code ~0} and {@code ~1}. */
public final class Pointer {
    private Pointer() {}

    /** The pointer of {@code key} inside the node at {@code pointer}. */
    public static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** The key a pointer token stands for. */
    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
