package dev.dvj.core.odb;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestShards;
import dev.dvj.core.workspace.Parallel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A place content-addressed objects live: the local cache, a folder remote, an S3 bucket, memory.
 * Each is laid out as {@code <prefix>/sha256/<2 hex>/<62 hex>[.dir]} where it has paths, and
 * keeps run-cache entries beside the objects as {@code <prefix>/runs/<2 hex>/<62 hex>}.
 *
 * <p>The contract every implementation keeps, and {@code ObjectDatabaseContract} tests on each:
 * <ul>
 *   <li>an object is visible only once complete: a reader never sees part of a write;</li>
 *   <li>an insert whose bytes do not hash to the id is refused where the medium can hash on the
 *       way in (the cache, a folder), and checked by size where it cannot (S3); either way a
 *       refused insert leaves nothing under the id;</li>
 *   <li>an insert replaces whatever stood under the id (callers insert only what a {@link Survey}
 *       found absent or damaged, so this is how damage is repaired);</li>
 *   <li>nothing is ever written outside the database's own folder or prefix.</li>
 * </ul>
 * Copying between databases, with parallelism, verification and progress, is
 * {@link ObjectCopier}; which objects one holds is {@link Survey}.
 */
public interface ObjectDatabase extends AutoCloseable {

    /** The name users know it by: {@code cache}, or a remote's name such as {@code origin}. */
    String name();

    /** Where it is (a path or URL); never holds credentials. */
    String location();

    /**
     * Starts, in the background, what the first requests will need (a client, a connection, pack
     * indexes), so a caller can overlap it with work of its own, such as reading manifests. Never
     * fails: a failure shows again, and is reported, when the work is asked for.
     */
    default void warmUp() {
    }

    /** Every object held, with its size and time, in as few requests as the medium allows. */
    Map<ObjectId, ObjectInfo> list() throws IOException;

    /** The object's size and time, without its bytes; empty when it is not held. */
    Optional<ObjectInfo> stat(ObjectId id) throws IOException;

    /** Up to this many ids are looked up one by one in {@link #find}; more with one listing. */
    int FIND_ONE_BY_ONE_BELOW = 500;

    /**
     * What the database says of each of these ids it holds: a lookup each when few, one listing
     * when many. An implementation with a cheaper way (the cache reads shard folders) overrides it.
     */
    default Map<ObjectId, ObjectInfo> find(Collection<ObjectId> ids, int jobs) throws IOException {
        if (ids.size() >= FIND_ONE_BY_ONE_BELOW) {
            Map<ObjectId, ObjectInfo> listed = new HashMap<>(list());
            listed.keySet().retainAll(Set.copyOf(ids));
            return listed;
        }
        List<ObjectId> list = new ArrayList<>(ids);
        List<Optional<ObjectInfo>> stats = Parallel.map(list, jobs, id -> {
            try {
                return stat(id);
            } catch (IOException e) {
                throw error("cannot check " + id, e);
            }
        });
        Map<ObjectId, ObjectInfo> found = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            int index = i;
            stats.get(i).ifPresent(info -> found.put(list.get(index), info));
        }
        return found;
    }

    /**
     * Passes the object's bytes to {@code reader} and returns what it returns; empty when the
     * object is not held. Where the medium can fail mid-body (a network), a failed read of the body
     * is retried with a fresh stream under the medium's retry policy, so the reader may run more
     * than once; its own failures (a full disk, a corrupt object) are not retried.
     */
    <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException;

    /**
     * A local file holding the object's bytes, where the medium keeps one (the cache, a folder), so
     * a copy out of it can upload or link by path; empty otherwise or when not held. Read-only.
     */
    default Optional<Path> localFile(ObjectId id) {
        return Optional.empty();
    }

    /** The size of the object's local file, where the medium keeps one and holds it; else {@link ObjectInfo#UNKNOWN_SIZE}. */
    default long localSize(ObjectId id) {
        Optional<Path> file = localFile(id);
        if (file.isEmpty()) {
            return ObjectInfo.UNKNOWN_SIZE;
        }
        try {
            return java.nio.file.Files.size(file.get());
        } catch (IOException e) {
            return ObjectInfo.UNKNOWN_SIZE;
        }
    }

    /** Stores a local file's bytes under {@code id}; see the class comment for what is checked. */
    void insert(ObjectId id, Path file) throws IOException;

    /**
     * Stores a stream's bytes under {@code id}; returns how many were read.
     *
     * @param size the stream's length where the caller knows it, else {@link ObjectInfo#UNKNOWN_SIZE}
     */
    long insert(ObjectId id, InputStream in, long size) throws IOException;

    /** Stores bytes held in memory under {@code id} (a small object, a manifest). */
    default void insert(ObjectId id, byte[] bytes) throws IOException {
        insert(id, new ByteArrayInputStream(bytes), bytes.length);
    }

    /** Deletes an object; false when it was not there. */
    boolean delete(ObjectId id) throws IOException;

    /**
     * Where the object can be read on its own, as a URL ({@code file:}, {@code s3:}): empty where
     * it has no address of its own (inside a pack, kept as chunks) or the medium has none.
     */
    default Optional<java.net.URI> urlOf(ObjectId id) throws IOException {
        return Optional.empty();
    }

    /**
     * Whether the object is stored here as a list of other objects (a big file as its chunks), so
     * that gc keeps those with it ({@link #partsOf}) and deletes the list before any of them.
     */
    default boolean isChunked(ObjectId id) {
        return false;
    }

    /**
     * The chunk list of a file stored here as chunks; empty for any other object. A copy into a
     * database that stores the file as chunks too then sends only the chunks it lacks, without
     * cutting the file again.
     */
    default Optional<dev.dvj.core.chunk.ChunkList> chunkList(ObjectId id) throws IOException {
        return Optional.empty();
    }

    /** The objects that the chunked ones among these files are made of (gc keeps them with the files). */
    default Set<ObjectId> partsOf(Collection<ObjectId> ids) throws IOException {
        return Set.of();
    }

    /**
     * Removes what writers killed mid-way left behind before {@code cutoff}, where the medium can
     * hold such leftovers (S3 shows an object only once complete: by default nothing to do).
     *
     * @return how many leftovers were removed
     */
    default int clearLeftovers(Instant cutoff) throws IOException {
        return 0;
    }

    /** Keys of the run-cache entries held (64 hex digits each). */
    Set<String> listRuns() throws IOException;

    /** A run-cache entry's bytes; empty when not held. */
    Optional<byte[]> readRun(String key) throws IOException;

    /** Stores a run-cache entry; like objects, visible only once complete. */
    void writeRun(String key, byte[] entry) throws IOException;

    /**
     * Files kept beside the objects that are not objects themselves (packs and their indexes),
     * named relative to the database's root, as {@code <folder>/<name>}: every one held under
     * {@code folder}, with its size and time. See {@link #requireFileName} for the names allowed.
     */
    Map<String, ObjectInfo> listFiles(String folder) throws IOException;

    /**
     * Passes {@code length} bytes of the file from {@code offset} (to its end when {@code length}
     * is negative) to {@code reader}; empty when the file is not held. A range read: one request
     * for the part of a pack a fetch needs.
     */
    <T> Optional<T> readFile(String name, long offset, long length, BodyReader<T> reader) throws IOException;

    /** Stores a file whole, replacing one of the same name; visible only once complete. */
    void writeFile(String name, byte[] bytes) throws IOException;

    /** Deletes a file; false when it was not there. */
    boolean deleteFile(String name) throws IOException;

    /**
     * Names of files beside the objects: one folder of lower-case letters, then a name of
     * lower-case letters, digits, '.', '-' and '_' that is not all dots. Nothing else can reach a
     * medium, so no name can lead outside the database.
     */
    static String requireFileName(String name) {
        if (!isFileName(name)) {
            throw new IllegalArgumentException("not a file name an object database keeps: " + name);
        }
        return name;
    }

    /** A folder files may be kept in (lower-case letters only), as {@link #requireFileName} checks it. */
    static String requireFolder(String folder) {
        requireFileName(folder + "/x");
        return folder;
    }

    /** Whether a name is one {@link #requireFileName} accepts: what a listing may show. */
    static boolean isFileName(String name) {
        return name.matches("[a-z]+/[a-z0-9._-]+") && !name.endsWith("/.") && !name.endsWith("/..");
    }

    /**
     * A directory manifest held here, verified against its id (a manifest edited to other valid
     * JSON would name other files); empty when not held. Corrupt bytes are an error of kind DATA.
     */
    default Optional<Manifest> manifest(ObjectId id) throws IOException {
        return readManifest(this, id, SHARD_READS_AT_ONCE, null);
    }

    /**
     * The part of a directory's manifest that can list these paths inside it: for a sharded
     * directory only the shards covering them are read, and the result is not
     * {@link Manifest#whole()}. A database that keeps whole manifests at hand may answer whole.
     */
    default Optional<Manifest> manifestCovering(ObjectId id, Collection<String> paths) throws IOException {
        return readManifest(this, id, SHARD_READS_AT_ONCE, paths);
    }

    /** How many shards of a big directory's manifest are read at once by default. */
    int SHARD_READS_AT_ONCE = 8;

    /**
     * Reads a manifest and, for a sharded one, its shards ({@code jobs} at once: on a remote each
     * is a request), every object verified against its id. A missing shard is an error of kind
     * DATA: a root is stored only after its shards.
     */
    static Optional<Manifest> readManifest(ObjectDatabase database, ObjectId id, int jobs, Collection<String> paths)
            throws IOException {
        Optional<byte[]> bytes = database.read(id, InputStream::readAllBytes);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        database.requireIntact(id, bytes.get());
        List<ManifestShards.Ref> refs = Manifest.shardsOf(bytes.get(), id.toString(), paths);
        Map<ObjectId, byte[]> shards = new ConcurrentHashMap<>();
        Parallel.map(refs, jobs, ref -> {
            try {
                byte[] shard = database.read(ref.oid(), InputStream::readAllBytes).orElseThrow(() -> DvjException.data(
                        database.describe() + ": shard " + ref.oid() + " of manifest " + id + " is missing"));
                database.requireIntact(ref.oid(), shard);
                shards.put(ref.oid(), shard);
                return ref;
            } catch (IOException e) {
                throw database.error("cannot read shard " + ref.oid() + " of manifest " + id, e);
            }
        });
        return Optional.of(Manifest.read(bytes.get(), id.toString(), ref -> shards.remove(ref.oid()), paths));
    }

    /** Refuses bytes that do not hash to {@code id}, naming this database. */
    default void requireIntact(ObjectId id, byte[] bytes) {
        if (!Hashing.ofBytes(bytes, id.directory()).equals(id)) {
            throw DvjException.data(describe() + ": object " + id + " is corrupt");
        }
    }

    /** How errors name it: {@code remote 'origin'}, or {@code the cache}. */
    default String describe() {
        return "remote '" + name() + "'";
    }

    /** An error (a remote's: exit code 5) that names this database, where it is, and what failed. */
    default DvjException error(String what, IOException cause) {
        return new DvjException(ErrorKind.REMOTE, describe() + " (" + location() + "): " + what + ": "
                + cause.getMessage(), cause);
    }

    @Override
    void close();
}
