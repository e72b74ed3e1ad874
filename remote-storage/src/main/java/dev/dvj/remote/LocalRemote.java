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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    public Map<ObjectId, StoredObject> list() throws IOException {
        Map<ObjectId, StoredObject> objects = new HashMap<>();
        store.listAttributes().forEach((id, attrs) -> objects.put(id, storedObject(attrs)));
        return objects;
    }

    @Override
    public Optional<StoredObject> stat(ObjectId id) throws IOException {
        try {
            return Optional.of(storedObject(Files.readAttributes(store.path(id), BasicFileAttributes.class)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static StoredObject storedObject(BasicFileAttributes attrs) {
        return new StoredObject(attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    /** A local disk does not fail mid-read the way a connection does: nothing to retry. */
    @Override
    public <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(store.path(id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (in) {
            return Optional.of(reader.read(in));
        }
    }

    @Override
    public void put(ObjectId id, Path cachedFile) throws IOException {
        // No existence check: Transfer pushes only what it found missing or damaged. The bytes are
        // hashed on the way in, and the verified object replaces whatever stood under its name.
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
