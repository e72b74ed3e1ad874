package dev.dvj.core.store;

import dev.dvj.core.hash.ObjectId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A content-addressed store of immutable objects. Inserting computes (or verifies) the id from the
 * bytes themselves; an object, once present, is never overwritten.
 */
public interface ObjectStore {

    boolean has(ObjectId id);

    /** Opens an object for reading; a missing object is a {@link dev.dvj.core.DvjException} of kind DATA. */
    InputStream open(ObjectId id) throws IOException;

    /** Copies a file in, hashing it on the same pass, and returns its id. */
    ObjectId insert(Path source) throws IOException;

    /** Stores bytes held in memory (directory manifests) under the id of those bytes. */
    ObjectId insert(byte[] bytes, boolean directory) throws IOException;

    /**
     * Stores a stream whose id is already known (a download), refusing it when the bytes do not hash
     * to {@code expected}. Nothing is left behind on refusal. It does not check {@link #has} first
     * (callers have, usually for many objects at once); an object that turns up meanwhile is kept
     * and the stream's copy dropped. Returns the number of bytes read.
     */
    long insert(InputStream in, ObjectId expected) throws IOException;

    /** The same for bytes already read into memory (a small download), so they can be used again. */
    void insert(byte[] bytes, ObjectId expected) throws IOException;
}
