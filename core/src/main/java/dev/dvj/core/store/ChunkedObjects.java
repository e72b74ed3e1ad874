package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.ReadProgress;
import dev.dvj.core.chunk.ChunkList;
import dev.dvj.core.chunk.Chunker;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.TempFiles;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Big files kept in the cache as content-defined chunks ({@code cache.chunked}): the chunks are
 * ordinary cache objects (a chunk's id is the SHA-256 of its bytes, like any object's), and the file
 * is its chunk list, in the same format a remote stores ({@link ChunkList}), at
 * {@code <cache>/chunks/sha256/<2 hex>/<62 hex>}, named by the file's id. Two versions of a big file
 * that differ by a row then share all but a few chunks on disk.
 *
 * <p>The same guarantees as a whole object: a list is written only after every chunk it names is
 * stored, and only for bytes that hash to its id; reading a file whole checks it against its id
 * before the stream ends ({@link #open}), so a damaged chunk is reported, never placed. Such a file
 * has no path in the cache: it is read as a stream and placed as a copy, never linked.
 */
final class ChunkedObjects {
    static final String FOLDER = "chunks";
    private final CacheLayout objects;
    /** The lists: the cache's own layout, rooted in {@code chunks/}, so lookups and listings are the same code. */
    private final CacheLayout lists;
    private final ObjectInserter inserter;
    private final long threshold;
    /** False until a list exists: a cache that never chunked pays no extra lookup for a missing object. */
    private volatile boolean anyLists;

    /** @param threshold new files of at least this size are stored as chunks; 0 stores none so (lists already there are still read) */
    ChunkedObjects(CacheLayout objects, ObjectInserter inserter, long threshold) {
        this.objects = objects;
        this.lists = new CacheLayout(objects.root().resolve(FOLDER));
        this.inserter = inserter;
        this.threshold = threshold;
        // Its own subfolder, not chunks/ itself: a folder remote keeps its chunk lists in chunks/ too, flat.
        this.anyLists = Files.isDirectory(lists.root().resolve(HashAlgorithm.SHA256.id()));
    }

    /** Whether new files are stored as chunks at all ({@code cache.chunked}). */
    boolean enabled() {
        return threshold > 0;
    }

    /** Whether a new file of this size is stored as chunks. */
    boolean chunks(long size) {
        return threshold > 0 && size >= threshold;
    }

    /** Whether any file may be kept as chunks here (false: no lookup can find one). */
    boolean any() {
        return anyLists;
    }

    boolean has(ObjectId id) {
        return anyLists && !id.directory() && lists.has(id);
    }

    /** Which of these ids are stored as chunk lists. */
    Set<ObjectId> present(Collection<ObjectId> ids) {
        return anyLists ? lists.present(ids) : Set.of();
    }

    /** Every file stored as chunks, with its list's attributes (the file's size is {@link #size}'s). */
    Map<ObjectId, BasicFileAttributes> listAttributes() throws IOException {
        return anyLists ? lists.listAttributes() : Map.of();
    }

    /**
     * Stores a workspace file as chunks and returns its id, in one read: each chunk is written from
     * the very bytes that were hashed for its id and the file's, so what is stored is what the id
     * says even if the file changes meanwhile (its new stat then shows it modified, as after a
     * whole-file store).
     */
    ObjectId insert(Path source) throws IOException {
        MessageDigest whole = HashAlgorithm.SHA256.newDigest();
        List<Chunker.Chunk> chunks;
        try (InputStream in = new DigestInputStream(reporting(Files.newInputStream(source)), whole)) {
            chunks = cutAndStore(in);
        }
        ObjectId id = ObjectId.ofDigest(whole.digest(), false);
        writeList(id, chunks);
        return id;
    }

    /**
     * Stores as chunks a complete temp file already checked to hash to {@code id} (a download), and
     * deletes it. Returns false when the cache already held the file.
     */
    boolean insertVerified(Path tempFile, ObjectId id) throws IOException {
        try {
            if (has(id)) {
                return false;
            }
            List<Chunker.Chunk> chunks;
            try (InputStream in = Files.newInputStream(tempFile)) {
                chunks = cutAndStore(in);
            }
            writeList(id, chunks);
            return true;
        } finally {
            Files.deleteIfExists(tempFile);
        }
    }

    /** Chunks handed to the storing thread at once: one hand-over per batch, not per chunk (futex calls were most of the system time). */
    private static final int BATCH = 32;
    /** Batches cut and not yet stored: bounds what a big add holds in memory (4 x 32 x 256 KiB at most, 8 MiB on average). */
    private static final int BATCHES_IN_FLIGHT = 4;

    /**
     * Cuts a stream into chunks and stores those the cache lacks; returns them all, in order. This
     * thread reads and cuts (and the caller's stream may hash the whole file on the way) while a
     * second one hashes and stores the chunks, in batches, in order.
     */
    private List<Chunker.Chunk> cutAndStore(InputStream in) throws IOException {
        List<Future<List<ObjectId>>> stored = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        List<byte[]> batch = new ArrayList<>(BATCH);
        Semaphore room = new Semaphore(BATCHES_IN_FLIGHT);
        Set<ObjectId> seen = new HashSet<>(); // used by the storing thread only
        AtomicReference<Throwable> failed = new AtomicReference<>();
        ExecutorService storer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dvj-chunk-store");
            thread.setDaemon(true);
            return thread;
        });
        boolean done = false;
        try {
            Chunker.cuts(in, (offset, bytes, start, length) -> {
                spans.add(new long[] {offset, length});
                batch.add(Arrays.copyOfRange(bytes, start, start + length));
                if (batch.size() == BATCH) {
                    submit(storer, List.copyOf(batch), room, seen, failed, stored);
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                submit(storer, List.copyOf(batch), room, seen, failed, stored);
            }
            List<Chunker.Chunk> chunks = new ArrayList<>(spans.size());
            for (Future<List<ObjectId>> batchStored : stored) {
                for (ObjectId id : result(batchStored)) {
                    long[] span = spans.get(chunks.size());
                    chunks.add(new Chunker.Chunk(span[0], (int) span[1], id));
                }
            }
            done = true;
            return chunks;
        } finally {
            if (done) {
                storer.shutdown();
            } else {
                storer.shutdownNow();
            }
            // No store may still be writing when this returns: its temp file must be gone by then.
            boolean interrupted = false;
            while (true) {
                try {
                    if (storer.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Hands a batch of chunks to the storing thread once there is room; fails fast once a store has failed. */
    private void submit(ExecutorService storer, List<byte[]> chunks, Semaphore room, Set<ObjectId> seen,
                        AtomicReference<Throwable> failed, List<Future<List<ObjectId>>> stored) throws IOException {
        if (failed.get() != null) {
            throw new IOException("storing a chunk failed: " + failed.get().getMessage(), failed.get());
        }
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while storing chunks");
        }
        stored.add(storer.submit(() -> {
            try {
                List<ObjectId> ids = new ArrayList<>(chunks.size());
                for (byte[] chunk : chunks) {
                    ObjectId id = Hashing.ofBytes(chunk, false);
                    if (seen.add(id) && !objects.has(id)) {
                        inserter.storeNew(chunk, id);
                    }
                    ids.add(id);
                }
                return ids;
            } catch (IOException | RuntimeException e) {
                failed.compareAndSet(null, e);
                throw e;
            } finally {
                room.release();
            }
        }));
    }

    private static <T> T result(Future<T> stored) throws IOException {
        try {
            return stored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while storing chunks");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Last, and by rename: a list in place always means every chunk it names is stored. */
    private void writeList(ObjectId id, List<Chunker.Chunk> chunks) throws IOException {
        if (has(id)) {
            return;
        }
        Path temp = lists.tempFileBeside(id);
        try {
            Files.write(temp, ChunkList.of(chunks).toBytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, lists.path(id), StandardCopyOption.ATOMIC_MOVE);
            anyLists = true;
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    /** The file's chunk list, checked line by line; a data error naming the list when it is damaged. */
    ChunkList list(ObjectId id) throws IOException {
        Path file = lists.path(id);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file); // 75 bytes per 64 KiB chunk: 1.2 MB for a 1 GiB file
        } catch (NoSuchFileException e) {
            throw CacheDirectory.missing(id);
        }
        return ChunkList.parse(bytes, "the chunk list of " + id + " (" + file + ")");
    }

    /** The ids of the chunks a stored file needs (gc keeps them with it). */
    Set<ObjectId> chunkIds(ObjectId id) throws IOException {
        Set<ObjectId> ids = new HashSet<>();
        list(id).chunks().forEach(chunk -> ids.add(chunk.id()));
        return ids;
    }

    long size(ObjectId id) throws IOException {
        return list(id).size();
    }

    /**
     * The file's bytes, reassembled from its chunks in order. Each chunk must be there at its
     * length, and the stream's end is reached only when the whole hashes to the file's id: a
     * damaged chunk, or a list damaged into another valid list, ends the read with a data error
     * naming the file (and the chunk). So a reader that keeps what it read only once the stream
     * has ended (a copy renamed into place, a store that hashes what it receives) never keeps
     * wrong bytes. One SHA-256 pass, over the whole file: the chunks' own ids are checked only to
     * find the damaged one.
     */
    InputStream open(ObjectId id) throws IOException {
        List<ChunkList.Entry> entries = list(id).chunks();
        MessageDigest whole = HashAlgorithm.SHA256.newDigest();
        return new InputStream() {
            private int next;
            private byte[] current = new byte[0];
            private int position;

            private boolean fill() throws IOException {
                while (position == current.length) {
                    if (next == entries.size()) {
                        return false;
                    }
                    ChunkList.Entry entry = entries.get(next++);
                    current = readChunk(id, entry);
                    position = 0;
                    whole.update(current);
                    if (next == entries.size() && !ObjectId.ofDigest(whole.digest(), false).equals(id)) {
                        throw damaged(id, whatIsDamaged(entries));
                    }
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                return fill() ? current[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(length, current.length - position);
                System.arraycopy(current, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    private byte[] readChunk(ObjectId file, ChunkList.Entry entry) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(objects.path(entry.id()));
        } catch (NoSuchFileException e) {
            throw damaged(file, "its chunk " + entry.id().hex() + " is missing");
        } catch (IOException e) {
            throw DvjException.data("cannot read chunk " + entry.id().hex() + " of " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length != entry.length()) {
            throw damaged(file, "its chunk " + entry.id().hex() + " has " + bytes.length + " bytes, not " + entry.length());
        }
        return bytes;
    }

    /** The first chunk that does not hash to its id, or else that the list itself is wrong. */
    private String whatIsDamaged(List<ChunkList.Entry> entries) {
        for (ChunkList.Entry entry : entries) {
            if (!intact(entry)) {
                return "its chunk " + entry.id().hex() + " does not hash to its id";
            }
        }
        return "its chunks, whole, hash to another id (its chunk list is wrong)";
    }

    private boolean intact(ChunkList.Entry entry) {
        try {
            byte[] bytes = Files.readAllBytes(objects.path(entry.id()));
            return bytes.length == entry.length() && Hashing.ofBytes(bytes, false).equals(entry.id());
        } catch (IOException e) {
            return false;
        }
    }

    private static DvjException damaged(ObjectId file, String what) {
        return DvjException.data("cache object " + file + " is damaged: " + what);
    }

    /**
     * Sets a damaged file's list, and those of its chunks that are damaged, aside in
     * {@code <cache>/corrupt/}, so the cache no longer claims the file and a pull fetches it again (a
     * damaged chunk left in place would be taken as stored and kept). Returns where they went.
     */
    Path setAside(ObjectId file) throws IOException {
        Path aside = Files.createDirectories(objects.root().resolve("corrupt"));
        for (ChunkList.Entry entry : list(file).chunks()) {
            Path chunk = objects.path(entry.id());
            if (Files.exists(chunk) && !intact(entry)) {
                Files.move(chunk, aside.resolve(entry.id().hex()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(lists.path(file), aside.resolve(file.hex() + ".chunks"), StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    boolean delete(ObjectId id) throws IOException {
        return anyLists && Files.deleteIfExists(lists.path(id));
    }

    /** Temp files of list writers killed mid-write; see {@link CacheLayout#clearShardTemps}. */
    int clearShardTemps(java.time.Instant cutoff) throws IOException {
        return anyLists ? lists.clearShardTemps(cutoff) : 0;
    }

    /** Reports the bytes read to the calling thread's progress listener, as the other readers of big files do. */
    private static InputStream reporting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    ReadProgress.report(n);
                }
                return n;
            }
        };
    }
}
