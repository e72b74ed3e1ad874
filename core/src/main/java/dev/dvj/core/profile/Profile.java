package dev.dvj.core.profile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tabular file's schema and quality, as stored under the pointer's {@code meta}:
 *
 * <pre>
 * meta:
 *   schema:
 *   - {name: id, type: integer, nullable: false}
 *   quality:
 *     format: csv           # csv, tsv or jsonl
 *     rows: 1000            # data rows, header excluded
 *     malformed_rows: 0     # rows with the wrong number of fields, or lines that are not JSON objects
 *     duplicate_rows: 2
 *     completeness: 98.5    # % of cells present
 *     invalid: 0.2          # % of present cells that do not fit their column's type
 *     columns:
 *       id: {missing: 0, completeness: 100.0, invalid: 0}
 * </pre>
 */
public record Profile(String format, List<Column> schema, long rows, long malformedRows, long duplicateRows,
                      Map<String, ColumnQuality> columns) {

    public record Column(String name, ColumnType type, boolean nullable) {
    }

    public record ColumnQuality(long missing, long invalid) {
    }

    /** Percentage of cells present, to two decimals; 100 for an empty table. */
    public double completeness() {
        long cells = rows * schema.size();
        long missing = columns.values().stream().mapToLong(ColumnQuality::missing).sum();
        return percent(cells - missing, cells);
    }

    /** Percentage of present cells that do not fit their column's type, to two decimals. */
    public double invalidPercent() {
        long present = rows * schema.size() - columns.values().stream().mapToLong(ColumnQuality::missing).sum();
        long invalid = columns.values().stream().mapToLong(ColumnQuality::invalid).sum();
        return present == 0 ? 0 : percent(invalid, present);
    }

    static double percent(long part, long whole) {
        if (whole == 0) {
            return 100.0;
        }
        return BigDecimal.valueOf(part * 100.0 / whole).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** The {@code meta} entries for a pointer: {@code schema} and {@code quality}. */
    public Map<String, Object> toMeta() {
        List<Object> columnsMeta = new ArrayList<>();
        for (Column column : schema) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", column.name());
            c.put("type", column.type().id());
            c.put("nullable", column.nullable());
            columnsMeta.add(c);
        }
        Map<String, Object> perColumn = new LinkedHashMap<>();
        for (Column column : schema) {
            ColumnQuality q = columns.get(column.name());
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("missing", q.missing());
            c.put("completeness", percent(rows - q.missing(), rows));
            c.put("invalid", q.invalid());
            perColumn.put(column.name(), c);
        }
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("format", format);
        quality.put("rows", rows);
        quality.put("malformed_rows", malformedRows);
        quality.put("duplicate_rows", duplicateRows);
        quality.put("completeness", completeness());
        quality.put("invalid", invalidPercent());
        quality.put("columns", perColumn);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("schema", columnsMeta);
        meta.put("quality", quality);
        return meta;
    }

    /** Reads a profile back from pointer metadata; null when there is none or it is not one dvj wrote. */
    @SuppressWarnings("unchecked")
    public static Profile fromMeta(Map<String, Object> meta) {
        if (meta == null || !(meta.get("schema") instanceof List<?> schemaMeta) || !(meta.get("quality") instanceof Map<?, ?> q)) {
            return null;
        }
        try {
            List<Column> schema = new ArrayList<>();
            for (Object entry : schemaMeta) {
                Map<String, Object> c = (Map<String, Object>) entry;
                schema.add(new Column(String.valueOf(c.get("name")), ColumnType.parse(String.valueOf(c.get("type"))),
                        Boolean.TRUE.equals(c.get("nullable"))));
            }
            Map<String, ColumnQuality> columns = new LinkedHashMap<>();
            Map<String, Object> perColumn = (Map<String, Object>) q.get("columns");
            for (Column column : schema) {
                Map<String, Object> c = perColumn == null ? null : (Map<String, Object>) perColumn.get(column.name());
                columns.put(column.name(), new ColumnQuality(number(c, "missing"), number(c, "invalid")));
            }
            Map<String, Object> quality = (Map<String, Object>) q;
            return new Profile(String.valueOf(quality.get("format")), schema, number(quality, "rows"),
                    number(quality, "malformed_rows"), number(quality, "duplicate_rows"), columns);
        } catch (ClassCastException | IllegalArgumentException e) {
            return null; // hand-written or foreign metadata: shown as is, never trusted as a profile
        }
    }

    private static long number(Map<String, Object> map, String key) {
        return map != null && map.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
