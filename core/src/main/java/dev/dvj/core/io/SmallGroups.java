package dev.dvj.core.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Groups values by key where nearly every group holds one value (files by object: few files share
 * content). A group starts as an immutable one-element list (one small object, no array) and
 * becomes an ArrayList only when a second value joins: with a million files, one ArrayList and
 * its array per object made the two indexes of a pull hold about 260 MB more.
 */
public final class SmallGroups {
    private SmallGroups() {
    }

    public static <K, V> void add(Map<K, List<V>> groups, K key, V value) {
        List<V> known = groups.putIfAbsent(key, List.of(value));
        if (known == null) {
            return;
        }
        if (known instanceof ArrayList<V> growing) {
            growing.add(value);
            return;
        }
        List<V> grown = new ArrayList<>(known.size() + 4);
        grown.addAll(known);
        grown.add(value);
        groups.put(key, grown);
    }
}
