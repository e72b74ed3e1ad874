package dev.dvj.remote;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.ObjectId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
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

    /** Every object the remote holds with its size, in as few requests as the medium allows. */
    Map<ObjectId, StoredObject> list() throws IOException;

    /** The object's size and time, without its bytes; empty when the remote does not have it. */
    Optional<StoredObject> stat(ObjectId id) throws IOException;

    /**
     * Passes the object's bytes to {@code reader} and returns what it returns; empty when the
     * remote does not have the object. Where the medium can fail mid-body (a network), a failed
     * read of the body is retried with a fresh stream under the medium's retry policy, so the
     * reader may run more than once; its own failures (a full disk, a corrupt object) are not.
     */
    <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException;

    /**
     * Stores a cached object's bytes; an object is visible only once complete. Replaces an object
     * already there: push calls this only for objects the remote lacks or holds damaged.
     */
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

    /** A remote error (exit code 5) that names this remote, where it is, and what failed. */
    default DvjException error(String what, IOException cause) {
        return new DvjException(ErrorKind.REMOTE, "remote '" + name() + "' (" + url() + "): " + what + ": "
                + cause.getMessage(), cause);
    }

    @Override
    void close();
}
