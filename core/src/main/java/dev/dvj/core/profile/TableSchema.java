package dev.dvj.core.profile;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.YamlNode;
import dev.dvj.core.io.YamlStreams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a version of a table is expected to be, as TFDV's schema says it: its columns, each with a
 * type, whether it must always have a value, a range, the allowed values, the share of values
 * that may be missing, uniqueness; and how many duplicate rows the table may have. Inferred from a
 * version ({@link #infer}), edited by hand as YAML, and checked against other versions
 * ({@link Validation}).
 *
 * <pre>
 * columns:
 *   species:
 *     type: string
 *     required: true
 *     values: [Adelie, Chinstrap, Gentoo]
 *   body_mass_g:
 *     type: integer
 *     min: 2700
 *     max: 6300
 *     max_missing: 0.01
 * max_duplicate_rows: 0
 * </pre>
 *
 * @param maxDuplicateRows null: any number
 */
public record TableSchema(Map<String, Column> columns, Long maxDuplicateRows) {

    /**
     * @param type       the column's type; a value of a narrower type fits (an integer is a float, anything is a string)
     * @param required   every row has a value
     * @param min        numeric columns: the smallest value allowed, or null
     * @param max        numeric columns: the largest value allowed, or null
     * @param values     categorical columns: the values allowed, or null for any
     * @param maxMissing the share of rows (0 to 1) that may lack a value, or null for any
     * @param unique     no value repeats
     * @param line       where the column is declared in its file (0 when inferred)
     */
    public record Column(ColumnType type, boolean required, Double min, Double max, List<String> values, Double maxMissing,
                         boolean unique, int line) {
    }

    /** Categorical columns with at most this many distinct values get an allowed list when inferred. */
    static final int MAX_INFERRED_VALUES = 50;
    private static final Set<String> COLUMN_KEYS = Set.of("type", "required", "min", "max", "values", "max_missing", "unique");
    private static final Set<String> TABLE_KEYS = Set.of("columns", "max_duplicate_rows");

    /**
     * The schema one version satisfies, as tight as its figures: the types it has, required where
     * nothing is missing, its numeric range, its values when there are few, its missing share,
     * unique where no value repeats, and its duplicate count.
     */
    public static TableSchema infer(Profile profile, TableStatistics statistics) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Profile.Column column : profile.schema()) {
            Profile.ColumnQuality quality = profile.columns().get(column.name());
            ColumnStatistics stats = statistics == null ? null : statistics.columns().get(column.name());
            long missing = quality == null ? 0 : quality.missing();
            Double min = null;
            Double max = null;
            List<String> values = null;
            boolean unique = false;
            if (stats != null && stats.isNumeric()) {
                min = stats.min();
                max = stats.max();
            } else if (stats != null && stats.distinctExact() && stats.distinct() != null) {
                if (stats.distinct() <= MAX_INFERRED_VALUES) {
                    values = new ArrayList<>(new java.util.TreeSet<>(stats.counts().keySet()));
                }
                unique = stats.present() > 1 && stats.distinct() == stats.present();
            }
            double missingShare = profile.rows() == 0 ? 0 : missing / (double) profile.rows();
            columns.put(column.name(), new Column(column.type(), missing == 0, min, max, values,
                    missing == 0 ? null : roundUp(missingShare), unique, 0));
        }
        return new TableSchema(columns, profile.duplicateRows());
    }

    /** A share rounded up to 4 decimals, so the version it came from passes. */
    private static double roundUp(double share) {
        return Math.ceil(share * 10_000) / 10_000;
    }

    /** The schema as editable YAML, with a comment saying where it came from. */
    public byte[] toYaml(String comment) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> columnsYaml = new LinkedHashMap<>();
        columns.forEach((name, column) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", column.type().id());
            c.put("required", column.required());
            if (column.min() != null) {
                c.put("min", plain(column.min()));
            }
            if (column.max() != null) {
                c.put("max", plain(column.max()));
            }
            if (column.values() != null) {
                c.put("values", column.values());
            }
            if (column.maxMissing() != null) {
                c.put("max_missing", column.maxMissing());
            }
            if (column.unique()) {
                c.put("unique", true);
            }
            columnsYaml.put(name, c);
        });
        root.put("columns", columnsYaml);
        if (maxDuplicateRows != null) {
            root.put("max_duplicate_rows", maxDuplicateRows);
        }
        try {
            String body = new String(YamlStreams.write(root), StandardCharsets.UTF_8);
            return (comment == null ? body : "# " + comment + "\n" + body).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whole numbers as longs, so an integer column's range reads as integers. */
    private static Object plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
    }

    /** Reads a schema file; unknown keys and bad values are refused naming the file and line. */
    public static TableSchema parse(byte[] bytes, String file) {
        YamlNode root = YamlNode.parse(bytes, file);
        Map<String, YamlNode> top = root.asMap();
        if (top == null) {
            throw DvjException.invalid(file + ":" + root.line() + ": a schema is a mapping with 'columns'");
        }
        requireKnown(top, TABLE_KEYS, file, "");
        YamlNode columnsNode = top.get("columns");
        if (columnsNode == null || columnsNode.asMap() == null) {
            throw DvjException.invalid(file + ":" + root.line() + ": 'columns' must map each column's name to its expectations");
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> entry : columnsNode.asMap().entrySet()) {
            columns.put(entry.getKey(), column(entry.getKey(), entry.getValue(), file));
        }
        YamlNode duplicates = top.get("max_duplicate_rows");
        Long maxDuplicates = duplicates == null ? null : wholeNumber(duplicates, file, "max_duplicate_rows");
        return new TableSchema(columns, maxDuplicates);
    }

    private static Column column(String name, YamlNode node, String file) {
        Map<String, YamlNode> keys = node.asMap();
        String where = "columns." + name;
        if (keys == null) {
            throw DvjException.invalid(file + ":" + node.line() + ": " + where + " must be a mapping (type, required, ...)");
        }
        requireKnown(keys, COLUMN_KEYS, file, where + ".");
        ColumnType type = ColumnType.STRING;
        if (keys.containsKey("type")) {
            try {
                type = ColumnType.parse(String.valueOf(keys.get("type").value()));
            } catch (IllegalArgumentException e) {
                throw DvjException.invalid(file + ":" + keys.get("type").line() + ": " + where + ".type: '"
                        + keys.get("type").value() + "' is not a type (integer, float, boolean, datetime or string)");
            }
        }
        List<String> values = null;
        if (keys.containsKey("values")) {
            YamlNode list = keys.get("values");
            if (list.asList() == null) {
                throw DvjException.invalid(file + ":" + list.line() + ": " + where + ".values must be a list");
            }
            values = new ArrayList<>();
            for (YamlNode value : list.asList()) {
                values.add(String.valueOf(value.value()));
            }
        }
        Double maxMissing = number(keys.get("max_missing"), file, where + ".max_missing");
        if (maxMissing != null && (maxMissing < 0 || maxMissing > 1)) {
            throw DvjException.invalid(file + ":" + keys.get("max_missing").line() + ": " + where
                    + ".max_missing is a share of rows, between 0 and 1");
        }
        Double min = number(keys.get("min"), file, where + ".min");
        Double max = number(keys.get("max"), file, where + ".max");
        if (min != null && max != null && min > max) {
            throw DvjException.invalid(file + ":" + keys.get("min").line() + ": " + where + ": min is above max");
        }
        return new Column(type, bool(keys.get("required"), file, where + ".required"), min, max, values, maxMissing,
                bool(keys.get("unique"), file, where + ".unique"), node.line());
    }

    private static void requireKnown(Map<String, YamlNode> keys, Set<String> known, String file, String prefix) {
        for (Map.Entry<String, YamlNode> key : keys.entrySet()) {
            if (!known.contains(key.getKey())) {
                throw DvjException.invalid(file + ":" + key.getValue().line() + ": unknown key '" + prefix + key.getKey()
                        + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static Double number(YamlNode node, String file, String where) {
        if (node == null) {
            return null;
        }
        if (!(node.value() instanceof Number n)) {
            throw DvjException.invalid(file + ":" + node.line() + ": " + where + ": '" + node.value() + "' is not a number");
        }
        return n.doubleValue();
    }

    private static Long wholeNumber(YamlNode node, String file, String where) {
        if (!(node.value() instanceof Long n) || n < 0) {
            throw DvjException.invalid(file + ":" + node.line() + ": " + where + ": '" + node.value()
                    + "' is not a whole number of rows");
        }
        return n;
    }

    private static boolean bool(YamlNode node, String file, String where) {
        if (node == null) {
            return false;
        }
        if (!(node.value() instanceof Boolean b)) {
            throw DvjException.invalid(file + ":" + node.line() + ": " + where + ": '" + node.value()
                    + "' is not true or false");
        }
        return b;
    }
}
