package dev.dvj.core.odb.pack;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.BodyReader;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.workspace.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
 * A remote whose small objects travel in packs, as Git's do: on push, objects up to a threshold
 * (1 MiB by default) go up bundled in packs of about 32 MiB ({@link PackBuilder}), one request per
 * pack instead of one per object; bigger objects stay loose. Reads find an object loose or in a
 * pack ({@link PackReader} reads the parts of packs a fetch needs with range requests). A remote
 * may hold both; one with only loose objects (written before packs) reads as before.
 *
 * <p>Wraps the remote's own medium (a folder, S3), which keeps the packs as files beside the
 * objects; everything else passes through to it.
 */
public final class PackingDatabase implements ObjectDatabase {
    public static final long DEFAULT_THRESHOLD = 1 << 20;
    public static final long DEFAULT_PACK_SIZE = 32L << 20;
    /** Files of at least this size are stored as content-defined chunks where a remote says so. */
    public static final long DEFAULT_CHUNK_THRESHOLD = dev.dvj.core.chunk.ChunkThreshold.DEFAULT;

    private final ObjectDatabase medium;
    private final long threshold;
    private final long packSize;
    private final int jobs;
    /** Where indexes already read are kept (by pack id, immutable), or null: read each from the medium. */
    private Path indexCache;
    /** Where each packed object is, read from the indexes on first use. */
    private volatile Map<ObjectId, Location> packed;
    /** Big files stored as chunks; none are made until {@link #withChunking} sets a threshold. */
    private ChunkStore chunks;

    /** A packed object's place: its pack, its bytes' offset and length there, and when the pack was written. */
    public record Location(String packId, long offset, long length, Instant written) {
    }

    /**
     * @param threshold objects up to this size are packed on insert; 0 packs nothing (reads still find packs)
     * @param packSize  a pack is closed once it reaches about this size
     */
    public PackingDatabase(ObjectDatabase medium, long threshold, long packSize, int jobs) {
        this.medium = medium;
        this.threshold = threshold;
        this.packSize = packSize;
        this.jobs = Math.max(1, jobs);
        this.chunks = new ChunkStore(this, medium, 0);
    }

    /**
     * Stores files of at least {@code threshold} bytes as content-defined chunks ({@link ChunkStore});
     * 0 stores none so. Chunked files already on the medium are read either way.
     */
    public PackingDatabase withChunking(long threshold) {
        this.chunks = new ChunkStore(this, medium, threshold);
        return this;
    }

    /** Whether the object is stored here as a chunk list (not loose, not packed). */
    @Override
    public boolean isChunked(ObjectId id) {
        return chunks.lists().containsKey(id);
    }

    /** The chunk ids the chunked ones among these files need (gc keeps them with the files). */
    @Override
    public Set<ObjectId> partsOf(Collection<ObjectId> ids) throws IOException {
        Set<ObjectId> needed = new java.util.LinkedHashSet<>();
        for (ObjectId id : ids) {
            if (isChunked(id)) {
                needed.addAll(chunks.chunkIds(id));
            }
        }
        return needed;
    }

    /** Requests this database makes at once. */
    int jobs() {
        return jobs;
    }

    public ObjectDatabase medium() {
        return medium;
    }

    /**
     * Keeps the indexes read from the medium in {@code folder} (the repository's
     * {@code .dvj/tmp/pack-indexes/<remote>}), so each is downloaded once, not by every command. An
     * index belongs to one pack id for good, and is checked again whenever it is read.
     */
    public PackingDatabase withIndexCache(Path folder) {
        this.indexCache = folder;
        return this;
    }

    /** Whether an object of this size goes into a pack when copied here. */
    public boolean packs(long size) {
        return size >= 0 && size <= threshold;
    }

    /** Reads the pack indexes (and so builds the medium's client) on a thread of its own. */
    @Override
    public void warmUp() {
        if (packed != null) {
            return;
        }
        Thread warm = new Thread(() -> {
            try {
                packed();
                chunks.lists();
            } catch (RuntimeException e) {
                // Asked for again in the foreground, which reports it.
            }
        }, "dvj-remote-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** Where each packed object is; the indexes are read once per process (a push adds to it). */
    Map<ObjectId, Location> packed() {
        Map<ObjectId, Location> known = packed;
        if (known == null) {
            synchronized (this) {
                if (packed == null) {
                    packed = readIndexes(medium, jobs, indexCache).locations();
                }
                known = packed;
            }
        }
        return known;
    }

    /** Every index of the medium whose pack is there with the size it names, and what is wrong with the rest. */
    static Indexes readIndexes(ObjectDatabase medium, int jobs, Path cache) {
        Map<String, ObjectInfo> files;
        try {
            files = medium.listFiles(PackIndex.FOLDER);
        } catch (IOException e) {
            throw medium.error("cannot list packs", e);
        }
        List<String> indexIds = new ArrayList<>();
        files.keySet().forEach(name -> {
            String id = PackIndex.packIdOf(name, ".idx");
            if (id != null) {
                indexIds.add(id);
            }
        });
        List<Object> read = Parallel.map(indexIds, jobs, id -> {
            ObjectInfo pack = files.get(PackIndex.packName(id));
            String name = PackIndex.indexName(id);
            try {
                PackIndex index = parseIndex(medium, name, id, cache);
                if (!index.packId().equals(id)) {
                    return new Problem(name, "it describes pack " + index.packId());
                }
                if (pack == null) {
                    return new Problem(name, "it names pack " + id + ", which is not there");
                }
                if (pack.size() >= 0 && pack.size() != index.packSize()) {
                    return new Problem(name, "its pack holds " + pack.size() + " bytes, it says " + index.packSize());
                }
                return new IndexedPack(index, pack.modified());
            } catch (DvjException malformed) {
                return new Problem(name, malformed.getMessage());
            } catch (IOException e) {
                throw medium.error("cannot read " + name, e);
            }
        });
        Map<ObjectId, Location> locations = new ConcurrentHashMap<>();
        List<IndexedPack> packs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Object each : read) {
            if (each instanceof IndexedPack pack) {
                packs.add(pack);
                for (PackIndex.Entry entry : pack.index().entries()) {
                    locations.putIfAbsent(entry.id(), new Location(pack.index().packId(), entry.offset(), entry.length(), pack.written()));
                }
            } else {
                problems.add((Problem) each);
            }
        }
        return new Indexes(locations, packs, problems);
    }

    /**
     * A pack's index, from the local copy when there is a good one: a copy that does not parse
     * or names another pack (damaged on this disk) is dropped and the medium's read again, so a
     * bad copy cannot hide a remote's packs for good.
     */
    private static PackIndex parseIndex(ObjectDatabase medium, String name, String packId, Path cache) throws IOException {
        String source = medium.describe() + ": " + name;
        if (cache != null) {
            try {
                PackIndex kept = PackIndex.parse(indexBytes(medium, name, packId, cache), source);
                if (kept.packId().equals(packId)) {
                    return kept;
                }
            } catch (DvjException damagedCopy) {
                // fall through to the medium's own
            }
            Files.deleteIfExists(cache.resolve(packId + ".idx"));
        }
        return PackIndex.parse(indexBytes(medium, name, packId, cache), source);
    }

    /** An index's bytes: from the local copy when there is one, else from the medium (then kept). */
    private static byte[] indexBytes(ObjectDatabase medium, String name, String packId, Path cache) throws IOException {
        Path kept = cache == null ? null : cache.resolve(packId + ".idx");
        if (kept != null) {
            try {
                return Files.readAllBytes(kept);
            } catch (java.nio.file.NoSuchFileException e) {
                // not read yet
            }
        }
        byte[] bytes = medium.readFile(name, 0, -1, InputStream::readAllBytes)
                .orElseThrow(() -> DvjException.data(name + " was deleted while being read"));
        if (kept != null) {
            try {
                Files.createDirectories(cache);
                dev.dvj.core.io.AtomicFiles.write(kept, bytes);
            } catch (IOException e) {
                // Only a shortcut: the next command reads it from the medium again.
            }
        }
        return bytes;
    }

    /**
     * Every index read afresh from the medium, with what is wrong with those that cannot be
     * trusted: for fsck and gc, which must not trust a local copy.
     */
    public Indexes indexes() {
        return readIndexes(medium, jobs, null);
    }

    /** A pack that can be read: its index and when it was written. */
    public record IndexedPack(PackIndex index, Instant written) {
    }

    /**
     * @param problems indexes that cannot be trusted (their objects are not counted as held): for fsck to report
     */
    public record Indexes(Map<ObjectId, Location> locations, List<IndexedPack> packs, List<Problem> problems) {
    }

    /** An index file that cannot be trusted, and why. */
    public record Problem(String file, String message) {
    }

    @Override
    public String name() {
        return medium.name();
    }

    @Override
    public String location() {
        return medium.location();
    }

    @Override
    public String describe() {
        return medium.describe();
    }

    @Override
    public DvjException error(String what, IOException cause) {
        return medium.error(what, cause);
    }

    @Override
    public Map<ObjectId, ObjectInfo> list() throws IOException {
        Map<ObjectId, ObjectInfo> all = new HashMap<>(medium.list());
        packed().forEach((id, where) -> all.putIfAbsent(id, new ObjectInfo(where.length(), where.written())));
        chunks.lists().forEach(all::putIfAbsent);
        return all;
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectId id) throws IOException {
        Location where = packed().get(id);
        if (where != null) {
            return Optional.of(new ObjectInfo(where.length(), where.written()));
        }
        Optional<ObjectInfo> chunked = chunks.stat(id);
        return chunked.isPresent() ? chunked : medium.stat(id);
    }

    /** Packed ids from the indexes; the medium is asked only about the rest (none, for a packed push). */
    @Override
    public Map<ObjectId, ObjectInfo> find(Collection<ObjectId> ids, int jobs) throws IOException {
        Map<ObjectId, Location> inPacks = packed();
        Map<ObjectId, ObjectInfo> found = new HashMap<>();
        List<ObjectId> loose = new ArrayList<>();
        for (ObjectId id : ids) {
            Location where = inPacks.get(id);
            ObjectInfo chunked = where == null ? chunks.lists().get(id) : null;
            if (where != null) {
                found.put(id, new ObjectInfo(where.length(), where.written()));
            } else if (chunked != null) {
                found.put(id, chunked);
            } else {
                loose.add(id);
            }
        }
        if (!loose.isEmpty()) {
            found.putAll(medium.find(loose, jobs));
        }
        return found;
    }

    @Override
    public <T> Optional<T> read(ObjectId id, BodyReader<T> reader) throws IOException {
        Location where = packed().get(id);
        if (where != null) {
            return medium.readFile(PackIndex.packName(where.packId()), where.offset(), where.length(), reader);
        }
        if (isChunked(id)) {
            Optional<T> reassembled = chunks.read(id, reader);
            if (reassembled.isPresent()) {
                return reassembled;
            }
        }
        return medium.read(id, reader);
    }

    /** A packed object has no file of its own, so a copy reads it through {@link #read}. */
    /** A loose object's URL on the medium; none for one inside a pack or kept as chunks. */
    @Override
    public Optional<java.net.URI> urlOf(ObjectId id) throws IOException {
        return packed().containsKey(id) || isChunked(id) ? Optional.empty() : medium.urlOf(id);
    }

    @Override
    public Optional<Path> localFile(ObjectId id) {
        return packed().containsKey(id) || isChunked(id) ? Optional.empty() : medium.localFile(id);
    }

    @Override
    public Optional<Manifest> manifest(ObjectId id) throws IOException {
        // Through this database's own reads: a root may be loose while its shards are packed.
        return ObjectDatabase.readManifest(this, id, jobs, null);
    }

    @Override
    public Optional<Manifest> manifestCovering(ObjectId id, java.util.Collection<String> paths) throws IOException {
        return ObjectDatabase.readManifest(this, id, jobs, paths);
    }

    /**
     * One object on its own is stored loose, or as chunks when it is a big file and chunking is
     * on; many small ones are packed by {@link #insertPacked}.
     */
    @Override
    public void insert(ObjectId id, Path file) throws IOException {
        if (!id.directory() && chunks.chunks(Files.size(file))) {
            chunks.insert(id, file);
        } else {
            medium.insert(id, file);
        }
    }

    @Override
    public long insert(ObjectId id, InputStream in, long size) throws IOException {
        return medium.insert(id, in, size);
    }

    /**
     * Stores a file that {@code from} keeps as chunks (a chunked cache): as chunks, when this
     * database chunks files of its size, sending only the chunks missing here; returns false,
     * storing nothing, when it does not (the caller then copies the file whole).
     */
    public boolean insertChunked(ObjectId id, dev.dvj.core.chunk.ChunkList list, ObjectDatabase from) throws IOException {
        if (id.directory() || !chunks.chunks(list.size())) {
            return false;
        }
        chunks.insertFrom(id, list, from);
        return true;
    }

    @Override
    public Optional<dev.dvj.core.chunk.ChunkList> chunkList(ObjectId id) throws IOException {
        return isChunked(id) ? chunks.list(id) : Optional.empty();
    }

    @Override
    public void insert(ObjectId id, byte[] bytes) throws IOException {
        medium.insert(id, bytes);
    }

    /**
     * Stores objects read from {@code from} in new packs, each checked against its id before it
     * goes in. Each pack is stored, confirmed by the medium, and only then is its index written,
     * so an index never names bytes that are not there: a push killed mid-pack leaves at most a
     * pack without an index, which nothing reads (and gc removes).
     *
     * @param sizeOf each object's size, as the caller already knows it (a file's, a listing's):
     *               how objects are grouped into packs and a pack's buffer is sized, with no request
     * @param stored told of each object (and its size) once its pack's index is written
     * @return the ids stored; the others were not held by {@code from}
     */
    public Set<ObjectId> insertPacked(ObjectDatabase from, List<ObjectId> ids, java.util.function.ToLongFunction<ObjectId> sizeOf,
                                      java.util.function.ObjLongConsumer<ObjectId> stored) {
        return insertPacked(id -> readChecked(from, id), ids, sizeOf, stored);
    }

    /**
     * As above, with each object's bytes from {@code contents} (null when it has none), which
     * must check them against their id: a corrupt object is never packed.
     */
    Set<ObjectId> insertPacked(java.util.function.Function<ObjectId, byte[]> contents, List<ObjectId> ids,
                               java.util.function.ToLongFunction<ObjectId> sizeOf,
                               java.util.function.ObjLongConsumer<ObjectId> stored) {
        Set<ObjectId> done = ConcurrentHashMap.newKeySet();
        // Packs are built one after another, each from objects read in parallel, while up to
        // UPLOADS_AT_ONCE finished ones are stored in the background: memory stays a few packs.
        java.util.concurrent.ExecutorService uploads = java.util.concurrent.Executors.newFixedThreadPool(UPLOADS_AT_ONCE, r -> {
            Thread thread = new Thread(r, "dvj-pack-upload");
            thread.setDaemon(true);
            return thread;
        });
        java.util.Deque<java.util.concurrent.Future<?>> pending = new java.util.ArrayDeque<>();
        try {
            for (List<ObjectId> batch : batches(ids, sizeOf)) {
                PackBuilder builder = new PackBuilder(batch.stream().map(id -> Math.max(0, sizeOf.applyAsLong(id))).toList());
                List<ObjectId> added = new ArrayList<>();
                // Read in slices, in parallel, each slice appended and dropped: a pack's objects are
                // not all held twice (as bytes and in the pack) while it is built.
                for (int start = 0; start < batch.size(); start += READ_SLICE) {
                    List<ObjectId> slice = batch.subList(start, Math.min(batch.size(), start + READ_SLICE));
                    List<byte[]> read = Parallel.map(slice, jobs, contents::apply);
                    for (int i = 0; i < slice.size(); i++) {
                        if (read.get(i) != null) {
                            builder.add(slice.get(i), read.get(i));
                            added.add(slice.get(i));
                        }
                    }
                }
                if (builder.isEmpty()) {
                    continue;
                }
                PackBuilder.Pack pack = builder.finish();
                while (pending.size() >= UPLOADS_AT_ONCE) {
                    await(pending.removeFirst());
                }
                pending.add(uploads.submit(() -> {
                    writePack(pack);
                    for (PackIndex.Entry entry : pack.index().entries()) {
                        done.add(entry.id());
                        stored.accept(entry.id(), entry.length());
                    }
                }));
            }
            while (!pending.isEmpty()) {
                await(pending.removeFirst());
            }
        } finally {
            uploads.shutdownNow();
        }
        return done;
    }

    private static final int UPLOADS_AT_ONCE = 2;
    private static final int READ_SLICE = 256;

    private static void await(java.util.concurrent.Future<?> upload) {
        try {
            upload.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DvjException(dev.dvj.core.ErrorKind.REMOTE, "interrupted while uploading packs", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes a finished pack, then its index, and makes its objects readable at once. */
    void writePack(PackBuilder.Pack pack) {
        try {
            medium.writeFile(PackIndex.packName(pack.id()), pack.bytes());
            medium.writeFile(PackIndex.indexName(pack.id()), pack.index().toBytes());
        } catch (IOException e) {
            throw medium.error("cannot upload pack " + pack.id(), e);
        }
        Map<ObjectId, Location> known = packed();
        Instant now = Instant.now();
        for (PackIndex.Entry entry : pack.index().entries()) {
            known.put(entry.id(), new Location(pack.id(), entry.offset(), entry.length(), now));
        }
    }

    /** Groups ids, in order, into packs of about {@code packSize} bytes. */
    private List<List<ObjectId>> batches(List<ObjectId> ids, java.util.function.ToLongFunction<ObjectId> sizeOf) {
        List<List<ObjectId>> batches = new ArrayList<>();
        List<ObjectId> current = new ArrayList<>();
        long size = 0;
        for (ObjectId id : ids) {
            long objectSize = sizeOf.applyAsLong(id);
            if (!current.isEmpty() && size + objectSize > packSize) {
                batches.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(id);
            size += Math.max(0, objectSize) + 512;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** An object's bytes from {@code from}, refused unless they hash to its id; null when not held. */
    private static byte[] readChecked(ObjectDatabase from, ObjectId id) {
        Optional<byte[]> bytes;
        try {
            Optional<Path> file = from.localFile(id);
            bytes = file.isPresent() ? Optional.of(Files.readAllBytes(file.get())) : from.read(id, InputStream::readAllBytes);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw from.error("cannot read " + id, e);
        }
        if (bytes.isEmpty()) {
            return null;
        }
        from.requireIntact(id, bytes.get()); // a corrupt object is never packed
        return bytes.get();
    }

    /**
     * Reads many packed objects in few range requests ({@link PackReader}), passing each to
     * {@code receiver}, which checks it; one it refuses as corrupt fails alone.
     *
     * @return the ids delivered, and those refused with why
     */
    public PackReader.Outcome readPacked(Collection<ObjectId> ids, PackReader.Receiver receiver) {
        return new PackReader(medium, jobs).read(packed(), ids, receiver);
    }

    /** A pack is rewritten by gc once less than this share of its bytes is still needed. */
    public static final double REPACK_BELOW = 0.5;

    /**
     * @param removed  packed objects no longer in any pack (or, for a dry run, that would not be)
     * @param bytes    their size in all
     * @param keptDead unneeded objects left in packs that are still mostly needed
     * @param leftovers packs without an index (pushes killed mid-pack) removed
     */
    public record Repack(List<ObjectId> removed, long bytes, int keptDead, int leftovers) {
    }

    /**
     * gc's part for packs. A pack written before {@code cutoff} (null: any) holding unneeded
     * objects is rewritten without them once under {@link #REPACK_BELOW} of it is needed: the
     * needed ones go into a new pack, whose index is written before the old index and then the
     * old pack are deleted, so every needed object is in some indexed pack at every moment. Packs
     * without an index written before {@code leftoversBefore} are removed.
     */
    public Repack repack(Set<ObjectId> keep, Instant cutoff, boolean dryRun, Instant leftoversBefore) {
        Indexes indexes = indexes();
        List<ObjectId> removed = new ArrayList<>();
        long bytes = 0;
        List<Rewrite> kept = new ArrayList<>();
        for (IndexedPack pack : indexes.packs()) {
            if (cutoff != null && (pack.written() == null || !pack.written().isBefore(cutoff))) {
                continue;
            }
            Rewrite plan = Rewrite.of(pack.index(), keep);
            if (plan.dead().isEmpty() || (!plan.live().isEmpty() && plan.liveBytes() >= REPACK_BELOW * plan.allBytes())) {
                kept.add(plan);
                continue;
            }
            if (!dryRun) {
                rewrite(List.of(plan));
            }
            plan.dead().forEach(e -> removed.add(e.id()));
            bytes += plan.allBytes() - plan.liveBytes();
        }
        // Many small packs (one per push) merge into full ones, dropping what is not needed.
        List<List<Rewrite>> merges = mergeGroups(kept);
        int keptDead = 0;
        for (Rewrite plan : kept) {
            boolean merged = merges.stream().anyMatch(group -> group.contains(plan));
            if (merged) {
                plan.dead().forEach(e -> removed.add(e.id()));
                bytes += plan.allBytes() - plan.liveBytes();
            } else {
                keptDead += plan.dead().size();
            }
        }
        if (!dryRun) {
            merges.forEach(this::rewrite);
        }
        int leftovers = dryRun ? 0 : removeUnindexedPacks(leftoversBefore);
        return new Repack(removed, bytes, keptDead, leftovers);
    }

    /**
     * gc's part for loose objects, as {@code git gc} packs Git's: needed small objects that a
     * remote holds loose (written before packs, or by pushes of a few objects) go into packs, and
     * each loose copy is deleted only once its pack's index is written. Fewer than 16 are left as
     * they are. Directory manifests are never passed here: they stay loose.
     *
     * @return how many were packed (would be, for a dry run)
     */
    public int packLoose(Map<ObjectId, Long> needed, boolean dryRun) {
        if (needed.size() < PACK_AT_LEAST || threshold == 0) {
            return 0;
        }
        if (dryRun) {
            return needed.size();
        }
        Set<ObjectId> stored = insertPacked(medium, new ArrayList<>(needed.keySet()), id -> needed.getOrDefault(id, 0L),
                (id, size) -> {
                });
        for (ObjectId id : stored) {
            try {
                medium.delete(id);
            } catch (IOException e) {
                throw medium.error("cannot delete the loose copy of " + id + " (it is packed now)", e);
            }
        }
        return stored.size();
    }

    /** Fewer small objects than this stay loose (on push, and in gc): packing pays from a handful of requests saved. */
    public static final int PACK_AT_LEAST = 16;

    /** Packs under half the pack size are merged once there are this many. */
    static final int MERGE_AT = 8;

    /** What a pack keeps and loses under a keep set. */
    private record Rewrite(PackIndex old, List<PackIndex.Entry> live, List<PackIndex.Entry> dead, long liveBytes, long allBytes) {
        static Rewrite of(PackIndex index, Set<ObjectId> keep) {
            List<PackIndex.Entry> live = new ArrayList<>();
            List<PackIndex.Entry> dead = new ArrayList<>();
            index.entries().forEach(e -> (keep.contains(e.id()) ? live : dead).add(e));
            return new Rewrite(index, live, dead, live.stream().mapToLong(PackIndex.Entry::length).sum(),
                    index.entries().stream().mapToLong(PackIndex.Entry::length).sum());
        }
    }

    /**
     * Groups of small packs (under half the pack size) to merge, each group's needed bytes within
     * one pack (so a merge holds at most a pack's bytes in memory); none while there are fewer
     * than {@link #MERGE_AT} small packs.
     */
    private List<List<Rewrite>> mergeGroups(List<Rewrite> candidates) {
        List<Rewrite> small = new ArrayList<>(candidates.stream().filter(p -> p.old().packSize() < packSize / 2).toList());
        List<List<Rewrite>> groups = new ArrayList<>();
        if (small.size() < MERGE_AT) {
            return groups;
        }
        small.sort(java.util.Comparator.comparingLong(Rewrite::liveBytes));
        List<Rewrite> group = new ArrayList<>();
        long size = 0;
        for (Rewrite pack : small) {
            if (!group.isEmpty() && size + pack.liveBytes() > packSize) {
                groups.add(group);
                group = new ArrayList<>();
                size = 0;
            }
            group.add(pack);
            size += pack.liveBytes();
        }
        groups.add(group);
        groups.removeIf(g -> g.size() < 2);
        return groups;
    }

    /**
     * Copies the needed objects of these packs into new packs, then deletes each old index and
     * pack: every needed object is in some indexed pack at every moment.
     */
    private void rewrite(List<Rewrite> olds) {
        Map<ObjectId, Location> here = new HashMap<>();
        List<PackIndex.Entry> live = new ArrayList<>();
        for (Rewrite old : olds) {
            for (PackIndex.Entry e : old.live()) {
                if (here.putIfAbsent(e.id(), new Location(old.old().packId(), e.offset(), e.length(), null)) == null) {
                    live.add(e);
                }
            }
        }
        Map<ObjectId, byte[]> kept = new ConcurrentHashMap<>();
        Set<String> written = new java.util.HashSet<>();
        if (!live.isEmpty()) {
            PackReader.Outcome read = new PackReader(medium, jobs).read(here, here.keySet(), (id, bytes) -> {
                medium.requireIntact(id, bytes);
                kept.put(id, bytes);
            });
            if (!read.corrupt().isEmpty()) {
                throw DvjException.data(medium.describe() + ": a pack holds corrupt objects; not repacked"
                        + " (run 'dvj fsck -c'). Nothing was deleted from it");
            }
            PackBuilder builder = new PackBuilder();
            for (PackIndex.Entry entry : live) {
                if (builder.size() > 0 && builder.size() + entry.length() > packSize) {
                    written.add(writeAndName(builder.finish()));
                    builder = new PackBuilder();
                }
                builder.add(entry.id(), kept.get(entry.id()));
            }
            written.add(writeAndName(builder.finish()));
        }
        Map<ObjectId, Location> known = packed();
        for (Rewrite old : olds) {
            String id = old.old().packId();
            if (written.contains(id)) {
                continue; // the same objects in the same order made the same pack: it stays
            }
            try {
                medium.deleteFile(PackIndex.indexName(id));
                medium.deleteFile(PackIndex.packName(id));
            } catch (IOException e) {
                throw medium.error("cannot delete pack " + id, e);
            }
            old.old().entries().forEach(e -> known.computeIfPresent(e.id(), (oid, where) -> where.packId().equals(id) ? null : where));
        }
    }

    private String writeAndName(PackBuilder.Pack pack) {
        writePack(pack);
        return pack.id();
    }

    /** Packs whose index was never written (a push killed mid-pack), old enough that no push is still writing them. */
    private int removeUnindexedPacks(Instant before) {
        try {
            Map<String, ObjectInfo> files = medium.listFiles(PackIndex.FOLDER);
            int removed = 0;
            for (Map.Entry<String, ObjectInfo> file : files.entrySet()) {
                String id = PackIndex.packIdOf(file.getKey(), ".tar");
                Instant written = file.getValue().modified();
                if (id != null && !files.containsKey(PackIndex.indexName(id)) && written != null && written.isBefore(before)) {
                    removed += medium.deleteFile(file.getKey()) ? 1 : 0;
                }
            }
            return removed;
        } catch (IOException e) {
            throw medium.error("cannot list packs", e);
        }
    }

    /**
     * Loose objects and chunk lists (the chunks stay until gc finds no list needs them); a packed
     * object goes with its pack, when gc repacks.
     */
    @Override
    public boolean delete(ObjectId id) throws IOException {
        boolean list = isChunked(id) && chunks.delete(id);
        return medium.delete(id) || list;
    }

    /** Where a packed object is; empty for a loose or absent one. */
    public Optional<Location> locate(ObjectId id) {
        return Optional.ofNullable(packed().get(id));
    }

    /** Whether the object is in a pack (not loose). */
    public boolean isPacked(ObjectId id) {
        return packed().containsKey(id);
    }

    @Override
    public int clearLeftovers(Instant cutoff) throws IOException {
        return medium.clearLeftovers(cutoff);
    }

    @Override
    public Set<String> listRuns() throws IOException {
        return medium.listRuns();
    }

    @Override
    public Optional<byte[]> readRun(String key) throws IOException {
        return medium.readRun(key);
    }

    @Override
    public void writeRun(String key, byte[] entry) throws IOException {
        medium.writeRun(key, entry);
    }

    @Override
    public Map<String, ObjectInfo> listFiles(String folder) throws IOException {
        return medium.listFiles(folder);
    }

    @Override
    public <T> Optional<T> readFile(String name, long offset, long length, BodyReader<T> reader) throws IOException {
        return medium.readFile(name, offset, length, reader);
    }

    @Override
    public void writeFile(String name, byte[] bytes) throws IOException {
        medium.writeFile(name, bytes);
    }

    @Override
    public boolean deleteFile(String name) throws IOException {
        return medium.deleteFile(name);
    }

    @Override
    public void close() {
        medium.close();
    }
}
