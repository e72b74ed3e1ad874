package dev.dvj.core.sync;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.odb.pack.PackingDatabase;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Garbage collection of one object database, the cache or a remote alike: deletes the objects no
 * output in scope needs. Never deletes anything it cannot prove unneeded: when the manifest of a
 * needed directory is in none of the databases asked, it stops before deleting. Manifests go
 * before the files they list, so a present manifest keeps meaning a complete directory.
 */
public final class ObjectGc {
    private final ObjectDatabase database;
    private final List<ObjectDatabase> manifestSources;

    /**
     * @param database        where to collect
     * @param manifestSources where to read the needed directories' manifests, in order
     */
    public ObjectGc(ObjectDatabase database, List<ObjectDatabase> manifestSources) {
        this.database = database;
        this.manifestSources = manifestSources;
    }

    /**
     * @param kept      objects needed, so kept
     * @param removed   the ids deleted (or, for a dry run, that would be)
     * @param bytes     their size in all (-1 where the database does not say)
     * @param recent    unneeded objects kept because they are newer than the grace period
     * @param leftovers temp files (and packs without an index) of writers killed mid-write that were removed
     * @param inPacks   unneeded objects left in packs that are still mostly needed (gc rewrites a
     *                  pack once under half of it is needed)
     * @param packed    needed small objects moved from loose into packs (or, for a dry run, that would be)
     */
    public record Result(int kept, List<String> removed, long bytes, boolean dryRun, int recent, int leftovers, int inPacks,
                         int packed) {
    }

    /**
     * Deletes unneeded objects last written before {@code cutoff}; with a null cutoff, every
     * unneeded object (only safe under the repository's lock, for the cache). The grace period is
     * for the clone that is behind: another clone may have just pushed objects for a commit this
     * one cannot see yet (its dvj push comes before its git push), and they must survive, as
     * {@code git gc} keeps recent loose objects. An object whose time is not known counts as recent.
     *
     * @param leftoversBefore temp files of killed writers older than this are removed too
     */
    public Result run(Collection<TrackedOutput> outputs, boolean dryRun, Instant cutoff, Instant leftoversBefore) {
        Set<ObjectId> keep = new java.util.HashSet<>(neededObjects(outputs, manifestSources));
        try {
            keep.addAll(database.partsOf(keep)); // a big file kept as chunks keeps its chunks
            List<ObjectId> unneeded = new ArrayList<>();
            int recent = 0;
            long bytes = 0;
            PackingDatabase packs = database instanceof PackingDatabase p ? p : null;
            Map<ObjectId, Long> looseToPack = new java.util.LinkedHashMap<>();
            for (Map.Entry<ObjectId, ObjectInfo> object : database.list().entrySet()) {
                ObjectId id = object.getKey();
                Instant modified = object.getValue().modified();
                boolean old = cutoff == null || (modified != null && modified.isBefore(cutoff));
                if (packs != null && packs.isPacked(id)) {
                    continue; // in a pack: the repack below decides
                }
                if (keep.contains(id)) {
                    if (packs != null && old && !id.directory() && packs.packs(object.getValue().size())) {
                        looseToPack.put(id, object.getValue().size()); // as git gc packs loose objects
                    }
                    continue;
                }
                if (!old) {
                    recent++;
                    continue;
                }
                unneeded.add(id);
                long size = object.getValue().size();
                bytes = bytes < 0 || size < 0 ? -1 : bytes + size;
            }
            // Manifests before the files they list, chunk lists before the chunks: a crash midway
            // leaves objects no list needs, never a list naming what is gone.
            Set<ObjectId> chunkLists = new java.util.HashSet<>();
            for (ObjectId id : unneeded) {
                if (!id.directory() && database.isChunked(id)) {
                    chunkLists.add(id);
                }
            }
            unneeded.sort(java.util.Comparator.comparingInt(id -> id.directory() ? 0 : chunkLists.contains(id) ? 1 : 2));
            List<String> removed = new ArrayList<>();
            for (ObjectId id : unneeded) {
                if (!dryRun) {
                    database.delete(id);
                }
                removed.add(id.toString());
            }
            int leftovers = dryRun ? 0 : database.clearLeftovers(leftoversBefore);
            int inPacks = 0;
            int packedLoose = 0;
            if (packs != null) {
                packedLoose = packs.packLoose(looseToPack, dryRun);
                PackingDatabase.Repack repack = packs.repack(keep, cutoff, dryRun, leftoversBefore);
                repack.removed().forEach(id -> removed.add(id.toString()));
                bytes = bytes < 0 ? -1 : bytes + repack.bytes();
                leftovers += repack.leftovers();
                inPacks = repack.keptDead();
            }
            return new Result(keep.size(), removed, bytes, dryRun, recent, leftovers, inPacks, packedLoose);
        } catch (IOException e) {
            throw database.error("cannot collect garbage", e);
        }
    }

    /**
     * Temp files older than this in a store other machines write to (a folder remote) belong to
     * transfers killed mid-write; younger ones may belong to a live one.
     */
    public static final Duration SHARED_LEFTOVER_AGE = Duration.ofDays(1);

    /**
     * Remote gc: needed directories' manifests come from the cache, else the remote; unneeded
     * objects written within {@code grace} of {@code now} are spared.
     */
    public static Result collectRemote(ObjectDatabase cache, ObjectDatabase remote, Collection<TrackedOutput> outputs,
                                       boolean dryRun, Duration grace, Instant now) {
        return new ObjectGc(remote, List.of(cache, remote)).run(outputs, dryRun, now.minus(grace), now.minus(SHARED_LEFTOVER_AGE));
    }

    /**
     * Every object the outputs need; an error naming the output when a directory's manifest is in
     * none of the databases, since its files could then not be told apart from garbage.
     */
    public static Set<ObjectId> neededObjects(Collection<TrackedOutput> outputs, List<ObjectDatabase> manifestSources) {
        NeededObjects needed = NeededObjects.of(outputs, manifestSources);
        for (Map.Entry<ObjectId, TrackedOutput> unlisted : needed.unlisted().entrySet()) {
            TrackedOutput output = unlisted.getValue();
            throw DvjException.data("cannot tell which files " + output.dataPath() + " (" + output.pointerPath()
                    + ", " + unlisted.getKey().shortHex() + ") holds: its manifest is not available; fetch it first. Nothing was deleted");
        }
        return Set.copyOf(needed.ids());
    }
}
