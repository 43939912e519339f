package com.hevlayer.layerrender.util;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, once, whichever thread asks first; other threads
 * asking meanwhile wait for it. A failed making is not remembered: the next ask tries again.
 * The one memoizer of the project (schemas compiled on first use, the engine's shared parts).
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> make;
    private volatile T value;

    private Lazy(Supplier<? extends T> make) {
        this.make = Objects.requireNonNull(make);
    }

    /** {@code make} memoized; a supplier that already is a {@code Lazy} is returned as it is. */
    @SuppressWarnings("unchecked")
    public static <T> Lazy<T> of(Supplier<? extends T> make) {
        return make instanceof Lazy ? (Lazy<T>) make : new Lazy<>(make);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(make.get(), "a Lazy's supplier returned null");
                    value = v;
                }
            }
        }
        return v;
    }
}
