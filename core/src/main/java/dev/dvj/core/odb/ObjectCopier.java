package dev.dvj.core.odb;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.Progress;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.pack.PackReader;
import dev.dvj.core.odb.pack.PackingDatabase;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.workspace.Parallel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * Copies objects from one database to another, in parallel: the one code path every push, fetch
 * and pull goes through, whatever the two media. Each object is checked on its way in by the
 * destination (hashed, or for S3 confirmed by MD5 or size), so a corrupt source object is refused
 * rather than spread. The caller decides what to copy and in which order (directory manifests
 * after their files); this class only moves bytes.
 */
public final class ObjectCopier {
    /** Objects up to this size are read into memory, so their bytes can serve arrivals too. */
    public static final int HELD_IN_MEMORY = 1 << 20;

    private final ObjectDatabase from;
    private final ObjectDatabase to;
    private final int jobs;

    public ObjectCopier(ObjectDatabase from, ObjectDatabase to, int jobs) {
        this.from = from;
        this.to = to;
        this.jobs = Math.max(1, jobs);
    }

    /**
     * @param copied     which of the ids were copied (the rest: not held by the source)
     * @param copiedCount how many
     * @param bytes      bytes copied
     */
    public record Outcome(List<Boolean> copied, int copiedCount, long bytes) {
    }

    /**
     * Copies each id, reporting to {@code progress} and telling {@code arrivals} of each object once
     * the destination holds it, from the worker that copied it.
     *
     * @param task        progress's name for the work, e.g. {@code push origin}
     * @param totalBytes  the bytes to copy where known, else -1
     */
    public Outcome copy(List<ObjectId> ids, Progress progress, String task, long totalBytes, Arrivals arrivals) {
        Map<ObjectId, Long> copied = new ConcurrentHashMap<>();
        DvjException corrupt = null;
        progress.begin(task, ids.size(), totalBytes);
        try {
            List<ObjectId> rest = ids;
            if (from instanceof PackingDatabase packs) {
                List<ObjectId> loose = new ArrayList<>();
                corrupt = copyOutOfPacks(packs, rest, loose, copied, progress, arrivals);
                rest = loose;
            }
            if (to instanceof PackingDatabase packs) {
                rest = copyIntoPacks(packs, rest, copied, progress, arrivals);
            }
            Parallel.map(rest, jobs, id -> {
                long size = copyOne(id, arrivals);
                progress.advance(1, Math.max(0, size));
                if (size >= 0) {
                    copied.put(id, size);
                }
                return id;
            });
        } finally {
            progress.end();
        }
        if (corrupt != null) {
            throw corrupt; // only now: every other object has arrived
        }
        List<Boolean> outcome = ids.stream().map(copied::containsKey).toList();
        return new Outcome(outcome, copied.size(), copied.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Reads the packed ones among {@code ids} in few range requests, and adds the others to
     * {@code rest}. Each object the destination refuses as corrupt fails alone: the error naming
     * them is returned, for the caller to throw once the rest are in.
     */
    private DvjException copyOutOfPacks(PackingDatabase packs, List<ObjectId> ids, List<ObjectId> rest,
                                        Map<ObjectId, Long> copied, Progress progress, Arrivals arrivals) {
        List<ObjectId> packed = new ArrayList<>();
        ids.forEach(id -> (packs.isPacked(id) ? packed : rest).add(id));
        if (packed.isEmpty()) {
            return null;
        }
        PackReader.Outcome read = packs.readPacked(packed, (id, bytes) -> {
            try {
                to.insert(id, bytes);
            } catch (IOException e) {
                throw to.error("cannot write " + id, e);
            }
            copied.put(id, (long) bytes.length);
            progress.advance(1, bytes.length);
            arrivals.arrived(id, bytes);
        });
        if (read.corrupt().isEmpty()) {
            return null;
        }
        Map.Entry<ObjectId, String> first = read.corrupt().entrySet().iterator().next();
        return DvjException.data(from.describe() + ": " + read.corrupt().size() + " packed object(s) are corrupt and were"
                + " not copied (the other " + read.delivered().size() + " were), e.g. " + first.getValue()
                + "; run 'dvj fsck -c' to see which");
    }

    /** Packs the small ones among {@code ids} (sizes known from the source's files); returns the others. */
    private List<ObjectId> copyIntoPacks(PackingDatabase packs, List<ObjectId> ids, Map<ObjectId, Long> copied,
                                         Progress progress, Arrivals arrivals) {
        List<ObjectId> small = new ArrayList<>();
        List<ObjectId> rest = new ArrayList<>();
        Map<ObjectId, Long> sizes = new java.util.HashMap<>();
        for (ObjectId id : ids) {
            long size = from.localSize(id);
            if (packs.packs(size)) {
                small.add(id);
                sizes.put(id, size);
            } else {
                rest.add(id);
            }
        }
        if (small.size() < PackingDatabase.PACK_AT_LEAST) {
            rest.addAll(small); // a pack of a few objects saves nothing, and loose ones gc can delete one by one
            return rest;
        }
        packs.insertPacked(from, small, sizes::get, (id, size) -> {
            copied.put(id, size);
            progress.advance(1, size);
            arrivals.arrived(id, null);
        });
        return rest;
    }

    /**
     * A file the source keeps as chunks (a chunked cache), to a destination that stores it as chunks
     * too: only the chunks it lacks travel. Returns its size, or -1 when this does not apply.
     */
    private long copyChunked(ObjectId id, Arrivals arrivals) {
        if (!(to instanceof PackingDatabase packs)) {
            return -1;
        }
        try {
            Optional<dev.dvj.core.chunk.ChunkList> list = from.chunkList(id);
            if (list.isEmpty() || !packs.insertChunked(id, list.get(), from)) {
                return -1;
            }
            arrivals.arrived(id, null);
            return list.get().size();
        } catch (DvjException e) {
            throw namingSource(e);
        } catch (IOException e) {
            throw to.error("cannot write " + id, e);
        }
    }

    /** Copies one object; returns its size, or -1 when the source does not hold it. */
    public long copyOne(ObjectId id, Arrivals arrivals) {
        Optional<Path> file = from.localFile(id);
        if (file.isPresent()) {
            return copyFile(id, file.get(), arrivals);
        }
        long chunked = copyChunked(id, arrivals);
        if (chunked >= 0) {
            return chunked;
        }
        Optional<Held> held;
        try {
            // Run again from the start if the source's connection breaks mid-body: each run writes
            // afresh, and the destination keeps only bytes that check out against the id.
            held = from.read(id, stream -> {
                byte[] head = stream.readNBytes(HELD_IN_MEMORY + 1);
                if (head.length <= HELD_IN_MEMORY) {
                    to.insert(id, head);
                    return new Held(head, head.length);
                }
                long size = to.insert(id, new SequenceInputStream(new ByteArrayInputStream(head), stream), ObjectInfo.UNKNOWN_SIZE);
                return new Held(null, size);
            });
        } catch (DvjException e) {
            throw namingSource(e);
        } catch (IOException e) {
            throw from.error("cannot read " + id, e);
        }
        if (held.isEmpty()) {
            return -1;
        }
        arrivals.arrived(id, held.get().bytes());
        return held.get().size();
    }

    private long copyFile(ObjectId id, Path file, Arrivals arrivals) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw from.error("cannot read " + id, e);
        }
        try {
            to.insert(id, file);
        } catch (NoSuchFileException e) {
            return -1; // deleted meanwhile (a gc elsewhere): not held after all
        } catch (DvjException e) {
            throw namingSource(e);
        } catch (IOException e) {
            throw to.error("cannot write " + id, e);
        }
        arrivals.arrived(id, null);
        return size;
    }

    /** The destination refused the bytes as corrupt: say which database sent them. */
    private DvjException namingSource(DvjException e) {
        if (e.kind() != ErrorKind.DATA || e.getMessage().startsWith(from.describe())) {
            return e; // a medium's own error names it already
        }
        return new DvjException(e.kind(), from.describe() + ": " + e.getMessage(), e);
    }

    /** An object as it reached the destination: its bytes when small enough to hold, and its size. */
    private record Held(byte[] bytes, long size) {
    }
}
