package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local cache: {@code <root>/sha256/<2 hex>/<62 hex>[.dir]}. Objects are written to a temp
 * file on the same filesystem, hashed as they are written, made read-only, and only then renamed
 * into place, so an object path either holds the right bytes or does not exist.
 *
 * <p>Where the temp file goes matters with many small objects. When the id is known before writing
 * (downloads, small files hashed in memory) it goes beside its object, {@code <62 hex>.<random>.tmp}
 * in the object's shard, as Git does: a rename within one folder locks that folder only, while a
 * rename between folders takes the filesystem-wide rename lock, and 8 threads creating files in
 * one shared temp folder queue on its lock. Profiled on ext4 (perf), that contention was most of a
 * 20,000-object fetch's kernel time. Big files, hashed while written, still use {@code <root>/tmp}.
 *
 * <p>Three parts, this class their front: {@link CacheLayout} (where objects and temp files live,
 * listings, sweeps), {@link ObjectInserter} (the write protocol) and {@link ManifestCache} (parsed
 * manifests).
 */
public final class CacheDirectory implements ObjectStore {
    private final CacheLayout layout;
    private final ObjectInserter inserter;
    private final ManifestCache manifests;

    private final ChunkedObjects chunked;

    /** A store that keeps every object whole (a folder remote: its chunks are the remote's own). */
    public CacheDirectory(Path root) {
        this(root, 0);
    }

    /**
     * @param chunkThreshold new files of at least this size are kept as chunks ({@code cache.chunked},
     *                       see {@link ChunkedObjects}); 0 keeps every new object whole
     */
    public CacheDirectory(Path root, long chunkThreshold) {
        this.layout = new CacheLayout(root);
        this.inserter = new ObjectInserter(layout, chunkThreshold);
        this.chunked = inserter.chunked();
        this.manifests = new ManifestCache(layout);
    }

    public Path root() {
        return layout.root();
    }

    /**
     * Where the object's file lives, whether or not it is there. A file kept as chunks has none:
     * ask {@link #isChunked} first, and {@link #open} it.
     */
    public Path path(ObjectId id) {
        return layout.path(id);
    }

    @Override
    public boolean has(ObjectId id) {
        return layout.has(id) || chunked.has(id);
    }

    /** True when the object is held as chunks only (no whole file at {@link #path}). */
    public boolean isChunked(ObjectId id) {
        return chunked.has(id) && !layout.has(id);
    }

    /** Whether a new file of this size is kept as chunks, so it can only be copied out, never linked. */
    public boolean keepsAsChunks(long size) {
        return chunked.chunks(size);
    }

    /** The chunks a file kept as chunks needs (gc keeps them with it); empty for any other object. */
    public Set<ObjectId> chunksOf(ObjectId id) throws IOException {
        return isChunked(id) ? chunked.chunkIds(id) : Set.of();
    }

    /** The chunk list of a file kept as chunks, checked line by line. */
    public dev.dvj.core.chunk.ChunkList chunkList(ObjectId id) throws IOException {
        return chunked.list(id);
    }

    /** The size of a file kept as chunks, from its list. */
    public long chunkedSize(ObjectId id) throws IOException {
        return chunked.size(id);
    }

    /** Files kept as chunks, with their lists' attributes (their sizes are {@link #chunkedSize}'s). */
    public Map<ObjectId, BasicFileAttributes> listChunked() throws IOException {
        return chunked.listAttributes();
    }

    /**
     * The object's bytes: its file, or its chunks reassembled and checked (a damaged chunk, or
     * chunks that do not make the file, end the read with a data error; see {@link ChunkedObjects#open}).
     */
    @Override
    public InputStream open(ObjectId id) throws IOException {
        try {
            return Files.newInputStream(path(id));
        } catch (NoSuchFileException e) {
            if (chunked.has(id)) {
                return chunked.open(id);
            }
            throw missing(id);
        }
    }

    /**
     * Sets a damaged file kept as chunks aside (its list, and its damaged chunks) so that a pull
     * fetches it again; returns the folder they went to. See {@link ChunkedObjects#setAside}.
     */
    public Path setAsideChunked(ObjectId id) throws IOException {
        return chunked.setAside(id);
    }

    /** Deletes the object, whole or as a chunk list (its chunks stay until gc finds no list needs them). */
    public boolean delete(ObjectId id) throws IOException {
        boolean whole = Files.deleteIfExists(path(id));
        return chunked.delete(id) || whole;
    }

    public static DvjException missing(ObjectId id) {
        return DvjException.data("object " + id + " is not in the cache (fetch it from a remote, or re-add the data)");
    }

    @Override
    public ObjectId insert(Path source) throws IOException {
        return insert(source, Files.size(source));
    }

    /** Stores a file whose size the caller has just read (saves a stat per file in big scans). */
    public ObjectId insert(Path source, long size) throws IOException {
        return inserter.insert(source, size);
    }

    @Override
    public ObjectId insert(byte[] bytes, boolean directory) throws IOException {
        return inserter.insert(bytes, directory);
    }

    @Override
    public long insert(InputStream in, ObjectId expected) throws IOException {
        return inserter.insert(in, expected);
    }

    @Override
    public void insert(byte[] bytes, ObjectId expected) throws IOException {
        inserter.insert(bytes, expected);
    }

    /** The directory manifest stored under this id, or null when the cache does not have it. */
    public Manifest manifestOrNull(ObjectId id) {
        return manifests.manifestOrNull(id);
    }

    /**
     * Deletes leftovers of writers that died mid-write and returns how many. Only call this while
     * holding the repository's writer lock: then no live process can own a temp file here.
     */
    public int clearTemp() throws IOException {
        return layout.clearTemp();
    }

    /** See {@link CacheLayout#clearShardTemps}. */
    public int clearShardTemps(Instant cutoff) throws IOException {
        return layout.clearShardTemps(cutoff) + chunked.clearShardTemps(cutoff);
    }

    /** Lists every object id in the cache. */
    public Stream<ObjectId> list() throws IOException {
        return layout.list();
    }

    /** See {@link CacheLayout#listAttributes}. */
    public Map<ObjectId, BasicFileAttributes> listAttributes() throws IOException {
        return layout.listAttributes();
    }

    /** Up to this many ids are checked with a stat each; more by reading their shard folders. */
    static final int CHECK_ONE_BY_ONE_BELOW = CacheLayout.CHECK_ONE_BY_ONE_BELOW;

    /** See {@link CacheLayout#present}. */
    public Set<ObjectId> present(Collection<ObjectId> ids) {
        Set<ObjectId> found = layout.present(ids);
        if (found.size() < ids.size() && chunked.any()) {
            List<ObjectId> rest = ids.stream().filter(id -> !id.directory() && !found.contains(id)).toList();
            found.addAll(chunked.present(rest));
        }
        return found;
    }

    /** See {@link ObjectInserter#publish}. */
    public boolean publish(Path tempFile, ObjectId id) throws IOException {
        return inserter.publish(tempFile, id);
    }

    /** A fresh path in the cache's temp folder, on the same filesystem as the objects. */
    public Path newTempFile() throws IOException {
        return layout.newTempFile();
    }
}
