package dev.dvj.core.odb;

import java.io.IOException;
import java.io.InputStream;

/**
 * Consumes an object's bytes as a database sends them. It may be called again from the start with a
 * fresh stream when the first one failed mid-body (a connection reset), so it must not keep
 * anything from a failed call: the cache's insert writes a new temp file each time.
 */
@FunctionalInterface
public interface BodyReader<T> {
    T read(InputStream body) throws IOException;
}
