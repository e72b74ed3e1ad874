package dev.dvj.core.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts duplicate rows by their 64-bit hashes ({@link RowHash}). Each part of a table appends
 * its rows' hashes to a growing array, in order; {@link #duplicates} then spreads every part's
 * hashes into buckets by their top bits (a bucket holds about {@value #BUCKET_SIZE}) and counts
 * the repeats within each bucket with a small hash set that stays in the CPU's cache.
 *
 * <p>Why not one hash set, or sorting: a set of millions of rows is far bigger than the caches,
 * so every insert was a cache miss, a third of the profiling time of a 200 MB CSV; sorting
 * millions of hashes cost less, but still a tenth of it, and its JIT compilation as much again.
 * Bucketing reads and writes memory in order, twice.
 */
final class DistinctRows {
    private static final int BUCKET_SIZE = 1024;
    private long[] hashes = new long[1 << 12];
    private int size;
    /** Other parts' hashes, taken in {@link #addAll}. */
    private final List<long[]> parts = new ArrayList<>();
    private final List<Integer> partSizes = new ArrayList<>();

    void add(long hash) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        hashes[size++] = hash;
    }

    /** Takes another part's hashes (that part adds no more). */
    void addAll(DistinctRows part) {
        parts.add(part.hashes);
        partSizes.add(part.size);
    }

    /** How many rows repeat an earlier row's hash. Call once, after the last row. */
    long duplicates() {
        addAll(this);
        long total = 0;
        for (int size : partSizes) {
            total += size;
        }
        if (total < 2) {
            return 0;
        }
        int bucketBits = Math.max(0, 64 - Long.numberOfLeadingZeros((total - 1) / BUCKET_SIZE));
        int buckets = 1 << bucketBits;
        int[] starts = new int[buckets + 1];
        for (int p = 0; p < parts.size(); p++) {
            long[] part = parts.get(p);
            for (int i = 0, n = partSizes.get(p); i < n; i++) {
                starts[bucket(part[i], bucketBits) + 1]++;
            }
        }
        for (int b = 0; b < buckets; b++) {
            starts[b + 1] += starts[b];
        }
        long[] spread = new long[Math.toIntExact(total)];
        int[] next = Arrays.copyOf(starts, buckets);
        for (int p = 0; p < parts.size(); p++) {
            long[] part = parts.get(p);
            for (int i = 0, n = partSizes.get(p); i < n; i++) {
                long hash = part[i];
                spread[next[bucket(hash, bucketBits)]++] = hash;
            }
        }
        long duplicates = 0;
        long[] set = new long[16];
        for (int b = 0; b < buckets; b++) {
            int count = starts[b + 1] - starts[b];
            if (set.length < 2 * count) {
                set = new long[Integer.highestOneBit(Math.max(1, 2 * count - 1)) << 1];
            }
            duplicates += repeats(spread, starts[b], starts[b + 1], set);
        }
        return duplicates;
    }

    private static int bucket(long hash, int bucketBits) {
        return bucketBits == 0 ? 0 : (int) (hash >>> (64 - bucketBits));
    }

    /**
     * How many of {@code hashes[from, to)} repeat one before them, with {@code set} (a power of
     * two in size, at least twice the count) as an open-addressing set; zero marks an empty slot,
     * so the hash zero is counted apart.
     */
    private static long repeats(long[] hashes, int from, int to, long[] set) {
        Arrays.fill(set, 0);
        int mask = set.length - 1;
        long repeats = 0;
        boolean zeroSeen = false;
        for (int i = from; i < to; i++) {
            long hash = hashes[i];
            if (hash == 0) {
                repeats += zeroSeen ? 1 : 0;
                zeroSeen = true;
                continue;
            }
            int slot = (int) hash & mask;
            while (set[slot] != 0 && set[slot] != hash) {
                slot = (slot + 1) & mask;
            }
            if (set[slot] == hash) {
                repeats++;
            } else {
                set[slot] = hash;
            }
        }
        return repeats;
    }
}
