package dev.dvj.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Profiles a CSV, TSV or JSON Lines file in one streaming pass: column names and inferred types,
 * missing and invalid counts per column, duplicate and malformed rows. Malformed rows are counted
 * and skipped, never fatal. Memory grows only with the number of rows (a hash of 8 bytes each, to
 * find duplicates), which the size cap ({@code profile.max_size}) bounds.
 */
public final class TableProfiler {
    /** Built on first use: asking a file's format (every add) must not build two Jackson mappers. */
    private static final class Mappers {
        static final CsvMapper CSV = new CsvMapper();
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private TableProfiler() {
    }

    /** The format for a file name, by extension: csv, tsv, jsonl; null for anything else. */
    public static String formatOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".tsv")) {
            return "tsv";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return "jsonl";
        }
        return null;
    }

    public static Profile profile(Path file, String format) throws IOException {
        return profileWith(file, format, false).profile();
    }

    /** A profile and, when asked, its column statistics (null otherwise), from one pass over the file. */
    public record Profiled(Profile profile, TableStatistics statistics) {
    }

    public static Profiled profileWith(Path file, String format, boolean statistics) throws IOException {
        return format.equals("jsonl") ? jsonLines(file, statistics)
                : delimited(file, format, format.equals("tsv") ? '\t' : ',', statistics);
    }

    /** The profile of several CSV or TSV files of one format read as one table, in the order given. */
    public static Profiled profileFiles(List<Path> files, String format, boolean statistics) throws IOException {
        if (format.equals("jsonl")) {
            throw new IllegalArgumentException("JSON Lines shards are profiled one file at a time");
        }
        return delimited(files, format, format.equals("tsv") ? '\t' : ',', statistics);
    }

    private static Reader reader(Path file) throws IOException {
        // Undecodable bytes become U+FFFD rather than an error: a profile must never fail an add.
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
    }

    private static Profiled delimited(Path file, String format, char separator, boolean statistics) throws IOException {
        return delimited(List.of(file), format, separator, statistics);
    }

    /**
     * One table from several files (a directory of shards), as if they were one file: columns
     * are matched by name, a column a file lacks counts as missing in that file's rows, and
     * duplicate rows are found across files.
     */
    private static Profiled delimited(List<Path> files, String format, char separator, boolean statistics)
            throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        List<ColumnStats> columns = new ArrayList<>();
        Map<String, Integer> byName = new LinkedHashMap<>();
        DistinctRows seen = new DistinctRows();
        long rows = 0;
        long malformed = 0;
        for (Path file : files) {
            try (Reader in = reader(file);
                 com.fasterxml.jackson.databind.MappingIterator<String[]> it = Mappers.CSV.readerFor(String[].class)
                         .with(schema).with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.SKIP_EMPTY_LINES)
                         .readValues(in)) {
                if (!it.hasNext()) {
                    continue;
                }
                int[] place = place(it.next(), columns, byName, rows, statistics);
                boolean allColumns = place.length == columns.size();
                String[] row = new String[columns.size()];
                while (true) {
                    String[] fields;
                    try {
                        if (!it.hasNextValue()) {
                            break;
                        }
                        fields = it.nextValue();
                    } catch (IOException | RuntimeException e) {
                        malformed++; // an unterminated quote ends the file as far as CSV can tell
                        break;
                    }
                    if (fields.length != place.length) {
                        malformed++;
                        continue;
                    }
                    rows++;
                    if (!allColumns) {
                        java.util.Arrays.fill(row, "");
                    }
                    for (int i = 0; i < fields.length; i++) {
                        row[place[i]] = fields[i];
                    }
                    long hash = RowHash.SEED;
                    for (int c = 0; c < row.length; c++) {
                        if (allColumns || present(place, c)) {
                            columns.get(c).addText(row[c]);
                        } else {
                            columns.get(c).addMissing();
                        }
                        // Empty cells are left out of the hash, so a row of a file that lacks a
                        // column equals the same row of a file where that column is empty.
                        if (!row[c].isEmpty()) {
                            hash = RowHash.add(RowHash.column(hash, c), row[c]);
                        }
                    }
                    seen.add(hash);
                }
            }
        }
        return result(format, columns, rows, malformed, seen.duplicates(), statistics);
    }

    /**
     * Where each of a file's columns goes in the table's columns, adding the names not seen yet (a
     * new column counts as missing in the rows read before it appeared). A name repeated within
     * one header stays a column of its own.
     */
    private static int[] place(String[] header, List<ColumnStats> columns, Map<String, Integer> byName, long rowsBefore,
                               boolean statistics) {
        int[] place = new int[header.length];
        Map<String, Integer> repeats = new java.util.HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i].strip();
            int occurrence = repeats.merge(name, 1, Integer::sum);
            String key = occurrence == 1 ? name : name + "\u0000" + occurrence;
            Integer at = byName.get(key);
            if (at == null) {
                ColumnStats column = new ColumnStats(name, statistics);
                column.missing += rowsBefore;
                at = columns.size();
                columns.add(column);
                byName.put(key, at);
            }
            place[i] = at;
        }
        return place;
    }

    private static boolean present(int[] place, int column) {
        for (int p : place) {
            if (p == column) {
                return true;
            }
        }
        return false;
    }

    private static Profiled jsonLines(Path file, boolean statistics) throws IOException {
        Map<String, ColumnStats> columns = new LinkedHashMap<>();
        DistinctRows seen = new DistinctRows();
        long rows = 0;
        long malformed = 0;
        List<ObjectNode> pending = new ArrayList<>();
        try (BufferedReader in = (BufferedReader) reader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Mappers.JSON.readTree(line);
                } catch (IOException e) {
                    malformed++;
                    continue;
                }
                if (!(node instanceof ObjectNode object)) {
                    malformed++;
                    continue;
                }
                rows++;
                pending.add(object);
                object.fieldNames().forEachRemaining(name -> columns.computeIfAbsent(name, n -> new ColumnStats(n, statistics)));
                seen.add(RowHash.add(RowHash.SEED, object.toString()));
                // Columns can first appear on any line, so rows are tallied in batches once their
                // columns are known; a key absent from a row counts as missing there.
                if (pending.size() == 1024) {
                    tally(pending, columns);
                }
            }
        }
        tally(pending, columns);
        return result("jsonl", new ArrayList<>(columns.values()), rows, malformed, seen.duplicates(), statistics);
    }

    private static void tally(List<ObjectNode> rows, Map<String, ColumnStats> columns) {
        for (ObjectNode row : rows) {
            for (ColumnStats column : columns.values()) {
                JsonNode value = row.get(column.name);
                if (value == null || value.isNull()) {
                    column.addMissing();
                } else if (value.isBoolean()) {
                    column.addTyped(ColumnType.BOOLEAN, Double.NaN, value.asText());
                } else if (value.isIntegralNumber()) {
                    column.addTyped(ColumnType.INTEGER, value.doubleValue(), value.asText());
                } else if (value.isNumber()) {
                    column.addTyped(ColumnType.FLOAT, value.doubleValue(), value.asText());
                } else if (value.isTextual()) {
                    column.addText(value.textValue());
                } else {
                    column.addTyped(ColumnType.STRING, Double.NaN, value.toString()); // nested objects and arrays
                }
            }
        }
        rows.clear();
    }

    private static Profiled result(String format, List<ColumnStats> stats, long rows, long malformed, long duplicates,
                                   boolean statistics) {
        List<Profile.Column> schema = new ArrayList<>();
        Map<String, Profile.ColumnQuality> quality = new LinkedHashMap<>();
        Map<String, ColumnStatistics> distributions = new LinkedHashMap<>();
        for (ColumnStats column : stats) {
            schema.add(new Profile.Column(column.name, column.type(), column.missing > 0));
            quality.put(column.name, new Profile.ColumnQuality(column.missing, column.invalid()));
            if (column.sketch != null) {
                distributions.put(column.name, column.sketch.finish());
            }
        }
        Profile profile = new Profile(format, schema, rows, malformed, duplicates, quality);
        return new Profiled(profile, statistics ? new TableStatistics(format, rows, duplicates, distributions) : null);
    }

    /** FNV-1a over a row's fields, 64 bits: collisions among a file's rows are vanishingly rare. */
    private static final class RowHash {
        static final long SEED = 0xcbf29ce484222325L;

        /** Marks which column the next field is in: "a,,b" and "a,b," hash apart. */
        static long column(long hash, int column) {
            return (hash ^ (column + 0x9e37)) * 0x100000001b3L;
        }

        static long add(long hash, String field) {
            for (int i = 0; i < field.length(); i++) {
                hash = (hash ^ field.charAt(i)) * 0x100000001b3L;
            }
            return (hash ^ 0x1f) * 0x100000001b3L; // a field separator, so "a","bc" differs from "ab","c"
        }
    }
}
