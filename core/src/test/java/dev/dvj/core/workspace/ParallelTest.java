package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {
    @Test
    void aFailureReachesTheCallerOnlyOnceNoTaskIsRunningAndTheRestAreSkipped() {
        List<Integer> items = IntStream.range(0, 2_000).boxed().toList();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        DvjException failure = DvjException.data("object 7 is corrupt");
        DvjException thrown = assertThrows(DvjException.class, () -> Parallel.map(items, 4, item -> {
            running.incrementAndGet();
            boolean fails = started.incrementAndGet() == 50; // whichever element runs 50th
            try {
                if (fails) {
                    throw failure;
                }
                Thread.sleep(20);
                return item;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }));
        assertSame(failure, thrown, "the task's own failure, not a skip");
        assertEquals(0, running.get(), "no worker is still writing when the caller cleans up");
        assertTrue(started.get() < 200, "the other elements were skipped, not all run: " + started.get());
    }
}
