package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.ReadProgress;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.TempFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one writer of cache objects, and the write protocol every object goes through: bytes go to a
 * temp file (hashed as they are written, or checked against the id they must have), the file is
 * made read-only, and only then is it renamed into place, never over an object already there
 * (except by bytes verified against the id, which can only be the same). So an object path
 * either holds the right bytes or does not exist.
 */
public final class ObjectInserter {
    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> READ_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--"));
    private static final int CHUNK = 1 << 20;
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

    private final CacheLayout layout;
    private final ChunkedObjects chunked;

    /** @param chunkThreshold files of at least this size are stored as chunks ({@code cache.chunked}); 0 for none */
    public ObjectInserter(CacheLayout layout, long chunkThreshold) {
        this.layout = layout;
        this.chunked = new ChunkedObjects(layout, this, chunkThreshold);
    }

    ChunkedObjects chunked() {
        return chunked;
    }

    /** Stores a file whose size the caller has just read (saves a stat per file in big scans). */
    public ObjectId insert(Path source, long size) throws IOException {
        if (size <= Hashing.SMALL_FILE) {
            return insertSmall(Files.readAllBytes(source), false);
        }
        if (chunked.chunks(size)) {
            return chunked.insert(source);
        }
        return insertLarge(source);
    }

        public ObjectId insert(byte[] bytes, boolean directory) throws IOException {
        return insertSmall(bytes, directory);
    }

        public long insert(InputStream in, ObjectId expected) throws IOException {
        Path tempFile = layout.tempFileBeside(expected);
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
            if (!expected.directory() && chunked.chunks(size)) {
                chunked.insertVerified(tempFile, expected); // removes the temp file
            } else {
                publishVerified(tempFile, expected);
            }
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

        public void insert(byte[] bytes, ObjectId expected) throws IOException {
        requireSame(expected, Hashing.ofBytes(bytes, expected.directory()));
        store(bytes, expected, true);
    }

    /** Stores bytes already checked against {@code id}, keeping an object already there (a chunk shared by many files). */
    void storeNew(byte[] bytes, ObjectId id) throws IOException {
        store(bytes, id, false);
    }

    static void requireSame(ObjectId expected, ObjectId actual) {
        if (!actual.equals(expected)) {
            throw DvjException.data("object " + expected + " is corrupt: its bytes hash to " + actual.hex());
        }
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
        Path tempFile = layout.tempFileBeside(id);
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
        Path tempFile = layout.newTempFile();
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
        Path tempFile = layout.newTempFile();
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
                        ReadProgress.report(buffer.remaining());
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
     * Gives a complete temp file (from {@link CacheLayout#newTempFile()}) whose bytes hash to {@code id} its
     * object path. Returns false, removing the temp file, when the object already existed: an
     * existing object is never replaced. (A rename without REPLACE_EXISTING checks, then renames;
     * only an identical object could slip into that gap. link(2) would close it but costs four
     * times a rename on ext4, measured here.)
     */
    public boolean publish(Path tempFile, ObjectId id) throws IOException {
        // The size only matters, and is only read, when the cache chunks at all: a stat per small
        // object would cost every add of many files.
        if (chunked.enabled() && !id.directory() && chunked.chunks(Files.size(tempFile))) {
            return chunked.insertVerified(tempFile, id);
        }
        Path target = layout.path(id);
        layout.ensureShard(id.shard(), target.getParent());
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
        Files.move(tempFile, layout.path(id), StandardCopyOption.ATOMIC_MOVE);
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
