package dev.dvj.remote;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.pipeline.RunCache;
import dev.dvj.core.store.CacheDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A remote in a local (or mounted) folder: exactly the cache's layout and write discipline, so an
 * upload is written to a temp file, hashed again on the way, and renamed into place.
 */
public final class LocalRemote implements Remote {
    static final Duration LEFTOVER_AGE = Duration.ofDays(1);
    private final String name;
    private final Path root;
    private final CacheDirectory store;
    private final RunCache runs;

    public LocalRemote(String name, Path root) {
        this.name = name;
        this.root = root;
        this.store = new CacheDirectory(root);
        this.runs = new RunCache(store);
    }

    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String url() {
        return root.toString();
    }

    @Override
    public Set<ObjectId> list() throws IOException {
        try (Stream<ObjectId> ids = store.list()) {
            return ids.collect(Collectors.toSet());
        }
    }

    @Override
    public boolean has(ObjectId id) {
        return store.has(id);
    }

    @Override
    public Optional<InputStream> open(ObjectId id) throws IOException {
        try {
            return Optional.of(Files.newInputStream(store.path(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void put(ObjectId id, Path cachedFile) throws IOException {
        // No existence check: Transfer pushes only what it found missing, and the store keeps an
        // object that turns up meanwhile rather than replacing it.
        try (InputStream in = Files.newInputStream(cachedFile)) {
            store.insert(in, id);
        }
    }

    @Override
    public Set<String> listRuns() {
        return runs.keys();
    }

    @Override
    public Optional<byte[]> readRun(String key) {
        return Optional.ofNullable(runs.bytes(key));
    }

    @Override
    public void writeRun(String key, byte[] entry) {
        runs.write(key, entry);
    }

    @Override
    public boolean delete(ObjectId id) throws IOException {
        return Files.deleteIfExists(store.path(id));
    }

    /**
     * Temp files of pushes killed mid-write. Other machines may be pushing to this folder right
     * now, so only temp files untouched for a day go.
     */
    @Override
    public int clearLeftovers() throws IOException {
        return store.clearShardTemps(Instant.now().minus(LEFTOVER_AGE));
    }

    @Override
    public void close() {
    }
}
