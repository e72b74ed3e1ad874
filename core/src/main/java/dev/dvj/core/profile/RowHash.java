package dev.dvj.core.profile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * 64-bit hashes of cells and rows, to count duplicate rows and to find categories. A cell hashes
 * the UTF-8 bytes of its text, eight at a time; a row is the sum of its non-empty cells' hashes,
 * each multiplied by its column's own odd number, so the same row hashes the same whichever order a file
 * lists its columns in, and "a,,b" and "a,b," hash apart. Among three million rows, the chance
 * that two different rows share a hash is about 2 in 10^7 (n^2 / 2^65).
 */
final class RowHash {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long MULTIPLIER = 0xC2B2AE3D27D4EB4FL;

    private RowHash() {
    }

    /** The hash of the cell {@code bytes[from, to)}. */
    static long cell(byte[] bytes, int from, int to) {
        long hash = (to - from) * GOLDEN;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            hash = Long.rotateLeft(hash ^ ((long) LONGS.get(bytes, i) * MULTIPLIER), 31) * GOLDEN;
        }
        if (i < to) {
            int rest = to - i;
            long last;
            if (to >= 8) {
                // The word that ends with the cell, its bytes before the rest shifted out: one
                // load instead of up to seven (a cell inside a file's buffer nearly always has one).
                last = (long) LONGS.get(bytes, to - 8) >>> ((8 - rest) << 3);
            } else {
                last = 0;
                for (int shift = 0; i < to; i++, shift += 8) {
                    last |= (bytes[i] & 0xFFL) << shift;
                }
            }
            hash = Long.rotateLeft(hash ^ (last * MULTIPLIER), 31) * GOLDEN;
        }
        return mix(hash);
    }

    /** The hash of a cell given as text: that of its UTF-8 bytes. */
    static long cell(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return cell(bytes, 0, bytes.length);
    }

    /**
     * What a non-empty cell of this hash adds to its row's hash in this column: the hash times an
     * odd number of the column's own, so rows with the same values in swapped columns hash apart.
     */
    static long inColumn(long cellHash, int column) {
        return cellHash * (GOLDEN * (2L * column + 1));
    }

    /** MurmurHash3's 64-bit finaliser: every bit of the input moves about half of the output's. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
