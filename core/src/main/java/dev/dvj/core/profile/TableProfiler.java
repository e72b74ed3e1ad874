package dev.dvj.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import com.fasterxml.jackson.databind.MappingIterator;
import dev.dvj.core.io.BoundedInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        return reader(Files.newInputStream(file));
    }

    /**
     * Every row of a small CSV or TSV file, header first, as the profiler's Jackson reading reads
     * them (quoted fields, doubled quotes, CRLF, empty lines skipped); for plots files.
     */
    public static List<String[]> readAll(byte[] bytes, char separator) throws IOException {
        List<String[]> all = new ArrayList<>();
        try (Reader in = reader(new java.io.ByteArrayInputStream(bytes)); MappingIterator<String[]> it = rows(in, separator)) {
            while (it.hasNextValue()) {
                all.add(it.nextValue());
            }
        }
        return all;
    }

    static Reader reader(InputStream bytes) {
        // Undecodable bytes become U+FFFD rather than an error: a profile must never fail an add.
        return new BufferedReader(new java.io.InputStreamReader(bytes,
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
    }

    static MappingIterator<String[]> rows(Reader in, char separator) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        return Mappers.CSV.readerFor(String[].class).with(schema).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(in);
    }

    private static Profiled delimited(Path file, String format, char separator, boolean statistics) throws IOException {
        return delimited(List.of(file), format, separator, statistics);
    }

    private static Profiled delimited(List<Path> files, String format, char separator, boolean statistics)
            throws IOException {
        return delimited(files, format, separator, statistics, TableParts.PART_BYTES);
    }

    /** For tests: a CSV or TSV file profiled in parts of about {@code partBytes} bytes. */
    static Profiled profileInParts(Path file, String format, boolean statistics, long partBytes) throws IOException {
        return delimited(List.of(file), format, format.equals("tsv") ? '\t' : ',', statistics, partBytes);
    }

    /**
     * One table from several files (a directory of shards), as if they were one file: columns
     * are matched by name, a column a file lacks counts as missing in that file's rows, and
     * duplicate rows are found across files.
     *
     * <p>A big file is read in parts at once, one per core ({@link TableParts}); each part tallies
     * its own counts, sketches and row hashes, merged in file order afterwards. A part read to a
     * parse error other than at the file's end means the file was split where its parser would
     * not have (or the file is malformed there): that file is then read again in one part, as the
     * parser reads it, ending at its first malformed row it cannot get past.
     */
    private static Profiled delimited(List<Path> files, String format, char separator, boolean statistics,
                                      long partBytes) throws IOException {
        // Every header first: a column that only a later file names counts as missing in the rows before.
        List<String> names = new ArrayList<>();
        Map<String, Integer> byName = new LinkedHashMap<>();
        List<int[]> places = new ArrayList<>();
        for (Path file : files) {
            String[] header = header(file, separator);
            places.add(header == null ? null : place(header, names, byName));
        }
        ColumnSketch.Kind[] kinds = statistics ? kinds(files, places, names.size(), separator) : null;
        List<ColumnStats> columns = newColumns(names, kinds);
        DistinctRows seen = new DistinctRows();
        long rows = 0;
        long malformed = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = threads < 2 ? null : Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "dvj-profile");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int f = 0; f < files.size(); f++) {
                int[] place = places.get(f);
                if (place == null) {
                    continue; // a file without even a header
                }
                Path file = files.get(f);
                long size = Files.size(file);
                List<TableParts.Part> parts = TableParts.of(file, size, partBytes, pool);
                List<Callable<PartTally>> tasks = new ArrayList<>();
                for (TableParts.Part part : parts) {
                    tasks.add(() -> tally(file, part, place, names, kinds, separator));
                }
                List<PartTally> tallies = runAll(pool, tasks);
                if (brokeOffEarly(tallies)) {
                    tallies = List.of(tally(file, TableParts.whole(size).get(0), place, names, kinds, separator));
                }
                for (PartTally part : tallies) {
                    for (int c = 0; c < columns.size(); c++) {
                        columns.get(c).merge(part.columns.get(c));
                    }
                    seen.addAll(part.seen);
                    rows += part.rows;
                    malformed += part.malformed;
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return result(format, columns, rows, malformed, seen.duplicates(), statistics);
    }

    private static boolean brokeOffEarly(List<PartTally> tallies) {
        for (int i = 0; i < tallies.size() - 1; i++) {
            if (tallies.get(i).brokeOff) {
                return true;
            }
        }
        return false;
    }

    private static List<ColumnStats> newColumns(List<String> names, ColumnSketch.Kind[] kinds) {
        List<ColumnStats> columns = new ArrayList<>(names.size());
        for (int c = 0; c < names.size(); c++) {
            columns.add(new ColumnStats(names.get(c), kinds == null ? null : kinds[c]));
        }
        return columns;
    }

    /** The file's first row, or null when it has none. */
    private static String[] header(Path file, char separator) throws IOException {
        try (Reader in = reader(file); MappingIterator<String[]> it = rows(in, separator)) {
            return it.hasNext() ? it.next() : null;
        }
    }

    /** Rows read before the parts start, to decide each column's kind of statistics. */
    static final int KIND_ROWS = 10_000;

    /**
     * Each column's kind of statistics, decided from the first file's first {@value #KIND_ROWS}
     * rows (a column settles after {@link ColumnSketch#DECIDE_AFTER} values); a column with fewer
     * values there, or named only by a later file, is decided by all its values in the end.
     */
    private static ColumnSketch.Kind[] kinds(List<Path> files, List<int[]> places, int columnCount, char separator)
            throws IOException {
        ColumnSketch.Kind[] kinds = new ColumnSketch.Kind[columnCount];
        java.util.Arrays.fill(kinds, ColumnSketch.Kind.DEFERRED);
        int first = 0;
        while (first < files.size() && places.get(first) == null) {
            first++;
        }
        if (first == files.size()) {
            return kinds;
        }
        int[] place = places.get(first);
        ColumnSketch[] sketches = settleFromBytes(files.get(first), place, separator);
        if (sketches == null) {
            sketches = settlingSketches(place.length);
            settleWithJackson(files.get(first), place, separator, sketches);
        }
        for (int i = 0; i < place.length; i++) {
            ColumnSketch.Kind kind = sketches[i].kind();
            kinds[place[i]] = kind == ColumnSketch.Kind.SETTLING ? ColumnSketch.Kind.DEFERRED : kind;
        }
        return kinds;
    }

    /** Settling sketches of the file's first {@value #KIND_ROWS} rows, read as bytes; null when that reader declines them. */
    private static ColumnSketch[] settleFromBytes(Path file, int[] place, char separator) throws IOException {
        ColumnSketch[] sketches = settlingSketches(place.length);
        long[] read = {0};
        DelimitedBytes.Rows settle = (bytes, starts, ends, nonAscii, fields) -> {
            if (fields == place.length) {
                for (int i = 0; i < fields; i++) {
                    String text = new String(bytes, starts[i], ends[i] - starts[i],
                            nonAscii[i] ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                    if (!Missing.is(text)) {
                        sketches[i].add(text);
                    }
                }
            }
            return ++read[0] < KIND_ROWS;
        };
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return DelimitedBytes.read(channel, 0, channel.size(), separator, true, settle) ? sketches : null;
        }
    }

    private static ColumnSketch[] settlingSketches(int count) {
        ColumnSketch[] sketches = new ColumnSketch[count];
        for (int i = 0; i < count; i++) {
            sketches[i] = new ColumnSketch();
        }
        return sketches;
    }

    private static void settleWithJackson(Path file, int[] place, char separator, ColumnSketch[] sketches)
            throws IOException {
        try (Reader in = reader(file); MappingIterator<String[]> it = rows(in, separator)) {
            it.next(); // the header
            for (int read = 0; read < KIND_ROWS && it.hasNextValue(); read++) {
                String[] fields = it.nextValue();
                if (fields.length != place.length) {
                    continue;
                }
                for (int i = 0; i < fields.length; i++) {
                    if (!Missing.is(fields[i])) {
                        sketches[i].add(fields[i]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A malformed row ends what can be read; the parts will count it.
        }
    }

    /**
     * Tallies the rows of one part of a file (the first part's first row is the header): from its
     * bytes ({@link DelimitedBytes}) unless that reader declines the part, then with Jackson.
     */
    private static PartTally tally(Path file, TableParts.Part part, int[] place, List<String> names,
                                   ColumnSketch.Kind[] kinds, char separator) throws IOException {
        PartTally fast = new PartTally(newColumns(names, kinds), place);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (DelimitedBytes.read(channel, part.start(), part.end(), separator, part.start() == 0, fast)) {
                return fast;
            }
        }
        return tallyWithJackson(file, part, place, names, kinds, separator);
    }

    private static PartTally tallyWithJackson(Path file, TableParts.Part part, int[] place, List<String> names,
                                              ColumnSketch.Kind[] kinds, char separator) throws IOException {
        PartTally tally = new PartTally(newColumns(names, kinds), place);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try (Reader in = reader(new BoundedInputStream(Channels.newInputStream(channel.position(part.start())),
                part.end() - part.start()));
             MappingIterator<String[]> it = rows(in, separator)) {
            if (part.start() == 0 && it.hasNext()) {
                it.next(); // the header, read already
            }
            while (true) {
                String[] fields;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    fields = it.nextValue();
                } catch (IOException | RuntimeException e) {
                    tally.malformed++; // an unterminated quote ends the file as far as CSV can tell
                    tally.brokeOff = true;
                    break;
                }
                tally.add(fields);
            }
        } finally {
            channel.close();
        }
        return tally;
    }

    /**
     * One part's counts, sketches and row hashes; {@code brokeOff}: it ended at a parse error.
     * A row is tallied by a method of its own, not inside the reading loop: the JIT then compiles
     * it once for every part's thread, where a loop that did everything was compiled again and
     * again (on-stack replacement per part, 1.3 s of compiling for a 200 MB table).
     */
    private static final class PartTally implements DelimitedBytes.Rows {
        final List<ColumnStats> columns;
        final DistinctRows seen = new DistinctRows();
        /** The table's column of each of the file's fields. */
        private final int[] place;
        private final ColumnStats[] byField;
        /** The table's columns the file lacks: missing in each of its rows. */
        private final ColumnStats[] absent;
        long rows;
        long malformed;
        boolean brokeOff;

        PartTally(List<ColumnStats> columns, int[] place) {
            this.columns = columns;
            this.place = place;
            this.byField = new ColumnStats[place.length];
            boolean[] present = new boolean[columns.size()];
            for (int i = 0; i < place.length; i++) {
                byField[i] = columns.get(place[i]);
                present[place[i]] = true;
            }
            List<ColumnStats> lacking = new ArrayList<>();
            for (int c = 0; c < present.length; c++) {
                if (!present[c]) {
                    lacking.add(columns.get(c));
                }
            }
            this.absent = lacking.toArray(new ColumnStats[0]);
        }

        /** A row read by Jackson. Empty cells are left out of the row's hash (see {@link RowHash}). */
        void add(String[] fields) {
            if (fields.length != place.length) {
                malformed++;
                return;
            }
            rows++;
            long hash = 0;
            for (int i = 0; i < fields.length; i++) {
                String text = fields[i];
                byField[i].addText(text);
                if (!text.isEmpty()) {
                    hash += RowHash.inColumn(RowHash.cell(text), place[i]);
                }
            }
            addAbsent();
            seen.add(hash);
        }

        /** A row read from bytes: the same tallies and hash as {@link #add} of its text. */
        @Override
        public boolean row(byte[] bytes, int[] starts, int[] ends, boolean[] nonAscii, int fields) {
            if (fields != place.length) {
                malformed++;
                return true;
            }
            rows++;
            long hash = 0;
            for (int i = 0; i < fields; i++) {
                int from = starts[i];
                int to = ends[i];
                if (nonAscii[i]) {
                    String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
                    byField[i].addText(text);
                    hash += RowHash.inColumn(RowHash.cell(text), place[i]);
                } else {
                    long cell = RowHash.cell(bytes, from, to);
                    byField[i].addCell(bytes, from, to, cell);
                    if (to > from) {
                        hash += RowHash.inColumn(cell, place[i]);
                    }
                }
            }
            addAbsent();
            seen.add(hash);
            return true;
        }

        private void addAbsent() {
            for (ColumnStats column : absent) {
                column.addMissing();
            }
        }
    }

    /** Runs the tasks on the pool (in the caller's thread when there is none) and returns their results in order. */
    static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks) throws IOException {
        List<T> results = new ArrayList<>(tasks.size());
        try {
            if (pool == null || tasks.size() == 1) {
                for (Callable<T> task : tasks) {
                    results.add(task.call());
                }
                return results;
            }
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while profiling");
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * Where each of a file's columns goes in the table's columns, adding the names not seen yet. A
     * name repeated within one header stays a column of its own.
     */
    private static int[] place(String[] header, List<String> names, Map<String, Integer> byName) {
        int[] place = new int[header.length];
        Map<String, Integer> repeats = new java.util.HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i].strip();
            int occurrence = repeats.merge(name, 1, Integer::sum);
            String key = occurrence == 1 ? name : name + "\u0000" + occurrence;
            Integer at = byName.get(key);
            if (at == null) {
                at = names.size();
                names.add(name);
                byName.put(key, at);
            }
            place[i] = at;
        }
        return place;
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
                seen.add(RowHash.cell(object.toString()));
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
}
