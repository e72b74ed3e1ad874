package dev.dvj.bench;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.workspace.FileStat;
import dev.dvj.core.workspace.StateCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * The state cache behind every no-op status: loading it from disk, answering a lookup for each
 * file, and saving it. A no-op {@code dvj status} of 20,000 files is one load plus 20,000 lookups.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateCacheBenchmark {
    @Param({"20000"})
    int files;

    Path dir;
    Path file;
    Clock clock;
    String[] paths;
    FileStat[] stats;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("dvj-jmh-state");
        file = dir.resolve("state");
        // Entries an hour old, so none falls in the racy window that keeps recent ones out.
        long old = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1_000_000L;
        clock = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
        paths = new String[files];
        stats = new FileStat[files];
        StateCache cache = StateCache.load(file, clock);
        for (int i = 0; i < files; i++) {
            paths[i] = String.format("small/d%03d/f%05d.bin", i % 100, i);
            stats[i] = new FileStat(1024 + i % 7168, old + i, 1_000_000L + i, false);
            ObjectId oid = Hashing.ofBytes(paths[i].getBytes(StandardCharsets.UTF_8), false);
            cache.put(paths[i], stats[i], oid);
        }
        cache.save();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public StateCache load() {
        return StateCache.load(file, clock);
    }

    @Benchmark
    public int loadAndLookUpEveryFile() {
        StateCache cache = StateCache.load(file, clock);
        int hits = 0;
        for (int i = 0; i < paths.length; i++) {
            hits += cache.get(paths[i], stats[i]) != null ? 1 : 0;
        }
        if (hits != paths.length) {
            throw new IllegalStateException("only " + hits + " of " + paths.length + " entries answered");
        }
        return hits;
    }
}
