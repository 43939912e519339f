package com.hevlayer.layerrender.reconcile;

import java.io.PrintStream;
import java.time.Instant;

/**
 * One line per event on stderr: time, level, message. The project ships slf4j-nop (the CLI must
 * print nothing but its own messages), so the reconciler logs its own decisions here.
 */
public final class Log {
    private static volatile PrintStream out = System.err;
    private static volatile boolean quiet = false;

    private Log() {}

    public static void to(PrintStream stream, boolean quietInfo) {
        out = stream;
        quiet = quietInfo;
    }

    public static void info(String message) {
        if (!quiet) {
            out.println(Instant.now() + " INFO  " + message);
        }
    }

    public static void warn(String message) {
        out.println(Instant.now() + " WARN  " + message);
    }
}
