package dev.dvj.core.odb.pack;

import dev.dvj.core.DvjException;
import dev.dvj.core.chunk.ChunkList;
import dev.dvj.core.chunk.Chunker;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.BodyReader;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Big files on a remote as content-defined chunks ({@link Chunker}): the chunks are objects of
 * their own, small enough to travel in packs, and the file is a chunk list beside them,
 * {@code chunks/<id>-<size>} (its size in the name, so a listing says it without a read). A push
 * of a new version of a big file sends only the chunks the remote lacks; a read reassembles the
 * chunks in order, each checked against its id, and whoever stores the result checks the whole
 * file against its own id (the cache hashes every object on its way in).
 *
 * <p>A chunk list is written only after every chunk it names is stored, so a list on the remote
 * always means a whole file, as a manifest does a whole directory.
 */
final class ChunkStore {
    static final String FOLDER = "chunks";
    /** Chunks read at once when a file is reassembled: a few MiB in memory. */
    private static final int READ_BATCH = 64;

    private final PackingDatabase packs;
    private final ObjectDatabase medium;
    private final long threshold;
    /** The chunk lists on the medium, by file id, read on first use; a push adds to it. */
    private volatile Map<ObjectId, ObjectInfo> lists;

    /** @param threshold files of at least this size are stored as chunks; 0 stores none so */
    ChunkStore(PackingDatabase packs, ObjectDatabase medium, long threshold) {
        this.packs = packs;
        this.medium = medium;
        this.threshold = threshold;
    }

    boolean chunks(long size) {
        return threshold > 0 && size >= threshold;
    }

    static String listName(ObjectId id, long size) {
        return FOLDER + "/" + id.hex() + "-" + size;
    }

    /** The files stored as chunks, with their sizes and when their list was written. */
    Map<ObjectId, ObjectInfo> lists() {
        Map<ObjectId, ObjectInfo> known = lists;
        if (known == null) {
            synchronized (this) {
                if (lists == null) {
                    lists = readListing();
                }
                known = lists;
            }
        }
        return known;
    }

    private Map<ObjectId, ObjectInfo> readListing() {
        Map<ObjectId, ObjectInfo> found = new ConcurrentHashMap<>();
        try {
            for (Map.Entry<String, ObjectInfo> file : medium.listFiles(FOLDER).entrySet()) {
                String name = file.getKey().substring(FOLDER.length() + 1);
                int dash = name.indexOf('-');
                ObjectId id = dash < 0 ? null : ObjectId.parseOrNull(name.substring(0, dash));
                String size = dash < 0 ? "" : name.substring(dash + 1);
                if (id != null && size.matches("[0-9]{1,18}")) {
                    found.put(id, new ObjectInfo(Long.parseLong(size), file.getValue().modified()));
                }
            }
        } catch (IOException e) {
            throw medium.error("cannot list chunked files", e);
        }
        return found;
    }

    Optional<ObjectInfo> stat(ObjectId id) {
        return Optional.ofNullable(lists().get(id));
    }

    /** The file's chunk list as stored, checked line by line; empty when the file is not chunked here. */
    Optional<ChunkList> list(ObjectId id) throws IOException {
        ObjectInfo info = lists().get(id);
        if (info == null) {
            return Optional.empty();
        }
        String name = listName(id, info.size());
        Optional<byte[]> bytes = medium.readFile(name, 0, -1, InputStream::readAllBytes);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        ChunkList list = ChunkList.parse(bytes.get(), medium.describe() + ": " + name);
        if (list.size() != info.size()) {
            throw DvjException.data(medium.describe() + ": " + name + " lists " + list.size() + " bytes");
        }
        return Optional.of(list);
    }

    /** The chunk ids a chunked file needs (for gc's keep list); empty when it is not chunked here. */
    Set<ObjectId> chunkIds(ObjectId id) throws IOException {
        Set<ObjectId> ids = new LinkedHashSet<>();
        list(id).ifPresent(list -> list.chunks().forEach(chunk -> ids.add(chunk.id())));
        return ids;
    }

    /**
     * Stores a file as chunks: cuts it, refuses it unless its bytes hash to {@code id} (a corrupt
     * cache object is never spread), stores the chunks the remote lacks (packed when there are
     * enough of them), then the list.
     */
    void insert(ObjectId id, Path file) throws IOException {
        MessageDigest whole = HashAlgorithm.SHA256.newDigest();
        List<Chunker.Chunk> chunks;
        try (InputStream in = new DigestInputStream(java.nio.file.Files.newInputStream(file), whole)) {
            chunks = Chunker.chunks(in);
        }
        if (!ObjectId.ofDigest(whole.digest(), false).equals(id)) {
            throw DvjException.data("object " + id + " in " + file + " is corrupt: its bytes hash to another id");
        }
        Map<ObjectId, Chunker.Chunk> distinct = new LinkedHashMap<>();
        chunks.forEach(chunk -> distinct.putIfAbsent(chunk.id(), chunk));
        Map<ObjectId, ObjectInfo> held = packs.find(distinct.keySet(), packs.jobs());
        List<ObjectId> missing = new ArrayList<>();
        for (Chunker.Chunk chunk : distinct.values()) {
            ObjectInfo there = held.get(chunk.id());
            if (there == null || there.size() != chunk.length()) {
                missing.add(chunk.id());
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (missing.size() >= PackingDatabase.PACK_AT_LEAST) {
                Set<ObjectId> stored = packs.insertPacked(chunkId -> readChecked(channel, distinct.get(chunkId), file), missing,
                        chunkId -> distinct.get(chunkId).length(), (chunkId, size) -> {
                        });
                if (stored.size() != missing.size()) {
                    throw DvjException.data(medium.describe() + ": " + (missing.size() - stored.size())
                            + " chunk(s) of " + id + " were not stored");
                }
            } else {
                for (ObjectId chunkId : missing) {
                    medium.insert(chunkId, readChecked(channel, distinct.get(chunkId), file));
                }
            }
        }
        ChunkList list = ChunkList.of(chunks);
        medium.writeFile(listName(id, list.size()), list.toBytes());
        lists().put(id, new ObjectInfo(list.size(), Instant.now()));
    }

    /**
     * Stores a file {@code from} keeps as chunks with the same cut points (the chunker is the same):
     * checks that its chunks make the file (one read of them all, each chunk and the whole checked),
     * then stores the chunks this remote lacks, read from {@code from} and checked again, then the list.
     */
    void insertFrom(ObjectId id, ChunkList list, ObjectDatabase from) throws IOException {
        Optional<Long> read = from.read(id, in -> in.transferTo(java.io.OutputStream.nullOutputStream()));
        if (read.isEmpty() || read.get() != list.size()) {
            throw DvjException.data(from.describe() + ": " + id + " is not held whole (" + read.orElse(0L) + " of " + list.size() + " bytes)");
        }
        Map<ObjectId, Integer> distinct = new LinkedHashMap<>();
        list.chunks().forEach(chunk -> distinct.putIfAbsent(chunk.id(), chunk.length()));
        Map<ObjectId, ObjectInfo> held = packs.find(distinct.keySet(), packs.jobs());
        List<ObjectId> missing = new ArrayList<>();
        distinct.forEach((chunkId, length) -> {
            ObjectInfo there = held.get(chunkId);
            if (there == null || there.size() != length) {
                missing.add(chunkId);
            }
        });
        if (missing.size() >= PackingDatabase.PACK_AT_LEAST) {
            Set<ObjectId> stored = packs.insertPacked(from, missing, distinct::get, (chunkId, size) -> {
            });
            if (stored.size() != missing.size()) {
                throw DvjException.data(medium.describe() + ": " + (missing.size() - stored.size())
                        + " chunk(s) of " + id + " were not stored");
            }
        } else {
            for (ObjectId chunkId : missing) {
                byte[] bytes = from.read(chunkId, InputStream::readAllBytes)
                        .orElseThrow(() -> DvjException.data(from.describe() + ": chunk " + chunkId.hex() + " of " + id + " is missing"));
                from.requireIntact(chunkId, bytes);
                medium.insert(chunkId, bytes);
            }
        }
        medium.writeFile(listName(id, list.size()), list.toBytes());
        lists().put(id, new ObjectInfo(list.size(), Instant.now()));
    }

    /** A chunk's bytes read again from the file, refused unless they still hash to the chunk's id. */
    private static byte[] readChecked(FileChannel channel, Chunker.Chunk chunk, Path file) {
        byte[] bytes;
        try {
            bytes = read(channel, chunk);
        } catch (IOException e) {
            throw DvjException.data("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!dev.dvj.core.hash.Hashing.ofBytes(bytes, false).equals(chunk.id())) {
            throw DvjException.data(file + " changed while it was pushed (its chunk at " + chunk.offset() + ")");
        }
        return bytes;
    }

    private static byte[] read(FileChannel channel, Chunker.Chunk chunk) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(chunk.length());
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, chunk.offset() + buffer.position()) < 0) {
                throw new IOException("the file ended before its chunk at " + chunk.offset());
            }
        }
        return buffer.array();
    }

    /** Reassembles a chunked file and passes it to {@code reader}; empty when it is not chunked here. */
    <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException {
        Optional<ChunkList> list = list(id);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = new Reassembly(list.get())) {
            return Optional.of(reader.read(in));
        }
    }

    boolean delete(ObjectId id) throws IOException {
        ObjectInfo info = lists().remove(id);
        return info != null && medium.deleteFile(listName(id, info.size()));
    }

    /** The chunks' bytes in the list's order, fetched a batch at a time, each checked against its id. */
    private final class Reassembly extends InputStream {
        private final List<ChunkList.Entry> entries;
        private int next;
        private byte[] current = new byte[0];
        private int position;

        Reassembly(ChunkList list) {
            this.entries = list.chunks();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (next == entries.size() && batch.isEmpty()) {
                    return -1;
                }
                fillBatch();
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }

        private final List<byte[]> batch = new ArrayList<>();

        /** Reads the next chunks (packed ones in few range requests) and queues them in order. */
        private void fillBatch() throws IOException {
            if (!batch.isEmpty()) {
                current = batch.remove(0);
                position = 0;
                return;
            }
            List<ChunkList.Entry> wanted = entries.subList(next, Math.min(entries.size(), next + READ_BATCH));
            next += wanted.size();
            Map<ObjectId, byte[]> bytes = new HashMap<>();
            List<ObjectId> packed = new ArrayList<>();
            for (ChunkList.Entry entry : wanted) {
                if (packs.isPacked(entry.id())) {
                    packed.add(entry.id());
                } else if (!bytes.containsKey(entry.id())) {
                    Optional<byte[]> loose = medium.read(entry.id(), InputStream::readAllBytes);
                    if (loose.isEmpty()) {
                        throw DvjException.data(medium.describe() + ": chunk " + entry.id() + " is missing");
                    }
                    medium.requireIntact(entry.id(), loose.get());
                    bytes.put(entry.id(), loose.get());
                }
            }
            if (!packed.isEmpty()) {
                PackReader.Outcome outcome = packs.readPacked(new LinkedHashSet<>(packed), (chunkId, data) -> {
                    medium.requireIntact(chunkId, data);
                    synchronized (bytes) {
                        bytes.put(chunkId, data);
                    }
                });
                if (!outcome.corrupt().isEmpty()) {
                    throw DvjException.data(medium.describe() + ": a chunk is corrupt: "
                            + outcome.corrupt().values().iterator().next());
                }
            }
            for (ChunkList.Entry entry : wanted) {
                byte[] chunk = bytes.get(entry.id());
                if (chunk == null || chunk.length != entry.length()) {
                    throw DvjException.data(medium.describe() + ": chunk " + entry.id() + " is missing");
                }
                batch.add(chunk);
            }
            current = batch.remove(0);
            position = 0;
        }
    }
}
