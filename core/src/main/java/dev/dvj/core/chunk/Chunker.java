package dev.dvj.core.chunk;

import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into content-defined chunks of {@value #MIN_SIZE} to {@value #MAX_SIZE}
 * bytes, {@value #AVERAGE_SIZE} on average: FastCDC (Xia et al., USENIX ATC 2016) with
 * normalized chunking at level 2. A rolling gear hash {@code h = (h << 1) + GEAR[byte]} is kept
 * from the chunk's {@value #MIN_SIZE}th byte on; the chunk ends after the first byte where the
 * hash's top 18 bits are all zero (before the chunk reaches the average size) or its top 14 bits
 * (after), and at {@value #MAX_SIZE} bytes at the latest. The top bits mix the last 64 bytes, so a
 * cut depends only on the bytes just before it: a change moves the cuts around it, and the chunks
 * elsewhere keep their bytes and ids.
 *
 * <p>Each chunk is named by the SHA-256 of its bytes, as any object is.
 */
public final class Chunker {
    public static final int MIN_SIZE = 16 << 10;
    public static final int AVERAGE_SIZE = 64 << 10;
    public static final int MAX_SIZE = 256 << 10;
    /** 16 bits for the average, two more before it and two fewer after (normalization level 2). */
    private static final long MASK_BEFORE_AVERAGE = topBits(18);
    private static final long MASK_AFTER_AVERAGE = topBits(14);
    private static final long[] GEAR = gearTable();
    private static final int BUFFER = 4 << 20;

    private Chunker() {
    }

    /** One chunk: where it starts in the file, how long it is, and its id. */
    public record Chunk(long offset, int length, ObjectId id) {
    }

    private static long topBits(int count) {
        return -1L << (64 - count);
    }

    /**
     * The gear table: 256 values of SplitMix64 from the state {@code 0x64766a2d63646331}
     * ("dvj-cdc1"). Part of the format: other values would cut other chunks.
     */
    static long[] gearTable() {
        long[] table = new long[256];
        long state = 0x64766a2d63646331L;
        for (int i = 0; i < table.length; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            table[i] = z ^ (z >>> 31);
        }
        return table;
    }

    /**
     * The length of the chunk that starts at {@code start}, given the bytes up to {@code end}
     * (all that is left of the stream, or at least {@value #MAX_SIZE} bytes).
     */
    static int cut(byte[] bytes, int start, int end) {
        int left = end - start;
        if (left <= MIN_SIZE) {
            return left;
        }
        int limit = Math.min(left, MAX_SIZE);
        int normal = Math.min(limit, AVERAGE_SIZE);
        long hash = 0;
        int i = MIN_SIZE;
        for (; i < normal; i++) {
            hash = (hash << 1) + GEAR[bytes[start + i] & 0xff];
            if ((hash & MASK_BEFORE_AVERAGE) == 0) {
                return i + 1;
            }
        }
        for (; i < limit; i++) {
            hash = (hash << 1) + GEAR[bytes[start + i] & 0xff];
            if ((hash & MASK_AFTER_AVERAGE) == 0) {
                return i + 1;
            }
        }
        return limit;
    }

    /** The chunks of a stream, in order, each with the SHA-256 of its bytes. Reads it to its end. */
    public static List<Chunk> chunks(InputStream in) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        chunks(in, (chunk, bytes, start) -> chunks.add(chunk));
        return chunks;
    }

    /** Receives each chunk as it is cut, with its bytes: {@code bytes[start, start + chunk.length())}, valid only during the call. */
    @FunctionalInterface
    public interface Sink {
        void accept(Chunk chunk, byte[] bytes, int start) throws IOException;
    }

    /**
     * Cuts a stream into chunks, in order, passing each to {@code sink} with the SHA-256 of its
     * bytes and the bytes themselves (so a store writes exactly the bytes it hashed, in one read).
     */
    public static void chunks(InputStream in, Sink sink) throws IOException {
        MessageDigest digest = HashAlgorithm.SHA256.newDigest();
        cuts(in, (offset, bytes, start, length) -> {
            digest.update(bytes, start, length);
            sink.accept(new Chunk(offset, length, ObjectId.ofDigest(digest.digest(), false)), bytes, start);
        });
    }

    /** Receives each cut, unhashed: the chunk at {@code offset} is {@code bytes[start, start + length)}, valid only during the call. */
    @FunctionalInterface
    public interface CutSink {
        void accept(long offset, byte[] bytes, int start, int length) throws IOException;
    }

    /**
     * Cuts a stream into chunks, in order, without hashing them: for a caller that hashes them
     * elsewhere (on another thread, while this one reads on).
     */
    public static void cuts(InputStream in, CutSink sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int filled = 0;
        long offset = 0;
        boolean ended = false;
        while (true) {
            while (!ended && filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    ended = true;
                } else {
                    filled += n;
                }
            }
            int start = 0;
            // Cut while a whole chunk's worth is in hand (or the stream has ended).
            while (start < filled && (ended || filled - start >= MAX_SIZE)) {
                int length = cut(buffer, start, filled);
                sink.accept(offset, buffer, start, length);
                offset += length;
                start += length;
            }
            if (ended && start >= filled) {
                return;
            }
            System.arraycopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
        }
    }
}
