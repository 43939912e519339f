package com.hevlayer.layerrender.reconcile;

import java.io.PrintStream;
import java.time.Clock;

/**
 * One line per event: time, level, message. The project ships slf4j-nop (the CLI must print nothing
 * but its own messages), so the reconciler logs its own decisions here. One instance per reconciler,
 * handed in by whoever starts it: no process-wide state.
 */
public final class Log {
    private final PrintStream out;
    private final boolean quiet;
    private final Clock clock;

    /** @param quiet drop INFO lines (WARN lines are always written) */
    public Log(PrintStream out, boolean quiet, Clock clock) {
        this.out = out;
        this.quiet = quiet;
        this.clock = clock;
    }

    public void info(String message) {
        if (!quiet) {
            out.println(clock.instant() + " INFO  " + message);
        }
    }

    public void warn(String message) {
        out.println(clock.instant() + " WARN  " + message);
    }
}
