package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The render's threads: results in index order, every task run once, a task's failure thrown to the caller. */
class WorkersTest {

    @Test
    void resultsComeInIndexOrderAndEveryTaskRunsOnce() {
        try (Workers w = new Workers(3)) {
            for (int count : new int[] {0, 1, 7, 8, 9, 1000}) {
                Set<Integer> ran = ConcurrentHashMap.newKeySet();
                List<Integer> out = w.map(count, i -> {
                    assertTrue(ran.add(i), "task " + i + " ran twice");
                    return i * 2;
                });
                assertEquals(IntStream.range(0, count).map(i -> i * 2).boxed().toList(), out);
                assertEquals(count, ran.size());
            }
        }
    }

    @Test
    void aSmallCallRunsOnTheCallingThreadAndMakesNoThread() {
        Thread caller = Thread.currentThread();
        try (Workers w = new Workers(2)) {
            List<Thread> ran = w.map(5, i -> Thread.currentThread());
            assertEquals(List.of(caller, caller, caller, caller, caller), ran);
            assertFalse(w.started(), "no thread made for a small render");
            w.map(100, i -> i);
            assertTrue(w.started());
        }
    }

    @Test
    void aFailingTaskFailsTheCall() {
        try (Workers w = new Workers(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> w.map(500, i -> {
                        if (i == 321) {
                            throw boom;
                        }
                        return i;
                    }));
            assertSame(boom, thrown);
            assertEquals(List.of(0, 1, 2), w.map(3, i -> i), "the threads work on after a failure");
        }
    }
}
