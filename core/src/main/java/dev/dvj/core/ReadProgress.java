package dev.dvj.core;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Bytes read inside one file, reported as they go, so a progress bar moves through a 1 GiB add or
 * checkout instead of jumping at its end. The loops that read files (hashing, storing, copying)
 * report to the listener of the thread they run on; a command sets one around the work it wants
 * to follow. Without a listener, reporting is a thread-local read and nothing more.
 */
public final class ReadProgress {
    private static final ThreadLocal<LongConsumer> LISTENER = new ThreadLocal<>();

    private ReadProgress() {
    }

    /** Called by reading loops: {@code bytes} more were read on this thread. */
    public static void report(long bytes) {
        LongConsumer listener = LISTENER.get();
        if (listener != null) {
            listener.accept(bytes);
        }
    }

    /** Work that reads files, whose reads on this thread go to {@code listener}. */
    public interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Runs work on one file of {@code size} bytes (storing or placing it), reporting its bytes to
     * {@code progress} as they are read, each at most once (a store that hashes, then copies, or a
     * checkout that verifies the object before copying it, reads it twice), then the file itself.
     */
    public static <T> T forFile(Progress progress, long size, Work<T> work) throws IOException {
        long[] reported = {0};
        T result = during(bytes -> {
            long counted = Math.max(0, Math.min(bytes, size - reported[0]));
            reported[0] += bytes;
            if (counted > 0) {
                progress.advance(0, counted);
            }
        }, work);
        progress.advance(1, Math.max(0, size - reported[0]));
        return result;
    }

    public static <T> T during(LongConsumer listener, Work<T> work) throws IOException {
        LongConsumer outer = LISTENER.get();
        LISTENER.set(listener);
        try {
            return work.run();
        } finally {
            if (outer == null) {
                LISTENER.remove();
            } else {
                LISTENER.set(outer);
            }
        }
    }
}
