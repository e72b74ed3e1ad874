package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/** Runs per-file work on a bounded pool; a DvjException from any task reaches the caller as is. */
public final class Parallel {
    private static final int SEQUENTIAL_BELOW = 16;

    private Parallel() {
    }

    public static <T, R> List<R> map(List<T> items, int jobs, Function<T, R> work) {
        if (items.size() < SEQUENTIAL_BELOW || jobs <= 1) {
            return items.stream().map(work).toList();
        }
        ForkJoinPool pool = new ForkJoinPool(jobs);
        try {
            return pool.submit(() -> items.parallelStream().map(work).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DvjException.data("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdown();
        }
    }
}
