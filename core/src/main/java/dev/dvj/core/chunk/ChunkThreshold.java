package dev.dvj.core.chunk;

import dev.dvj.core.DvjException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest file stored as chunks, as configured for a remote ({@code remote.NAME.chunk_threshold})
 * or the cache ({@code cache.chunk_threshold}): bytes, or with a K or M suffix, at least 1M; 0 for none.
 */
public final class ChunkThreshold {
    /** Below 8 MiB a new version costs little to send whole, and chunk lists would outnumber savings. */
    public static final long DEFAULT = 8L << 20;
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,9})([KkMm]?)");

    private ChunkThreshold() {
    }

    /**
     * @param key   the key as the user wrote it, named in the error
     * @param value the configured value, or null for {@link #DEFAULT}
     */
    public static long parse(String key, String value) {
        long bytes = value == null ? DEFAULT : bytes(value);
        if (bytes < 0 || (bytes > 0 && bytes < (1 << 20))) {
            throw DvjException.invalid(key + " must be a size of 1M or more (bytes, or with K or M), 0 for no chunks; not '"
                    + value + "'");
        }
        return bytes;
    }

    /** Bytes, or with a K or M suffix (KiB, MiB); -1 when not a size. */
    public static long bytes(String value) {
        Matcher m = SIZE.matcher(value.trim());
        return m.matches() ? Long.parseLong(m.group(1)) << (m.group(2).isEmpty() ? 0 : m.group(2).equalsIgnoreCase("k") ? 10 : 20) : -1;
    }
}
