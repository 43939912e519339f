package com.hevlayer.layerrender.model;

import java.util.Optional;

/** How workers authenticate to the gateway (GATEWAY_AUTH_MODE). */
public enum AuthMode {
    /** The default VectorStore's credential (or the configured Secret). */
    DERIVE_FROM_STORE("deriveFromStore"),
    /** The configured inbound worker key; default Secret key {@code layer-inbound-worker-api-key}. */
    KEYS("keys"),
    /** No credential is injected and the trigger carries no authentication. */
    OPEN("open");

    public final String value;

    AuthMode(String value) {
        this.value = value;
    }

    public static Optional<AuthMode> parse(String s) {
        for (AuthMode m : values()) {
            if (m.value.equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
