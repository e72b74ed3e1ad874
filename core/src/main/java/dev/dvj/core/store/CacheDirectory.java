package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.TempFiles;
import dev.dvj.core.tree.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
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
 */
public final class CacheDirectory implements ObjectStore {
    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> READ_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--"));
    private static final int CHUNK = 1 << 20;
    private static final String TEMP_SUFFIX = ".tmp";
    /**
     * Downloads stream through one reused buffer per thread: a fresh megabyte for each of 20,000
     * small objects cost more CPU (zeroing and garbage collection) than the downloads themselves.
     */
    private static final ThreadLocal<byte[]> STREAM_BUFFER = ThreadLocal.withInitial(() -> new byte[128 << 10]);
    /**
     * The two direct chunks {@link #insertStreaming} alternates between, per calling thread: the
     * call waits for its last write before it returns, so the next call on that thread may reuse them.
     */
    private static final ThreadLocal<ByteBuffer[]> STREAMING_BUFFERS =
            ThreadLocal.withInitial(() -> new ByteBuffer[] {ByteBuffer.allocateDirect(CHUNK), ByteBuffer.allocateDirect(CHUNK)});
    /** Writer threads overlap the copying of big files with hashing on the caller's thread. */
    private static final ExecutorService WRITER = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "dvj-cache-writer");
        thread.setDaemon(true);
        return thread;
    });

    private final Path root;
    private final Path objects;
    private final Path temp;
    private final Set<String> knownShards = ConcurrentHashMap.newKeySet();
    /**
     * Objects never change, so a manifest parsed once serves the rest of the process: pull reads
     * the same 20,000-entry manifest in fetch, in checkout's plan and in its run.
     */
    private final Map<ObjectId, Manifest> parsedManifests = new ConcurrentHashMap<>();
    private static final int PARSED_MANIFESTS_KEPT = 64;

    public CacheDirectory(Path root) {
        this.root = root;
        this.objects = root.resolve(HashAlgorithm.SHA256.id());
        this.temp = root.resolve("tmp");
    }

    public Path root() {
        return root;
    }

    /** Where the object lives, whether or not it is there. */
    public Path path(ObjectId id) {
        return objects.resolve(id.shard()).resolve(id.fileName());
    }

    @Override
    public boolean has(ObjectId id) {
        return Files.exists(path(id));
    }

    @Override
    public InputStream open(ObjectId id) throws IOException {
        try {
            return Files.newInputStream(path(id));
        } catch (NoSuchFileException e) {
            throw missing(id);
        }
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
        if (size <= Hashing.SMALL_FILE) {
            return insertSmall(Files.readAllBytes(source), false);
        }
        return insertLarge(source);
    }

    @Override
    public ObjectId insert(byte[] bytes, boolean directory) throws IOException {
        return insertSmall(bytes, directory);
    }

    @Override
    public long insert(InputStream in, ObjectId expected) throws IOException {
        Path tempFile = tempFileBeside(expected);
        boolean published = false;
        try {
            MessageDigest digest = HashAlgorithm.SHA256.newDigest();
            long size = 0;
            try (FileChannel out = createReadOnly(tempFile)) {
                byte[] buffer = STREAM_BUFFER.get();
                for (int n; (n = in.read(buffer)) > 0; size += n) {
                    digest.update(buffer, 0, n);
                    writeFully(out, ByteBuffer.wrap(buffer, 0, n));
                }
            }
            requireSame(expected, ObjectId.ofDigest(digest.digest(), expected.directory()));
            publishVerified(tempFile, expected);
            published = true;
            return size;
        } finally {
            // Not after a publish, which moved or removed the temp file: each stat costs, per object.
            if (!published) {
                Files.deleteIfExists(tempFile);
            }
            TempFiles.done(tempFile);
        }
    }

    @Override
    public void insert(byte[] bytes, ObjectId expected) throws IOException {
        requireSame(expected, Hashing.ofBytes(bytes, expected.directory()));
        store(bytes, expected, true);
    }

    private static void requireSame(ObjectId expected, ObjectId actual) {
        if (!actual.equals(expected)) {
            throw DvjException.data("object " + expected + " is corrupt: its bytes hash to " + actual.hex());
        }
    }

    /** The directory manifest stored under this id, or null when the cache does not have it. */
    public Manifest manifestOrNull(ObjectId id) {
        if (id == null || !id.directory()) {
            return null;
        }
        Manifest known = parsedManifests.get(id);
        if (known != null) {
            return known;
        }
        if (!has(id)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(path(id));
            // A manifest edited to other valid JSON would name other files: check it, it is cheap.
            requireSame(id, Hashing.ofBytes(bytes, true));
            Manifest manifest = Manifest.parse(bytes, id.toString());
            if (parsedManifests.size() >= PARSED_MANIFESTS_KEPT) {
                parsedManifests.clear();
            }
            parsedManifests.put(id, manifest);
            return manifest;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw DvjException.data("cannot read manifest " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes leftovers of writers that died mid-write and returns how many. Only call this while
     * holding the repository's writer lock: then no live process can own a temp file here.
     */
    public int clearTemp() throws IOException {
        if (!Files.isDirectory(temp)) {
            return 0;
        }
        int cleared = 0;
        try (Stream<Path> leftovers = Files.list(temp)) {
            for (Path leftover : leftovers.toList()) {
                // Only names this class makes: cache.dir comes from a committed config, and a folder
                // it names could hold someone else's files.
                if (isOwnTempName(leftover.getFileName().toString())) {
                    cleared += Files.deleteIfExists(leftover) ? 1 : 0;
                }
            }
        }
        return cleared;
    }

    /** True for {@code <hex>.tmp}, the names {@link #newTempFile} gives. */
    static boolean isOwnTempName(String name) {
        if (!name.endsWith(TEMP_SUFFIX) || name.length() == TEMP_SUFFIX.length()) {
            return false;
        }
        for (int i = 0; i < name.length() - TEMP_SUFFIX.length(); i++) {
            if (Character.digit(name.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes the temp files, last written before {@code cutoff}, that writers killed mid-write left
     * in the shards, and returns how many. Every command's lock clears {@code <root>/tmp}, which is
     * cheap; this reads all 256 shards, so only gc calls it, as {@code git gc} prunes Git's temp
     * objects. A cutoff of now is safe only under the repository's writer lock; a store that other
     * machines write to (a folder remote) needs a cutoff older than any live transfer.
     */
    public int clearShardTemps(Instant cutoff) throws IOException {
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        int cleared = 0;
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(objects)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(shard, "*" + TEMP_SUFFIX)) {
                    for (Path leftover : leftovers) {
                        if (writtenBefore(leftover, cutoff)) {
                            cleared += Files.deleteIfExists(leftover) ? 1 : 0;
                        }
                    }
                }
            }
        }
        return cleared;
    }

    /** Lists every object id in the cache. */
    public Stream<ObjectId> list() throws IOException {
        List<ObjectId> ids = new ArrayList<>();
        forEachObject((id, file) -> ids.add(id));
        return ids.stream();
    }

    /**
     * Every object with its attributes (size, modification time): one stat per object, for a
     * store whose sizes are checked (a folder remote) or whose recent objects are spared (gc).
     */
    public Map<ObjectId, BasicFileAttributes> listAttributes() throws IOException {
        Map<ObjectId, BasicFileAttributes> found = new HashMap<>();
        forEachObject((id, file) -> {
            try {
                found.put(id, Files.readAttributes(file, BasicFileAttributes.class));
            } catch (NoSuchFileException e) {
                // Deleted meanwhile.
            }
        });
        return found;
    }

    private interface ObjectVisitor {
        void visit(ObjectId id, Path file) throws IOException;
    }

    /** Walks the shards; names that are not object ids (temp files) are skipped. */
    private void forEachObject(ObjectVisitor visitor) throws IOException {
        if (!Files.isDirectory(objects)) {
            return;
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(objects)) {
            for (Path shard : shards) {
                String prefix = shard.getFileName().toString();
                for (String name : namesIn(shard)) {
                    ObjectId id = ObjectId.parseOrNull(prefix + name);
                    if (id != null) {
                        visitor.visit(id, shard.resolve(name));
                    }
                }
            }
        }
    }

    /** Up to this many ids are checked with a stat each; more by reading their shard folders. */
    static final int CHECK_ONE_BY_ONE_BELOW = 500;

    /**
     * Which of these ids the cache holds. Few are checked one by one; many by reading the shard
     * folders they fall in, one directory read for a shard's ~80 objects instead of a stat each,
     * and nothing at all in a cache that has no objects yet (a fresh clone's first pull).
     */
    public Set<ObjectId> present(Collection<ObjectId> ids) {
        Set<ObjectId> found = new HashSet<>();
        if (ids.size() < CHECK_ONE_BY_ONE_BELOW) {
            for (ObjectId id : ids) {
                if (has(id)) {
                    found.add(id);
                }
            }
            return found;
        }
        if (!Files.isDirectory(objects)) {
            return found;
        }
        Map<String, Set<String>> shards = new HashMap<>();
        for (ObjectId id : ids) {
            Set<String> names = shards.computeIfAbsent(id.shard(), shard -> namesIn(objects.resolve(shard)));
            if (names.contains(id.fileName())) {
                found.add(id);
            }
        }
        return found;
    }

    private static Set<String> namesIn(Path shard) {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return names;
        } catch (IOException e) {
            throw DvjException.data("cannot read cache folder " + shard + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * Small objects skip the existence check: writing a few KiB that may turn out to exist costs less
     * than a stat of every object that does not, and publishing refuses to replace anyway.
     */
    private ObjectId insertSmall(byte[] bytes, boolean directory) throws IOException {
        ObjectId id = Hashing.ofBytes(bytes, directory);
        store(bytes, id, false);
        return id;
    }

    /**
     * Writes bytes whose id is known to a temp file beside the object, then publishes it.
     *
     * @param replace rename over an object already there ({@link #publishVerified}, for downloads)
     *                rather than keep it ({@link #publish}, whose file a hard link may share)
     */
    private void store(byte[] bytes, ObjectId id, boolean replace) throws IOException {
        Path tempFile = tempFileBeside(id);
        try {
            try (FileChannel out = createReadOnly(tempFile)) {
                writeFully(out, ByteBuffer.wrap(bytes));
            }
            if (replace) {
                publishVerified(tempFile, id);
            } else {
                publish(tempFile, id);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tempFile);
            throw e;
        } finally {
            TempFiles.done(tempFile);
        }
    }

    /**
     * Big files: the kernel copies the file into the cache (no user-space write, which costs as much
     * as hashing) while this thread hashes it, and the copy is kept only if the file's stat,
     * including its ctime, which no write can leave unchanged, is the same afterwards. Files changed
     * in the last moments, whose timestamps cannot prove stillness, take the single-pass path.
     */
    private ObjectId insertLarge(Path source) throws IOException {
        SourceStamp before = SourceStamp.of(source);
        if (before == null || before.isRecent(System.currentTimeMillis())) {
            return insertStreaming(source);
        }
        Path tempFile = newTempFile();
        try {
            Future<?> copy = WRITER.submit(() -> {
                try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                     FileChannel out = createReadOnly(tempFile)) {
                    long size = in.size();
                    for (long position = 0; position < size; ) {
                        position += in.transferTo(position, size - position, out);
                    }
                }
                return null;
            });
            ObjectId id;
            try {
                id = Hashing.ofFile(source);
            } catch (IOException | RuntimeException e) {
                settle(copy); // the copy must end before its temp file is deleted, or it would outlive this
                throw e;
            }
            await(copy);
            if (!before.equals(SourceStamp.of(source)) || Files.size(tempFile) != before.size()) {
                Files.deleteIfExists(tempFile);
                return insertStreaming(source);
            }
            publish(tempFile, id);
            return id;
        } finally {
            Files.deleteIfExists(tempFile);
            TempFiles.done(tempFile);
        }
    }

    /**
     * Reads the source once: each chunk is hashed on this thread while the previous chunk is written
     * on the writer thread, so the object holds exactly the bytes that were hashed. The chunks are
     * direct buffers, which the kernel reads into and writes from as they are: through heap
     * buffers, every read and every write copied each byte once more in user space.
     */
    private ObjectId insertStreaming(Path source) throws IOException {
        Path tempFile = newTempFile();
        try {
            MessageDigest digest = HashAlgorithm.SHA256.newDigest();
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = createReadOnly(tempFile)) {
                ByteBuffer[] buffers = STREAMING_BUFFERS.get();
                Future<?> pendingWrite = null;
                try {
                    for (int turn = 0; ; turn ^= 1) {
                        ByteBuffer buffer = buffers[turn];
                        buffer.clear();
                        if (readFully(in, buffer) == 0) {
                            break;
                        }
                        buffer.flip();
                        digest.update(buffer.duplicate());
                        await(pendingWrite);
                        pendingWrite = WRITER.submit(() -> {
                            writeFully(out, buffer);
                            return null;
                        });
                    }
                    await(pendingWrite);
                } finally {
                    // Also after a failed read: the buffers are this thread's, and a write still
                    // moving one's position would corrupt the next call's object.
                    settle(pendingWrite);
                }
            }
            ObjectId id = ObjectId.ofDigest(digest.digest(), false);
            publish(tempFile, id);
            return id;
        } finally {
            Files.deleteIfExists(tempFile);
            TempFiles.done(tempFile);
        }
    }

    /**
     * Gives a complete temp file (from {@link #newTempFile()}) whose bytes hash to {@code id} its
     * object path. Returns false, removing the temp file, when the object already existed: an
     * existing object is never replaced. (A rename without REPLACE_EXISTING checks, then renames;
     * only an identical object could slip into that gap. link(2) would close it but costs four
     * times a rename on ext4, measured here.)
     */
    public boolean publish(Path tempFile, ObjectId id) throws IOException {
        Path target = path(id);
        ensureShard(id.shard(), target.getParent());
        try {
            Files.move(tempFile, target);
            return true;
        } catch (FileAlreadyExistsException e) {
            Files.delete(tempFile);
            return false;
        }
    }

    /**
     * Renames bytes already checked against their id into place in one system call. Unlike
     * {@link #publish}, this does not first look for an object already there (Files.move's two
     * stats, measured at 5% of a 20,000-object fetch's CPU): callers download only what the cache
     * lacked, and what a concurrent writer may have put there meanwhile can only be these same
     * verified bytes, so replacing it changes no content.
     */
    private void publishVerified(Path tempFile, ObjectId id) throws IOException {
        Files.move(tempFile, path(id), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Creates a folder once per process. It is marked known only after it exists: other threads may
     * create it concurrently (createDirectories tolerates that) but never skip ahead of it.
     */
    private void ensureShard(String shard, Path dir) throws IOException {
        if (!knownShards.contains(shard)) {
            Files.createDirectories(dir);
            knownShards.add(shard);
        }
    }

    private static boolean writtenBefore(Path file, Instant cutoff) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        } catch (NoSuchFileException e) {
            return false; // published or removed by its writer meanwhile
        }
    }

    /** A fresh path in the cache's temp folder, on the same filesystem as the objects. */
    public Path newTempFile() throws IOException {
        ensureShard("tmp", temp);
        return TempFiles.track(temp.resolve(Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX));
    }

    /** A fresh path in the object's own shard, for a writer that knows the id in advance. */
    private Path tempFileBeside(ObjectId id) throws IOException {
        Path target = path(id);
        ensureShard(id.shard(), target.getParent());
        return TempFiles.track(target.resolveSibling(id.fileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX));
    }

    private static FileChannel createReadOnly(Path file) throws IOException {
        try {
            return FileChannel.open(file, CREATE_NEW, READ_ONLY);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX filesystem: fall back to the platform's read-only flag after writing.
            FileChannel channel = FileChannel.open(file, CREATE_NEW);
            file.toFile().setReadOnly();
            return channel;
        }
    }

    private static int readFully(FileChannel in, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Waits for a write to end, however it ends; its failure, if any, is already being reported. */
    private static void settle(Future<?> write) {
        if (write != null && waitOut(write) != null) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for a write to end and reports its failure. An interrupt (a cancelled add) still waits
     * for the write, so its temp file can be deleted for good, then ends the insert.
     */
    private static void await(Future<?> write) throws IOException {
        if (write == null) {
            return;
        }
        InterruptedException interrupt = waitOut(write);
        if (interrupt != null) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing to the cache");
        }
        try {
            write.get(); // done: reports how it ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing to the cache");
        } catch (java.util.concurrent.CancellationException e) {
            throw new IOException("the write to the cache was cancelled", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Waits until the write has ended, through interrupts: a write still running may yet create
     * or fill its temp file. Returns the (first) interrupt it waited through, or null.
     */
    private static InterruptedException waitOut(Future<?> write) {
        InterruptedException interrupted = null;
        while (!write.isDone()) {
            try {
                write.get();
            } catch (InterruptedException e) {
                interrupted = interrupted == null ? e : interrupted;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                break;
            }
        }
        return interrupted;
    }
}
