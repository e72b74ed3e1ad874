package dev.dvj.core.odb;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.store.RunEntryFiles;
import dev.dvj.core.tree.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.NotDirectoryException;
import java.nio.file.StandardOpenOption;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.BoundedInputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Objects in a local (or mounted) folder: the repository's cache, or a folder remote. Both are one
 * medium with one layout and one write discipline ({@link CacheDirectory}: a temp file hashed on
 * the way in, made read-only, renamed into place), so both are this class; they differ only in how
 * they are named in messages, and in that the cache's own objects are trusted by name (written by
 * this code, checked by {@code dvj fsck}) while a remote folder's are checked by size, since other
 * machines write to it.
 */
public final class FolderDatabase implements ObjectDatabase {
    public static final String CACHE_NAME = "cache";

    private final String name;
    private final CacheDirectory store;
    private final RunEntryFiles runs;
    private final boolean isCache;

    private FolderDatabase(String name, CacheDirectory store, boolean isCache) {
        this.name = name;
        this.store = store;
        this.runs = new RunEntryFiles(store.root());
        this.isCache = isCache;
    }

    /** The repository's cache, seen as an object database. */
    public static FolderDatabase cache(CacheDirectory cache) {
        return new FolderDatabase(CACHE_NAME, cache, true);
    }

    /** A folder remote at {@code root}. */
    public static FolderDatabase remote(String name, Path root) {
        return new FolderDatabase(name, new CacheDirectory(root), false);
    }

    public Path root() {
        return store.root();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return store.root().toString();
    }

    @Override
    public String describe() {
        return isCache ? "the cache" : ObjectDatabase.super.describe();
    }

    @Override
    public DvjException error(String what, IOException cause) {
        return isCache ? new DvjException(ErrorKind.DATA, "the cache (" + location() + "): " + what + ": "
                + cause.getMessage(), cause) : ObjectDatabase.super.error(what, cause);
    }

    @Override
    public Map<ObjectId, ObjectInfo> list() throws IOException {
        Map<ObjectId, ObjectInfo> objects = new HashMap<>();
        store.listAttributes().forEach((id, attrs) -> objects.put(id, info(attrs)));
        for (Map.Entry<ObjectId, BasicFileAttributes> chunked : store.listChunked().entrySet()) {
            if (!objects.containsKey(chunked.getKey())) {
                objects.put(chunked.getKey(), chunkedInfo(chunked.getKey(), chunked.getValue()));
            }
        }
        return objects;
    }

    /** A file kept as chunks: its size from its list, its time the list's. */
    private ObjectInfo chunkedInfo(ObjectId id, BasicFileAttributes list) {
        long size;
        try {
            size = store.chunkedSize(id);
        } catch (IOException | DvjException e) {
            size = ObjectInfo.UNKNOWN_SIZE; // fsck reports what is wrong with it
        }
        return new ObjectInfo(size, list.lastModifiedTime().toInstant());
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectId id) throws IOException {
        try {
            return Optional.of(info(Files.readAttributes(store.path(id), BasicFileAttributes.class)));
        } catch (NoSuchFileException e) {
            if (store.isChunked(id)) {
                return Optional.of(new ObjectInfo(store.chunkedSize(id), null));
            }
            return Optional.empty();
        }
    }

    @Override
    public boolean isChunked(ObjectId id) {
        return store.isChunked(id);
    }

    @Override
    public Optional<dev.dvj.core.chunk.ChunkList> chunkList(ObjectId id) throws IOException {
        return store.isChunked(id) ? Optional.of(store.chunkList(id)) : Optional.empty();
    }

    @Override
    public Optional<java.net.URI> urlOf(ObjectId id) {
        java.nio.file.Path file = store.path(id);
        return !store.isChunked(id) && Files.isRegularFile(file) ? Optional.of(file.toUri()) : Optional.empty();
    }

    /** A file kept as chunks has no local file, but its list says its size. */
    @Override
    public long localSize(ObjectId id) {
        if (store.isChunked(id)) {
            try {
                return store.chunkedSize(id);
            } catch (IOException | DvjException e) {
                return ObjectInfo.UNKNOWN_SIZE;
            }
        }
        return ObjectDatabase.super.localSize(id);
    }

    @Override
    public Set<ObjectId> partsOf(Collection<ObjectId> ids) throws IOException {
        // One listing of the chunk lists, not two lookups per kept object (gc keeps a million at times).
        Set<ObjectId> chunked = store.listChunked().keySet();
        Set<ObjectId> parts = new java.util.HashSet<>();
        for (ObjectId id : ids) {
            if (chunked.contains(id)) {
                parts.addAll(store.chunksOf(id));
            }
        }
        return parts;
    }

    /** The cache answers from its shard folders' names (no stat per object); a remote folder with sizes. */
    @Override
    public Map<ObjectId, ObjectInfo> find(Collection<ObjectId> ids, int jobs) throws IOException {
        if (!isCache) {
            return ObjectDatabase.super.find(ids, jobs);
        }
        Map<ObjectId, ObjectInfo> found = new HashMap<>();
        store.present(ids).forEach(id -> found.put(id, ObjectInfo.PRESENT));
        return found;
    }

    private static ObjectInfo info(BasicFileAttributes attrs) {
        return new ObjectInfo(attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    /** A local disk does not fail mid-read the way a connection does: nothing to retry. */
    @Override
    public <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException {
        InputStream in = openOrNull(id);
        if (in == null) {
            return Optional.empty();
        }
        try (in) {
            return Optional.of(reader.read(in));
        }
    }

    private InputStream openOrNull(ObjectId id) throws IOException {
        try {
            return Files.newInputStream(store.path(id));
        } catch (NoSuchFileException e) {
            // A file kept as chunks: reassembled, each chunk and the whole checked on the way.
            return store.isChunked(id) ? store.open(id) : null;
        }
    }

    /** Where the object's file is (whether or not it is there); none for a file kept as chunks. */
    @Override
    public Optional<Path> localFile(ObjectId id) {
        return store.isChunked(id) ? Optional.empty() : Optional.of(store.path(id));
    }

    /** Parsed once per process and verified against the id, by the store. */
    @Override
    public Optional<Manifest> manifest(ObjectId id) {
        return Optional.ofNullable(store.manifestOrNull(id));
    }

    /** The cache parses whole manifests once per process; a whole one answers for any paths. */
    @Override
    public Optional<Manifest> manifestCovering(ObjectId id, java.util.Collection<String> paths) {
        return manifest(id);
    }

    @Override
    public void insert(ObjectId id, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            store.insert(in, id);
        }
    }

    /** Hashed on the way in: bytes that do not hash to the id are refused and leave nothing. */
    @Override
    public long insert(ObjectId id, InputStream in, long size) throws IOException {
        return store.insert(in, id);
    }

    @Override
    public void insert(ObjectId id, byte[] bytes) throws IOException {
        store.insert(bytes, id);
    }

    @Override
    public boolean delete(ObjectId id) throws IOException {
        return store.delete(id);
    }

    /** Temp files of killed writers: beside objects in the shards, and beside packs. */
    @Override
    public int clearLeftovers(java.time.Instant cutoff) throws IOException {
        int cleared = store.clearShardTemps(cutoff);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(store.root().resolve("packs"))) {
            for (Path entry : entries) {
                if (AtomicFiles.isTempName(entry.getFileName().toString())
                        && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                    cleared += Files.deleteIfExists(entry) ? 1 : 0;
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // no packs
        }
        return cleared;
    }

    @Override
    public Map<String, ObjectInfo> listFiles(String folder) throws IOException {
        Path dir = store.root().resolve(ObjectDatabase.requireFolder(folder));
        Map<String, ObjectInfo> files = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = folder + "/" + entry.getFileName();
                if (!AtomicFiles.isTempName(entry.getFileName().toString()) && ObjectDatabase.isFileName(name)) {
                    try {
                        BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class);
                        if (attrs.isRegularFile()) {
                            files.put(name, info(attrs));
                        }
                    } catch (NoSuchFileException e) {
                        // deleted meanwhile
                    }
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return files;
        }
        return files;
    }

    @Override
    public <T> Optional<T> readFile(String name, long offset, long length, BodyReader<T> reader) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(store.root().resolve(ObjectDatabase.requireFileName(name)), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (channel) {
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return Optional.of(reader.read(length < 0 ? in : new BoundedInputStream(in, length)));
        }
    }

    @Override
    public void writeFile(String name, byte[] bytes) throws IOException {
        Path file = store.root().resolve(ObjectDatabase.requireFileName(name));
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, bytes);
    }

    @Override
    public boolean deleteFile(String name) throws IOException {
        return Files.deleteIfExists(store.root().resolve(ObjectDatabase.requireFileName(name)));
    }

    @Override
    public Set<String> listRuns() {
        return runs.keys();
    }

    @Override
    public Optional<byte[]> readRun(String key) {
        return Optional.ofNullable(runs.read(key));
    }

    @Override
    public void writeRun(String key, byte[] entry) {
        runs.write(key, entry);
    }

    @Override
    public void close() {
    }
}
