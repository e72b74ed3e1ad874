package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.CacheDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves that a cache object still holds the bytes its id names before dvj copies or links it
 * into the workspace. An object can change after it was stored: root ignores the read-only bit,
 * and with {@code cache.type: hardlink} an in-place edit of a checked-out file edits the object
 * itself. Rehashing every object on every checkout would be safe but slow, so an object hashed
 * once is remembered by its stat (size, mtime, inode) in {@code .dvj/tmp/object-stamps}, as the
 * state cache remembers workspace files: any write moves the mtime, and an unchanged stat means
 * unchanged bytes. An object whose stat moved is hashed again.
 *
 * <p>A corrupt object is moved aside to {@code <cache>/corrupt/} (not deleted: its bytes may be
 * someone's edit) so that a pull can fetch the good bytes again.
 */
public final class CacheVerifier {
    private final CacheDirectory cache;
    private final StateCache stamps;
    /** Objects proven in this process, which stamps too recent to save cannot vouch for yet. */
    private final Map<ObjectId, FileStat> provenNow = new ConcurrentHashMap<>();
    /** Objects this process downloaded and verified moments ago (no stat needed on that hot path). */
    private final Set<ObjectId> downloadedNow = ConcurrentHashMap.newKeySet();
    /** Files kept as chunks read whole and found intact in this process. */
    private final Set<ObjectId> provenChunked = ConcurrentHashMap.newKeySet();

    CacheVerifier(CacheDirectory cache, Path stampsFile, Clock clock) {
        this.cache = cache;
        this.stamps = StateCache.load(stampsFile, clock);
    }

    /**
     * Returns when the object's bytes hash to its id; otherwise moves it aside and throws a data
     * error that names it. A missing object is a data error too.
     */
    public void requireIntact(ObjectId id) {
        if (downloadedNow.contains(id)) {
            return;
        }
        if (cache.isChunked(id)) {
            requireIntactChunks(id);
            return;
        }
        Path file = cache.path(id);
        FileStat stat;
        try {
            stat = FileStat.read(file);
        } catch (NoSuchFileException e) {
            throw CacheDirectory.missing(id);
        } catch (IOException e) {
            throw DvjException.data("cannot read cache object " + id + ": " + e.getMessage(), e);
        }
        if (stat.equals(provenNow.get(id)) || id.equals(withKind(stamps.get(id.hex(), stat), id))) {
            return;
        }
        ObjectId actual;
        try {
            actual = id.directory() ? Hashing.ofBytes(Files.readAllBytes(file), true) : Hashing.ofFile(file);
        } catch (IOException e) {
            throw DvjException.data("cannot read cache object " + id + ": " + e.getMessage(), e);
        }
        if (!actual.equals(id)) {
            throw corrupt(id, actual, file);
        }
        proven(id, stat);
    }

    /**
     * A file kept as chunks has no file whose stat could vouch for it: it is read whole, each chunk
     * and the file checked ({@link CacheDirectory#open}), once per process. A damaged one is set
     * aside, so a pull fetches it again.
     */
    private void requireIntactChunks(ObjectId id) {
        if (downloadedNow.contains(id) || provenChunked.contains(id)) {
            return;
        }
        try (java.io.InputStream in = cache.open(id)) {
            byte[] buffer = new byte[256 << 10];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                dev.dvj.core.ReadProgress.report(n);
            }
        } catch (IOException e) {
            throw DvjException.data("cannot read cache object " + id + ": " + e.getMessage(), e);
        } catch (DvjException damaged) {
            String where;
            try {
                where = "set it aside in " + cache.setAsideChunked(id) + "; run 'dvj pull' to fetch it again, or add the data again";
            } catch (IOException | DvjException e) {
                where = "remove " + cache.root().resolve("chunks") + "/sha256/" + id.shard() + "/" + id.fileName()
                        + ", then run 'dvj pull' to fetch it again";
            }
            throw DvjException.data(damaged.getMessage() + "; " + where);
        }
        provenChunked.add(id);
    }

    /**
     * Records an object that this process has just stored from bytes it checked against the id (a
     * download): placing it in the workspace moments later need not hash it again.
     */
    public void downloaded(ObjectId id) {
        downloadedNow.add(id);
    }

    /** Saves the stamps, if any were added. Losing them only costs hashing again. */
    public void save() {
        try {
            stamps.save();
        } catch (IOException e) {
            // Only a cache of proofs.
        }
    }

    private void proven(ObjectId id, FileStat stat) {
        provenNow.put(id, stat);
        stamps.put(id.hex(), stat, id);
    }

    /** The state cache keeps hex only; an object's kind comes from the id asked about. */
    private static ObjectId withKind(ObjectId remembered, ObjectId asked) {
        return remembered == null ? null : new ObjectId(remembered.hex(), asked.directory());
    }

    private DvjException corrupt(ObjectId id, ObjectId actual, Path file) {
        String where;
        try {
            Path aside = Files.createDirectories(cache.root().resolve("corrupt")).resolve(id.hex());
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            where = "moved it to " + aside + "; run 'dvj pull' to fetch it again, or add the data again";
        } catch (IOException e) {
            where = "remove " + file + ", then run 'dvj pull' to fetch it again";
        }
        return DvjException.data("cache object " + id + " is corrupt: its bytes hash to " + actual.hex()
                + " (was a file linked to the cache edited in place? 'dvj unprotect' makes linked files editable); "
                + where);
    }
}
