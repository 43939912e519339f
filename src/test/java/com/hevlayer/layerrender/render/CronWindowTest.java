package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The wake window of a scheduled Pipeline: its length (the vendor's {@code clamp(leaseSeconds/60 + 1, 5,
 * 55)} minutes) over a table of lease values with the clamp edges, and its end checked against the start
 * by walking the clock minute by minute across a month's end: after every start, the first minute the
 * end expression matches is exactly the window's length later.
 */
class CronWindowTest {

    @Test
    void windowLengthAtTheEdges() {
        long[][] table = {
            {0, 5},
            {1, 5},
            {59, 5},
            {60, 5},
            {239, 5},
            {240, 5},
            {299, 5},
            {300, 6},
            {1800, 31},
            {3239, 54},
            {3240, 55},
            {3299, 55},
            {3300, 55},
            {3301, 55},
            {Integer.MAX_VALUE, 55},
            {Long.MAX_VALUE, 55},
            {-1, 5},
            {Integer.MIN_VALUE, 5}
        };
        for (long[] row : table) {
            assertEquals(row[1], CronWindow.minutes(row[0]), "leaseSeconds " + row[0]);
        }
    }

    @Test
    void windowLengthOverEveryLeaseUpToTwoHours() {
        int previous = CronWindow.MIN_MINUTES;
        for (int lease = 0; lease <= 7200; lease++) {
            int m = CronWindow.minutes(lease);
            assertTrue(m >= CronWindow.MIN_MINUTES && m <= CronWindow.MAX_MINUTES, lease + " -> " + m);
            assertTrue(m >= previous, "never shorter for a longer lease: " + lease);
            previous = m;
            if (lease < 3300) {
                assertTrue(m * 60 > lease, "the window outlasts a lease it is not clamped for: " + lease);
                assertEquals(Math.max(5, lease / 60 + 1), m, "integer division, then the clamp: " + lease);
            } else {
                assertEquals(55, m, "clamped at 55: " + lease);
            }
        }
    }

    @Test
    void theVendorDemo() {
        assertEquals(
                "55 2 * * *",
                CronWindow.end("0 2 * * *", CronWindow.minutes(3300)).end());
        assertEquals(
                "31 */6 * * *",
                CronWindow.end("0 */6 * * *", CronWindow.minutes(1800)).end());
    }

    @Test
    void refusedWithTheReason() {
        String[][] cases = {
            {"*/15 * * * *", "10", "minute field \"*/15\" is not a single number"},
            {"0,30 2 * * *", "10", "not a single number"},
            {"60 2 * * *", "10", "not a single number from 0 to 59"},
            {"45 */6 * * *", "16", "hour field \"*/6\" is not *, a number or a list"},
            {"45 9-17 * * *", "16", "hour field \"9-17\""},
            {"45 24 * * *", "16", "from 0 to 23"},
            {"50 23 * * 1", "11", "crosses midnight and the day fields are not all *"},
            {"50 * 1 * *", "11", "crosses midnight"},
            {"50 22,23 * 6 *", "11", "crosses midnight"},
            {"@daily", "5", "has 1 fields, not 5"},
            {"0 2 * *", "5", "has 4 fields"},
            {"", "5", "has 0 fields"},
        };
        for (String[] c : cases) {
            CronWindow.End end = CronWindow.end(c[0], Integer.parseInt(c[1]));
            assertNull(end.end(), c[0]);
            assertTrue(end.why().contains(c[2]), c[0] + ": " + end.why());
            assertNotNull(end.fix(), c[0]);
        }
    }

    @Test
    void everyEndComesExactlyTheWindowAfterItsStart() {
        Random random = new Random(15);
        List<String> hours = List.of("*", "0", "7", "22", "23", "2,14", "9,23", "*/6", "1-3");
        List<String> days = List.of("* * *", "* * 1", "* * 0,6", "1 * *", "29 * *", "* 2 *", "1 * 5");
        int checked = 0;
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            String start = random.nextInt(60) + " " + hours.get(random.nextInt(hours.size())) + " "
                    + days.get(random.nextInt(days.size()));
            int minutes = CronWindow.MIN_MINUTES + random.nextInt(CronWindow.MAX_MINUTES - CronWindow.MIN_MINUTES + 1);
            CronWindow.End end = CronWindow.end(start, minutes);
            if (end.end() == null) {
                refused++;
                assertTrue(crossesHour(start, minutes), "refused only when the window leaves the hour: " + start);
                continue;
            }
            // February 24 to March 3 of a leap year: a month's end, February 29, every weekday
            LocalDateTime from = LocalDateTime.of(2028, 2, 24, 0, 0);
            LocalDateTime to = LocalDateTime.of(2028, 3, 3, 0, 0);
            TreeSet<LocalDateTime> ends = new TreeSet<>();
            for (LocalDateTime t = from; t.isBefore(to.plusDays(2)); t = t.plusMinutes(1)) {
                if (matches(end.end(), t)) {
                    ends.add(t);
                }
            }
            for (LocalDateTime t = from; t.isBefore(to); t = t.plusMinutes(1)) {
                if (matches(start, t)) {
                    assertEquals(
                            t.plusMinutes(minutes),
                            ends.higher(t),
                            start + " for " + minutes + " min, end " + end.end() + ", started " + t);
                    checked++;
                }
            }
        }
        assertTrue(checked > 300, "starts checked: " + checked);
        assertTrue(refused > 5, "refusals seen: " + refused);
    }

    private static boolean crossesHour(String cron, int minutes) {
        String minute = cron.split(" ")[0];
        return !minute.matches("[0-9]+") || Integer.parseInt(minute) + minutes >= 60;
    }

    /** A small cron matcher (numbers, lists, ranges, steps, *; day-of-month or day-of-week when both are set). */
    static boolean matches(String cron, LocalDateTime t) {
        String[] f = cron.split(" ");
        boolean dom = field(f[2], t.getDayOfMonth());
        boolean dow = field(f[4], t.getDayOfWeek().getValue() % 7);
        boolean day = !f[2].equals("*") && !f[4].equals("*") ? dom || dow : dom && dow;
        return field(f[0], t.getMinute()) && field(f[1], t.getHour()) && field(f[3], t.getMonthValue()) && day;
    }

    private static boolean field(String f, int v) {
        List<Boolean> any = new ArrayList<>();
        for (String part : f.split(",")) {
            String[] step = part.split("/");
            int by = step.length > 1 ? Integer.parseInt(step[1]) : 1;
            int lo;
            int hi;
            if (step[0].equals("*")) {
                lo = 0;
                hi = 59;
            } else if (step[0].contains("-")) {
                lo = Integer.parseInt(step[0].split("-")[0]);
                hi = Integer.parseInt(step[0].split("-")[1]);
            } else {
                lo = Integer.parseInt(step[0]);
                hi = step.length > 1 ? 59 : lo;
            }
            any.add(v >= lo && v <= hi && (v - lo) % by == 0);
        }
        return any.contains(true);
    }
}
