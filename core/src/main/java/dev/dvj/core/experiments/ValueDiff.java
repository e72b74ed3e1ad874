package dev.dvj.core.experiments;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Compares two revisions' params or metrics key by key. */
public final class ValueDiff {
    private ValueDiff() {
    }

    /**
     * One key's values at both revisions.
     *
     * @param old   the value at the first revision, or null when it had none
     * @param now   the value at the second revision, or null when it has none
     * @param delta {@code now - old} when both are numbers, exact in decimal (0.3 - 0.1 is 0.2)
     */
    public record Change(String file, String key, Object old, Object now, BigDecimal delta) {
        public boolean changed() {
            return !Objects.equals(old, now);
        }
    }

    /** Every key of either side, sorted by file then key; with {@code all} false, changed ones only. */
    public static List<Change> between(Map<String, Map<String, Object>> a, Map<String, Map<String, Object>> b, boolean all) {
        List<Change> changes = new ArrayList<>();
        TreeSet<String> files = new TreeSet<>(a.keySet());
        files.addAll(b.keySet());
        for (String file : files) {
            Map<String, Object> before = a.getOrDefault(file, Map.of());
            Map<String, Object> after = b.getOrDefault(file, Map.of());
            TreeSet<String> keys = new TreeSet<>(before.keySet());
            keys.addAll(after.keySet());
            for (String key : keys) {
                Change change = new Change(file, key, before.get(key), after.get(key), delta(before.get(key), after.get(key)));
                if (all || change.changed()) {
                    changes.add(change);
                }
            }
        }
        return changes;
    }

    private static BigDecimal delta(Object old, Object now) {
        if (!(old instanceof Number) || !(now instanceof Number) || old instanceof Boolean || now instanceof Boolean) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(now.toString()).subtract(new BigDecimal(old.toString()));
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null; // NaN or infinity: no meaningful difference
        }
    }
}
