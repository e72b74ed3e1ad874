package dev.dvj.bench;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 throughput of dvj's hashing: in memory (small files, hashed while read) and from a file
 * in the page cache (big files). Report: bytes per second = size / score. Compare with
 * {@code openssl dgst -sha256} on the same machine for the hardware limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashingBenchmark {
    @Param({"4096", "1048576", "67108864"})
    int size;

    byte[] bytes;
    Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        file = Files.createTempFile("dvj-jmh", ".bin");
        Files.write(file, bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public ObjectId inMemory() {
        return Hashing.ofBytes(bytes, false);
    }

    @Benchmark
    public ObjectId fromFile() throws IOException {
        return Hashing.ofFile(file);
    }
}
