package dev.dvj.core.odb;

import java.time.Instant;

/**
 * What an object database says of an object it holds without sending it: its size, which a
 * survey checks against the size expected (an object of the wrong size is damaged, not present),
 * and when it was last written, which gc uses to spare objects written moments ago.
 *
 * @param size     {@link #UNKNOWN_SIZE} where the answer came without sizes (the cache's name listing)
 * @param modified null where the medium does not say
 */
public record ObjectInfo(long size, Instant modified) {
    /** A size nobody stated: any expected size passes against it. */
    public static final long UNKNOWN_SIZE = -1;

    /** Held, with nothing more known. */
    public static final ObjectInfo PRESENT = new ObjectInfo(UNKNOWN_SIZE, null);
}
