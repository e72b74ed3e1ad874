package dev.dvj.bench;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Building a directory's manifest: sorting the scanned entries, serializing them canonically and
 * hashing the result (what {@code dvj add} of a directory does after hashing its files), and
 * parsing one back (what checkout and pull do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManifestBenchmark {
    @Param({"1000", "20000"})
    int files;

    List<ManifestEntry> scanned;
    byte[] serialized;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        scanned = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String path = String.format("d%03d/f%05d.bin", i % 100, i);
            ObjectId oid = Hashing.ofBytes(path.getBytes(StandardCharsets.UTF_8), false);
            scanned.add(new ManifestEntry(path, oid, 1024 + random.nextInt(7168), false));
        }
        Collections.shuffle(scanned, random); // a parallel scan finds files in no particular order
        serialized = Manifest.ofScanned(scanned).flatBytes();
    }

    @Benchmark
    public ObjectId build() {
        return Manifest.ofScanned(scanned).id();
    }

    @Benchmark
    public Manifest parse() {
        return Manifest.parse(serialized, "bench");
    }
}
