package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs per-file work on a bounded pool; a DvjException from any task reaches the caller as is,
 * but only once no task is still running: a caller that cleans up after a failure (a pull
 * discarding an output it was building) must not race with workers still writing into it.
 */
public final class Parallel {
    private static final int SEQUENTIAL_BELOW = 16;
    /** Thrown for the elements skipped after a failure; never reaches a caller. */
    private static final RuntimeException SKIPPED = new RuntimeException("skipped after an earlier failure", null, false, false) {
    };

    private Parallel() {
    }

    public static <T, R> List<R> map(List<T> items, int jobs, Function<T, R> work) {
        if (items.size() < SEQUENTIAL_BELOW || jobs <= 1) {
            return items.stream().map(work).toList();
        }
        ForkJoinPool pool = new ForkJoinPool(jobs);
        // A parallel stream does not stop the other chunks when one element fails: they would go
        // on through every remaining element. After the first failure each one is skipped instead.
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        Function<T, R> stopping = item -> {
            if (firstFailure.get() != null) {
                throw SKIPPED;
            }
            try {
                return work.apply(item);
            } catch (RuntimeException e) {
                firstFailure.compareAndSet(null, e);
                throw e;
            }
        };
        boolean failed = true;
        try {
            List<R> results = pool.submit(() -> items.parallelStream().map(stopping).toList()).get();
            failed = false;
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DvjException.data("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = firstFailure.get() != null ? firstFailure.get() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdown();
            if (failed) {
                awaitRunningTasks(pool);
            }
        }
    }

    /**
     * A parallel stream stops starting new elements after a failure, but the ones under way run
     * to their end (a download, a file write); wait for them, as long as they take.
     */
    private static void awaitRunningTasks(ForkJoinPool pool) {
        boolean interrupted = false;
        while (!pool.isTerminated()) {
            try {
                pool.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
