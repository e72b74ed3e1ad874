package dev.dvj.core.profile;

/**
 * The set of row hashes seen so far, to count duplicate rows: open addressing over a long array,
 * 8 bytes a row instead of the ~50 a {@code HashSet<Long>} spends on boxes and entries (a 200 MB
 * table has millions of rows, and the boxing was a fifth of the profiling time).
 */
final class DistinctRows {
    private long[] slots = new long[1 << 12];
    private int size;
    private boolean hasZero; // 0 marks an empty slot, so the hash 0 is kept aside

    /** Adds a row's hash; false when an earlier row had the same one (a duplicate). */
    boolean add(long hash) {
        if (hash == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if (size * 2 >= slots.length) {
            grow();
        }
        if (!insert(slots, hash)) {
            return false;
        }
        size++;
        return true;
    }

    private boolean insert(long[] table, long hash) {
        int mask = table.length - 1;
        int i = spread(hash) & mask;
        while (table[i] != 0) {
            if (table[i] == hash) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = hash;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long hash : old) {
            if (hash != 0) {
                insert(slots, hash);
            }
        }
    }

    private static int spread(long hash) {
        long h = hash * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
