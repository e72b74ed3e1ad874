package dev.dvj.core.store;

import dev.dvj.core.hash.ObjectId;

/**
 * Told of each object a transfer has just verified and put in the cache, so work that waits for it
 * (pull's checkout) can start at once instead of after the last download.
 */
@FunctionalInterface
public interface Arrivals {
    Arrivals NONE = (id, bytes) -> {
    };

    /**
     * Called from the transfer's worker threads, once per object.
     *
     * @param bytes the object's bytes when the transfer held them in memory (small objects), or
     *              null: then they are only in the cache
     */
    void arrived(ObjectId id, byte[] bytes);
}
