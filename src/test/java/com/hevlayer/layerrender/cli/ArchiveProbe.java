package com.hevlayer.layerrender.cli;

/**
 * The main class of the small jar that {@link LauncherScriptTest} puts where {@code target/layer-render.jar}
 * belongs: it needs nothing else on the class path, so the start-up archive can be made and used by a real
 * JVM before Maven has built the real jar.
 */
public final class ArchiveProbe {
    private ArchiveProbe() {}

    public static void main(String[] args) {
        System.out.println("probe " + String.join(" ", args));
    }
}
