package dev.dvj.core.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts duplicate rows by their hashes: each row's hash is appended to a growing long array; a
 * part of a table sorts its own array when it is done ({@link #sorted}, on that part's thread),
 * and the parts' sorted runs are merged once at the end, where equal neighbours are the
 * duplicates.
 *
 * <p>Why not a hash set: a table of millions of rows makes its slots far bigger than the CPU's
 * caches, so every insert was a cache miss, a third of the profiling time of a 200 MB CSV.
 * Appending writes memory in order, and sorting costs less than those misses.
 */
final class DistinctRows {
    private long[] hashes = new long[1 << 12];
    private int size;
    /** Sorted runs of hashes taken from finished parts, in {@link #addAll}. */
    private final List<long[]> runs = new ArrayList<>();

    void add(long hash) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        hashes[size++] = hash;
    }

    /** This part's hashes, sorted: call once, when the part has no more rows. */
    DistinctRows sorted() {
        hashes = Arrays.copyOf(hashes, size);
        Arrays.sort(hashes);
        return this;
    }

    /** Takes another part's sorted hashes (see {@link #sorted}). */
    void addAll(DistinctRows sortedPart) {
        runs.add(sortedPart.hashes.length == sortedPart.size ? sortedPart.hashes
                : Arrays.copyOf(sortedPart.hashes, sortedPart.size));
    }

    /** How many rows repeat an earlier row's hash. Call once, after the last row. */
    long duplicates() {
        if (size > 0) {
            addAll(sorted());
            size = 0;
        }
        long duplicates = 0;
        // A k-way merge of the sorted runs: a row is a duplicate when it equals the one before.
        int[] next = new int[runs.size()];
        boolean first = true;
        long previous = 0;
        while (true) {
            int smallest = -1;
            for (int r = 0; r < runs.size(); r++) {
                if (next[r] < runs.get(r).length
                        && (smallest < 0 || runs.get(r)[next[r]] < runs.get(smallest)[next[smallest]])) {
                    smallest = r;
                }
            }
            if (smallest < 0) {
                return duplicates;
            }
            long hash = runs.get(smallest)[next[smallest]++];
            if (!first && hash == previous) {
                duplicates++;
            }
            first = false;
            previous = hash;
        }
    }
}
