package dev.dvj.remote;

import dev.dvj.core.hash.ObjectId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A place objects are shared through, laid out like the cache
 * ({@code <prefix>/sha256/<2 hex>/<62 hex>[.dir]}). Every implementation shares one status and one
 * transfer code path ({@link Transfer}); none ever exposes a partly written object.
 */
public interface Remote extends AutoCloseable {

    /** The remote's name in the configuration, e.g. {@code origin}. */
    String name();

    /** Where it is, as configured; never holds credentials. */
    String url();

    /** Every object the remote holds, in as few requests as the medium allows. */
    Set<ObjectId> list() throws IOException;

    boolean has(ObjectId id) throws IOException;

    /** Opens an object for reading; empty when the remote does not have it. */
    Optional<InputStream> open(ObjectId id) throws IOException;

    /** Stores a cached object's bytes; an object is visible only once complete. */
    void put(ObjectId id, Path cachedFile) throws IOException;

    /** Deletes an object; false when it was not there. */
    boolean delete(ObjectId id) throws IOException;

    /**
     * Keys of the run-cache entries the remote holds, stored beside the objects as
     * {@code <prefix>/runs/<2 hex>/<62 hex>} (see {@code RunCache}).
     */
    Set<String> listRuns() throws IOException;

    /** A run-cache entry's bytes; empty when the remote does not have it. */
    Optional<byte[]> readRun(String key) throws IOException;

    /** Stores a run-cache entry; like objects, visible only once complete. */
    void writeRun(String key, byte[] entry) throws IOException;

    /**
     * Removes what transfers killed mid-way left behind, where the store can hold such leftovers
     * (S3 shows an object only once it is complete, so by default there is nothing to do).
     *
     * @return how many leftovers were removed
     */
    default int clearLeftovers() throws IOException {
        return 0;
    }

    @Override
    void close();
}
