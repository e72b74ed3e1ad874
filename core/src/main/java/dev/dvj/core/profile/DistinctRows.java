package dev.dvj.core.profile;

import java.util.Arrays;

/**
 * Counts duplicate rows by their hashes: each row's hash is appended to a growing long array, and
 * the array is sorted once at the end, where equal neighbours are the duplicates.
 *
 * <p>Why not a hash set: a table of millions of rows makes its slots far bigger than the CPU's
 * caches, so every insert was a cache miss, a third of the profiling time of a 200 MB CSV.
 * Appending writes memory in order, and one sort of the array costs less than those misses.
 */
final class DistinctRows {
    private long[] hashes = new long[1 << 12];
    private int size;

    void add(long hash) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        hashes[size++] = hash;
    }

    /** How many rows repeat an earlier row's hash. Call once, after the last row. */
    long duplicates() {
        Arrays.parallelSort(hashes, 0, size); // on every core: millions of rows take a while to sort
        long duplicates = 0;
        for (int i = 1; i < size; i++) {
            if (hashes[i] == hashes[i - 1]) {
                duplicates++;
            }
        }
        return duplicates;
    }
}
