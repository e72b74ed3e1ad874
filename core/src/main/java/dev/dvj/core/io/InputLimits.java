package dev.dvj.core.io;

import dev.dvj.core.DvjException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Size limits on the files dvj parses whole, checked before parsing. The YAML library scans a long
 * token in time that grows with its length times the length read so far (its reader copies its
 * window at every 1,024 characters): a pointer with a 5 MB value took 26 s to refuse, and memory
 * grows with it. Real pointers, pipelines and params files are kilobytes, so anything far larger
 * is refused at once, naming the file and the limit.
 */
public final class InputLimits {
    /** Pointers, dvj.yaml, params and metrics files, configuration, run-cache entries: hand-sized files. */
    public static final int YAML_FILE = 1 << 20;
    /** dvj.lock, which dvj writes: a line or two per dep and output of every stage. */
    public static final int LOCK_FILE = 4 << 20;

    private InputLimits() {
    }

    /** Reads a file to be parsed whole, refusing it unread when it is over {@code limit} bytes. */
    public static byte[] read(Path file, int limit, String shown) throws IOException {
        long size = Files.size(file);
        if (size > limit) {
            throw tooLarge(shown, size, limit);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1); // the file may have grown since the stat
            require(bytes, limit, shown);
            return bytes;
        }
    }

    /** Refuses bytes (from Git, a remote) over {@code limit} before they are parsed. */
    public static void require(byte[] bytes, int limit, String shown) {
        if (bytes.length > limit) {
            throw tooLarge(shown, bytes.length, limit);
        }
    }

    private static DvjException tooLarge(String shown, long size, int limit) {
        return DvjException.invalid(shown + ": " + size + " bytes is more than dvj reads in such a file ("
                + (limit >> 20) + " MiB); is it the right file?");
    }
}
