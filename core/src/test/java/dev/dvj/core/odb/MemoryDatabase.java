package dev.dvj.core.odb;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects in memory: the smallest implementation of the contract, for tests of what is written on
 * top of it. Like the cache it hashes what goes in and refuses bytes that do not match their id.
 */
public final class MemoryDatabase implements ObjectDatabase {
    private record Stored(byte[] bytes, Instant written) {
    }

    private final String name;
    private final Map<ObjectId, Stored> objects = new ConcurrentHashMap<>();
    private final Map<String, byte[]> runs = new ConcurrentHashMap<>();
    private final Map<String, Stored> files = new ConcurrentHashMap<>();
    /** Range reads of files so far, and the bytes they asked for: what a test of partial fetches counts. */
    public final java.util.concurrent.atomic.AtomicLong fileReads = new java.util.concurrent.atomic.AtomicLong();
    public final java.util.concurrent.atomic.AtomicLong fileBytesRead = new java.util.concurrent.atomic.AtomicLong();
    /** File names ending so fail to write, as if the process were killed just before: a test's fault. */
    public volatile String failWritesEndingWith;

    public MemoryDatabase(String name) {
        this.name = name;
    }

    /** Puts bytes under an id without checking them: how a test damages a stored object. */
    public void corrupt(ObjectId id, byte[] bytes) {
        objects.put(id, new Stored(bytes.clone(), Instant.now()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return "memory:" + name;
    }

    @Override
    public Map<ObjectId, ObjectInfo> list() {
        Map<ObjectId, ObjectInfo> listed = new HashMap<>();
        objects.forEach((id, stored) -> listed.put(id, info(stored)));
        return listed;
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectId id) {
        return Optional.ofNullable(objects.get(id)).map(MemoryDatabase::info);
    }

    private static ObjectInfo info(Stored stored) {
        return new ObjectInfo(stored.bytes().length, stored.written());
    }

    @Override
    public <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException {
        Stored stored = objects.get(id);
        return stored == null ? Optional.empty() : Optional.of(reader.read(new ByteArrayInputStream(stored.bytes())));
    }

    @Override
    public void insert(ObjectId id, Path file) throws IOException {
        insert(id, Files.readAllBytes(file));
    }

    @Override
    public long insert(ObjectId id, InputStream in, long size) throws IOException {
        byte[] bytes = in.readAllBytes();
        insert(id, bytes);
        return bytes.length;
    }

    @Override
    public void insert(ObjectId id, byte[] bytes) {
        if (!Hashing.ofBytes(bytes, id.directory()).equals(id)) {
            throw dev.dvj.core.DvjException.data("object " + id + " is corrupt: its bytes hash to "
                    + Hashing.ofBytes(bytes, id.directory()).hex());
        }
        objects.put(id, new Stored(bytes.clone(), Instant.now()));
    }

    @Override
    public boolean delete(ObjectId id) {
        return objects.remove(id) != null;
    }

    @Override
    public Map<String, ObjectInfo> listFiles(String folder) {
        Map<String, ObjectInfo> listed = new HashMap<>();
        files.forEach((name, stored) -> {
            if (name.startsWith(folder + "/")) {
                listed.put(name, info(stored));
            }
        });
        return listed;
    }

    @Override
    public <T> Optional<T> readFile(String name, long offset, long length, BodyReader<T> reader) throws IOException {
        Stored stored = files.get(ObjectDatabase.requireFileName(name));
        if (stored == null) {
            return Optional.empty();
        }
        int from = (int) Math.min(offset, stored.bytes().length);
        int count = (int) (length < 0 ? stored.bytes().length - from : Math.min(length, stored.bytes().length - from));
        fileReads.incrementAndGet();
        fileBytesRead.addAndGet(count);
        return Optional.of(reader.read(new ByteArrayInputStream(stored.bytes(), from, count)));
    }

    @Override
    public void writeFile(String name, byte[] bytes) throws IOException {
        String failing = failWritesEndingWith;
        if (failing != null && name.endsWith(failing)) {
            throw new IOException("killed before " + name + " was written");
        }
        files.put(ObjectDatabase.requireFileName(name), new Stored(bytes.clone(), Instant.now()));
    }

    @Override
    public boolean deleteFile(String name) {
        return files.remove(ObjectDatabase.requireFileName(name)) != null;
    }

    /** Overwrites one byte of a file in place: damage in the middle of a pack. */
    public void corruptFile(String name, long offset) {
        files.get(name).bytes()[(int) offset] ^= 0x5a;
    }

    /** Ages a file, as if written long ago. */
    public void age(String name, java.time.Duration by) {
        Stored stored = files.get(name);
        files.put(name, new Stored(stored.bytes(), stored.written().minus(by)));
    }

    @Override
    public Set<String> listRuns() {
        return new TreeSet<>(runs.keySet());
    }

    @Override
    public Optional<byte[]> readRun(String key) {
        return Optional.ofNullable(runs.get(key)).map(byte[]::clone);
    }

    @Override
    public void writeRun(String key, byte[] entry) {
        runs.put(key, entry.clone());
    }

    @Override
    public void close() {
    }
}
