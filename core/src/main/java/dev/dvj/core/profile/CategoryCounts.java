package dev.dvj.core.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * Exact counts of a column's distinct values, keyed by their bytes: a cell read from a file's
 * buffer is counted without making a String of it (one is made when a value is first seen).
 * Open addressing with linear probing, kept at most half full.
 */
final class CategoryCounts {
    private byte[][] keys = new byte[64][];
    private long[] hashes = new long[64];
    private String[] values = new String[64];
    private long[] counts = new long[64];
    private int size;

    int size() {
        return size;
    }

    /** Counts the ASCII cell {@code bytes[from, to)}, whose {@link RowHash#cell} is {@code hash}. */
    void add(byte[] bytes, int from, int to, long hash) {
        int slot = find(bytes, from, to, hash);
        if (keys[slot] == null) {
            insert(slot, Arrays.copyOfRange(bytes, from, to), hash,
                    new String(bytes, from, to - from, StandardCharsets.ISO_8859_1), 1);
        } else {
            counts[slot]++;
        }
    }

    /** Counts a value given as text. */
    void add(String value) {
        add(value, 1);
    }

    private void add(String value, long count) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long hash = RowHash.cell(bytes, 0, bytes.length);
        int slot = find(bytes, 0, bytes.length, hash);
        if (keys[slot] == null) {
            insert(slot, bytes, hash, value, count);
        } else {
            counts[slot] += count;
        }
    }

    /** Whether the value has been counted. */
    boolean contains(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return keys[find(bytes, 0, bytes.length, RowHash.cell(bytes, 0, bytes.length))] != null;
    }

    /** Adds every count of another column's counts. */
    void addAll(CategoryCounts other) {
        other.forEach(this::add);
    }

    /** Each value with its count, in no particular order. */
    void forEach(ObjLongConsumer<String> action) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != null) {
                action.accept(values[slot], counts[slot]);
            }
        }
    }

    /** The slot holding these bytes, or the empty slot where they belong. */
    private int find(byte[] bytes, int from, int to, long hash) {
        int mask = keys.length - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null || (hashes[slot] == hash && Arrays.equals(key, 0, key.length, bytes, from, to))) {
                return slot;
            }
        }
    }

    private void insert(int slot, byte[] key, long hash, String value, long count) {
        keys[slot] = key;
        hashes[slot] = hash;
        values[slot] = value;
        counts[slot] = count;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        long[] oldHashes = hashes;
        String[] oldValues = values;
        long[] oldCounts = counts;
        int capacity = oldKeys.length * 2;
        keys = new byte[capacity][];
        hashes = new long[capacity];
        values = new String[capacity];
        counts = new long[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = (int) oldHashes[i] & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
