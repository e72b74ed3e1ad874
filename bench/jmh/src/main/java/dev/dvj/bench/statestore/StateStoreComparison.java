package dev.dvj.bench.statestore;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.workspace.FileStat;
import dev.dvj.core.workspace.StateCache;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which store should hold the state cache (issue 23: "a state cache that does not rewrite a whole
 * file per save ... your measured choice")? Each candidate is timed, each in a fresh JVM run of
 * this class, on what dvj does with the state of a tree of N files:
 * <ul>
 *   <li>fill: record N files and save (add or pull of a new tree);</li>
 *   <li>lookup-all: open and look up every file (add or status after a change in the tree);</li>
 *   <li>change-one: open, look up every file, record one new hash, save (add after one edit);</li>
 *   <li>touch-one: open, record one file, save (checkout of one file).</li>
 * </ul>
 * Run by bench/state-store.sh, which starts a JVM per round (as each dvj command is one) and
 * prints the medians in bench/results/state-store.md. Usage: {@code StateStoreComparison CANDIDATE N ROUNDS}.
 */
public final class StateStoreComparison {
    /** What dvj needs of a state store, in the shape of {@link StateCache}'s own methods. */
    interface Candidate extends AutoCloseable {
        void open(Path dir) throws Exception;

        ObjectId get(String path, FileStat stat) throws Exception;

        void put(String path, FileStat stat, ObjectId oid) throws Exception;

        void save() throws Exception;

        @Override
        void close() throws Exception;
    }

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
    static final long OLD = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1_000_000L;

    /** The store dvj used until the journal: the whole map in one file, read whole and rewritten whole. */
    static final class WholeFile implements Candidate {
        WholeFileStateCache cache;

        public void open(Path dir) {
            cache = new WholeFileStateCache(dir.resolve("state"));
        }

        public ObjectId get(String path, FileStat stat) {
            return cache.get(path, stat);
        }

        public void put(String path, FileStat stat, ObjectId oid) {
            cache.put(path, stat, oid);
        }

        public void save() throws Exception {
            cache.save();
        }

        public void close() {
        }
    }

    /** dvj's store: a snapshot read whole, and a journal that each save appends its changes to. */
    static final class Journal implements Candidate {
        StateCache cache;

        public void open(Path dir) {
            cache = StateCache.load(dir.resolve("state"), CLOCK);
        }

        public ObjectId get(String path, FileStat stat) {
            return cache.get(path, stat);
        }

        public void put(String path, FileStat stat, ObjectId oid) {
            cache.put(path, stat, oid);
        }

        public void save() throws Exception {
            cache.save();
        }

        public void close() {
        }
    }

    static byte[] encode(FileStat stat, ObjectId oid) {
        return ByteBuffer.allocate(57).putLong(stat.size()).putLong(stat.mtimeNanos()).putLong(stat.inode())
                .put((byte) (stat.executable() ? 1 : 0)).put(oid.hex().getBytes(StandardCharsets.ISO_8859_1), 0, 32).array();
    }

    static ObjectId decode(byte[] value, FileStat stat, String path) {
        ByteBuffer in = ByteBuffer.wrap(value);
        FileStat stored = new FileStat(in.getLong(), in.getLong(), in.getLong(), in.get() == 1);
        // The prototypes keep 32 of the 64 hex digits; the harness only needs a hit or a miss.
        return stored.equals(stat) ? oidOf(path) : null;
    }

    /** H2's MVStore: a pure-Java, log-structured B-tree; lookups read pages on demand. */
    static final class MvStoreCandidate implements Candidate {
        MVStore store;
        MVMap<String, byte[]> map;

        public void open(Path dir) {
            store = new MVStore.Builder().fileName(dir.resolve("state.mv").toString()).autoCommitDisabled().open();
            map = store.openMap("state");
        }

        public ObjectId get(String path, FileStat stat) {
            byte[] value = map.get(path);
            return value == null ? null : decode(value, stat, path);
        }

        public void put(String path, FileStat stat, ObjectId oid) {
            map.put(path, encode(stat, oid));
        }

        public void save() {
            store.commit();
        }

        public void close() {
            store.close();
        }
    }

    /** SQLite (xerial's JDBC driver) with one query per lookup. */
    static class SqliteCandidate implements Candidate {
        Connection connection;
        PreparedStatement select;
        final Map<String, byte[]> changes = new LinkedHashMap<>();

        public void open(Path dir) throws Exception {
            connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
            try (Statement setup = connection.createStatement()) {
                setup.execute("PRAGMA journal_mode=WAL");
                setup.execute("PRAGMA synchronous=NORMAL");
                setup.execute("CREATE TABLE IF NOT EXISTS state(path TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID");
            }
            select = connection.prepareStatement("SELECT value FROM state WHERE path = ?");
        }

        public ObjectId get(String path, FileStat stat) throws Exception {
            select.setString(1, path);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? decode(row.getBytes(1), stat, path) : null;
            }
        }

        public void put(String path, FileStat stat, ObjectId oid) {
            changes.put(path, encode(stat, oid));
        }

        public void save() throws Exception {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO state(path, value) VALUES (?, ?)")) {
                for (Map.Entry<String, byte[]> change : changes.entrySet()) {
                    upsert.setString(1, change.getKey());
                    upsert.setBytes(2, change.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
            changes.clear();
        }

        public void close() throws Exception {
            connection.close();
        }
    }

    /** SQLite read whole into a map on open (one query), saving only the changed rows. */
    static final class SqliteLoadAllCandidate extends SqliteCandidate {
        final Map<String, byte[]> loaded = new HashMap<>();

        @Override
        public void open(Path dir) throws Exception {
            super.open(dir);
            try (Statement all = connection.createStatement(); ResultSet rows = all.executeQuery("SELECT path, value FROM state")) {
                while (rows.next()) {
                    loaded.put(rows.getString(1), rows.getBytes(2));
                }
            }
        }

        @Override
        public ObjectId get(String path, FileStat stat) {
            byte[] value = loaded.get(path);
            return value == null ? null : decode(value, stat, path);
        }
    }

    static Candidate candidate(String name) {
        return switch (name) {
            case "whole-file" -> new WholeFile();
            case "snapshot+journal" -> new Journal();
            case "mvstore" -> new MvStoreCandidate();
            case "sqlite" -> new SqliteCandidate();
            case "sqlite-load-all" -> new SqliteLoadAllCandidate();
            default -> throw new IllegalArgumentException("unknown candidate " + name);
        };
    }

    static String path(int i) {
        return String.format("data/d%03d/f%07d.bin", i % 1000, i);
    }

    static FileStat stat(int i) {
        return new FileStat(1024 + i % 7168, OLD + i, 1_000_000L + i, false);
    }

    static ObjectId oidOf(String path) {
        return Hashing.ofBytes(path.getBytes(StandardCharsets.UTF_8), false);
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        int files = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String[] paths = new String[files];
        FileStat[] stats = new FileStat[files];
        ObjectId[] oids = new ObjectId[files];
        for (int i = 0; i < files; i++) {
            paths[i] = path(i);
            stats[i] = stat(i);
            oids[i] = oidOf(paths[i]);
        }
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        long disk = 0;
        for (int round = 0; round < rounds; round++) {
            Path dir = Files.createTempDirectory("dvj-state-store");
            try {
                time(seconds, "fill", () -> {
                    try (Candidate store = candidate(name)) {
                        store.open(dir);
                        for (int i = 0; i < files; i++) {
                            store.put(paths[i], stats[i], oids[i]);
                        }
                        store.save();
                    }
                });
                time(seconds, "lookup-all", () -> {
                    try (Candidate store = candidate(name)) {
                        store.open(dir);
                        for (int i = 0; i < files; i++) {
                            if (store.get(paths[i], stats[i]) == null) {
                                throw new AssertionError("lost " + paths[i]);
                            }
                        }
                    }
                });
                int edited = files / 2;
                time(seconds, "change-one", () -> {
                    try (Candidate store = candidate(name)) {
                        store.open(dir);
                        for (int i = 0; i < files; i++) {
                            store.get(paths[i], stats[i]);
                        }
                        store.put(paths[edited], new FileStat(1, OLD + 7, 7, false), oids[0]);
                        store.save();
                    }
                });
                time(seconds, "touch-one", () -> {
                    try (Candidate store = candidate(name)) {
                        store.open(dir);
                        store.put(paths[edited + 1], new FileStat(2, OLD + 8, 8, false), oids[1]);
                        store.save();
                    }
                });
                disk = size(dir);
            } finally {
                delete(dir);
            }
        }
        StringBuilder line = new StringBuilder("| " + name + " | " + files);
        for (List<Double> times : seconds.values()) {
            double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            line.append(String.format(" | %.3f", sorted[sorted.length / 2]));
        }
        line.append(String.format(" | %.1f |", disk / 1e6));
        System.out.println(line);
    }

    interface Step {
        void run() throws Exception;
    }

    static void time(Map<String, List<Double>> seconds, String what, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        seconds.computeIfAbsent(what, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e9);
    }

    static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private StateStoreComparison() {
    }
}
