package com.hevlayer.layerrender.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The wake window of a scheduled Pipeline as a KEDA {@code cron} trigger: it starts at the Pipeline's
 * cron expression and ends {@link #minutes} later, and KEDA wants that end as a cron expression too.
 * Only some expressions can be moved by N minutes exactly: {@link #end} says which, and why not for
 * the rest. Pure.
 */
public final class CronWindow {
    /** The window's bounds in minutes, as the vendor's demos give them. */
    public static final int MIN_MINUTES = 5;

    public static final int MAX_MINUTES = 55;

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");

    private CronWindow() {}

    /**
     * {@code clamp(leaseSeconds/60 + 1, 5, 55)} minutes, the division rounding down: never shorter than
     * the lease (up to 55 minutes), never shorter than KEDA's customary 5 minutes.
     */
    public static int minutes(long leaseSeconds) {
        long m = Math.floorDiv(leaseSeconds, 60) + 1;
        return (int) Math.max(MIN_MINUTES, Math.min(MAX_MINUTES, m));
    }

    /**
     * The end of the window as a cron expression, or why there is none.
     *
     * @param end the cron expression {@code minutes} after each start, or null
     * @param why why the window cannot be written; null when {@code end} is set
     * @param fix what would work; null when {@code end} is set
     */
    public record End(String end, String why, String fix) {}

    /**
     * {@code cron} moved by {@code minutes} (1 to 59). Written exactly when the minute field is one number
     * (as the vendor's CRD requires) and, when the window crosses the hour, the hour field is {@code *},
     * one number or a list of numbers; a window that crosses midnight also needs day-of-month, month and
     * day-of-week to be {@code *} (the end would fall on another day than the one the fields name).
     */
    public static End end(String cron, int minutes) {
        String[] f = cron.trim().split("\\s+");
        if (cron.isBlank() || f.length != 5) {
            return refuse(
                    "the expression has " + (cron.isBlank() ? 0 : f.length)
                            + " fields, not 5 (minute hour day-of-month month" + " day-of-week)",
                    "write a 5-field cron expression such as \"0 2 * * *\"");
        }
        if (!NUMBER.matcher(f[0]).matches() || Integer.parseInt(f[0]) > 59) {
            return refuse(
                    "the minute field \"" + f[0] + "\" is not a single number from 0 to 59, so the end of the "
                            + minutes + "-minute wake window cannot be written as a cron expression (the hev layer"
                            + " operator requires a single-number minute too)",
                    "give one start minute, e.g. \"0 " + f[1] + " " + f[2] + " " + f[3] + " " + f[4] + "\"");
        }
        int end = Integer.parseInt(f[0]) + minutes;
        if (end < 60) {
            return new End(join(Integer.toString(end), f[1], f[2], f[3], f[4]), null, null);
        }
        boolean daysOpen = f[2].equals("*") && f[3].equals("*") && f[4].equals("*");
        String fix = "start earlier in the hour (minute " + (59 - minutes) + " or less), or use an hour field of *,"
                + " a number or a list of numbers";
        if (f[1].equals("*")) {
            if (!daysOpen) {
                return refuse(
                        "the " + minutes + "-minute window of the 23:xx start crosses midnight and the day fields are"
                                + " not all *, so its end cannot be written as a cron expression",
                        "start at minute " + (59 - minutes) + " or less");
            }
            return new End(join(Integer.toString(end - 60), "*", "*", "*", "*"), null, null);
        }
        List<String> hours = new ArrayList<>();
        boolean midnight = false;
        for (String h : f[1].split(",", -1)) {
            if (!NUMBER.matcher(h).matches() || Integer.parseInt(h) > 23) {
                return refuse(
                        "the " + minutes + "-minute window crosses the hour and the hour field \"" + f[1]
                                + "\" is not *, a number or a list of numbers from 0 to 23, so its end cannot be"
                                + " written as a cron expression",
                        fix);
            }
            int next = Integer.parseInt(h) + 1;
            midnight |= next == 24;
            hours.add(Integer.toString(next % 24));
        }
        if (midnight && !daysOpen) {
            return refuse(
                    "the " + minutes + "-minute window of the 23:xx start crosses midnight and the day fields are not"
                            + " all *, so its end cannot be written as a cron expression",
                    "start at minute " + (59 - minutes) + " or less, or before 23:00");
        }
        return new End(join(Integer.toString(end - 60), String.join(",", hours), f[2], f[3], f[4]), null, null);
    }

    private static End refuse(String why, String fix) {
        return new End(null, why, fix);
    }

    private static String join(String... fields) {
        return String.join(" ", fields);
    }
}
