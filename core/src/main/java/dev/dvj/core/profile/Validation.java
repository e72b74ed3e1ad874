package dev.dvj.core.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a version of a table against its {@link TableSchema} from the version's profile (no
 * second read of the data) and lists what does not fit, in TFDV's terms.
 */
public final class Validation {
    private Validation() {
    }

    public enum Kind {
        MISSING_COLUMN, UNEXPECTED_COLUMN, WRONG_TYPE, OUT_OF_RANGE, NEW_VALUE, MISSING_VALUES, TOO_MANY_MISSING,
        NOT_UNIQUE, DUPLICATE_ROWS
    }

    /**
     * One way the version does not fit.
     *
     * @param column the column, or null for the table
     * @param line   the schema line of the column's declaration (0 when none)
     */
    public record Anomaly(String column, Kind kind, String description, int line) {
    }

    public static List<Anomaly> check(TableSchema schema, Profile profile, TableStatistics statistics) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, Profile.ColumnQuality> quality = profile.columns();
        Set<String> present = new LinkedHashSet<>();
        profile.schema().forEach(c -> present.add(c.name()));
        for (Map.Entry<String, TableSchema.Column> entry : schema.columns().entrySet()) {
            String name = entry.getKey();
            TableSchema.Column expected = entry.getValue();
            if (!present.contains(name)) {
                anomalies.add(new Anomaly(name, Kind.MISSING_COLUMN, "the column is missing", expected.line()));
                continue;
            }
            ColumnType actual = profile.schema().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().type();
            if (!fits(actual, expected.type())) {
                anomalies.add(new Anomaly(name, Kind.WRONG_TYPE, "values are " + actual.id() + ", expected " + expected.type().id(),
                        expected.line()));
            }
            long missing = quality.get(name) == null ? 0 : quality.get(name).missing();
            if (expected.required() && missing > 0) {
                anomalies.add(new Anomaly(name, Kind.MISSING_VALUES, missing + " row(s) lack a value, and it is required",
                        expected.line()));
            }
            double missingShare = profile.rows() == 0 ? 0 : missing / (double) profile.rows();
            if (expected.maxMissing() != null && missingShare > expected.maxMissing()) {
                anomalies.add(new Anomaly(name, Kind.TOO_MANY_MISSING, String.format(java.util.Locale.ROOT,
                        "%.2f%% of rows lack a value, at most %.2f%% allowed", missingShare * 100, expected.maxMissing() * 100),
                        expected.line()));
            }
            ColumnStatistics stats = statistics == null ? null : statistics.columns().get(name);
            if (stats != null) {
                checkValues(name, expected, stats, anomalies);
            }
        }
        for (String name : present) {
            if (!schema.columns().containsKey(name)) {
                anomalies.add(new Anomaly(name, Kind.UNEXPECTED_COLUMN, "the schema has no such column", 0));
            }
        }
        if (schema.maxDuplicateRows() != null && profile.duplicateRows() > schema.maxDuplicateRows()) {
            anomalies.add(new Anomaly(null, Kind.DUPLICATE_ROWS, profile.duplicateRows() + " duplicate row(s), at most "
                    + schema.maxDuplicateRows() + " allowed", 0));
        }
        return anomalies;
    }

    private static void checkValues(String name, TableSchema.Column expected, ColumnStatistics stats, List<Anomaly> anomalies) {
        if (stats.isNumeric() && stats.min() != null) {
            if (expected.min() != null && stats.min() < expected.min()) {
                anomalies.add(new Anomaly(name, Kind.OUT_OF_RANGE, "the smallest value is " + number(stats.min())
                        + ", below the minimum " + number(expected.min()), expected.line()));
            }
            if (expected.max() != null && stats.max() > expected.max()) {
                anomalies.add(new Anomaly(name, Kind.OUT_OF_RANGE, "the largest value is " + number(stats.max())
                        + ", above the maximum " + number(expected.max()), expected.line()));
            }
        }
        if (expected.values() != null && !stats.isNumeric()) {
            Set<String> allowed = Set.copyOf(expected.values());
            List<String> unexpected = new ArrayList<>();
            Map<String, Long> counts = stats.distinctExact() ? stats.counts() : null;
            if (counts != null) {
                counts.forEach((value, count) -> {
                    if (!allowed.contains(value)) {
                        unexpected.add("'" + value + "' (" + count + ")");
                    }
                });
            } else {
                stats.top().stream().filter(f -> !allowed.contains(f.value()))
                        .forEach(f -> unexpected.add("'" + f.value() + "' (about " + f.count() + ")"));
            }
            if (!unexpected.isEmpty()) {
                anomalies.add(new Anomaly(name, Kind.NEW_VALUE, "values not in the schema: "
                        + String.join(", ", unexpected.subList(0, Math.min(10, unexpected.size())))
                        + (unexpected.size() > 10 ? " and " + (unexpected.size() - 10) + " more" : ""), expected.line()));
            }
        }
        if (expected.unique() && !stats.isNumeric() && stats.distinct() != null && stats.distinctExact()
                && stats.distinct() < stats.present()) {
            anomalies.add(new Anomaly(name, Kind.NOT_UNIQUE, (stats.present() - stats.distinct())
                    + " value(s) repeat an earlier one, and it must be unique", expected.line()));
        }
    }

    /** A value of the actual type fits the expected one: the same, an integer where a float is expected, anything as a string. */
    static boolean fits(ColumnType actual, ColumnType expected) {
        return actual == expected || expected == ColumnType.STRING || (expected == ColumnType.FLOAT && actual == ColumnType.INTEGER);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
