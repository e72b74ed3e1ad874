package dev.dvj.core.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a table changed between two profiled versions: columns added, removed and retyped, the row
 * count, the completeness, the duplicate rows and, when both versions have statistics, the
 * columns that drifted.
 *
 * @param completenessBefore percent of cells present in the older version
 * @param drifted            the columns whose distribution moved past {@link #DRIFT_THRESHOLD}
 *                           (empty when a version has no statistics)
 */
public record SchemaChange(List<Profile.Column> added, List<String> removed, List<Retyped> retyped, long rowsDelta,
                           double completenessBefore, double completenessAfter, long duplicatesBefore,
                           long duplicatesAfter, List<Drift.ColumnDrift> drifted) {

    /** The distance past which {@code dvj log} names a column as drifted (as {@code dvj drift}'s default). */
    public static final double DRIFT_THRESHOLD = 0.1;

    public record Retyped(String column, String from, String to) {
    }

    public boolean schemaChanged() {
        return !added.isEmpty() || !removed.isEmpty() || !retyped.isEmpty();
    }

    /** The change from {@code before} to {@code after}; null unless both are profiled. */
    public static SchemaChange between(Profile before, Profile after) {
        return between(before, after, null, null);
    }

    /** The same, with the columns that drifted when both versions have statistics. */
    public static SchemaChange between(Profile before, Profile after, TableStatistics statisticsBefore,
                                       TableStatistics statisticsAfter) {
        if (before == null || after == null) {
            return null;
        }
        List<Profile.Column> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<Retyped> retyped = new ArrayList<>();
        Map<String, Profile.Column> old = new LinkedHashMap<>();
        before.schema().forEach(c -> old.put(c.name(), c));
        for (Profile.Column column : after.schema()) {
            Profile.Column was = old.remove(column.name());
            if (was == null) {
                added.add(column);
            } else if (was.type() != column.type()) {
                retyped.add(new Retyped(column.name(), was.type().id(), column.type().id()));
            }
        }
        removed.addAll(old.keySet());
        List<Drift.ColumnDrift> drifted = new ArrayList<>();
        if (statisticsBefore != null && statisticsAfter != null) {
            for (Drift.ColumnDrift column : Drift.between(statisticsBefore, statisticsAfter, DRIFT_THRESHOLD, Map.of(), false)) {
                // Added and removed columns are named above; here, columns in both that moved.
                if (column.drifted() && column.distance() != null) {
                    drifted.add(column);
                }
            }
        }
        return new SchemaChange(added, removed, retyped, after.rows() - before.rows(), before.completeness(),
                after.completeness(), before.duplicateRows(), after.duplicateRows(), List.copyOf(drifted));
    }
}
