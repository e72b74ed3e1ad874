package dev.dvj.core.sync;

import dev.dvj.core.Progress;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.ObjectCopier;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.odb.Survey;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.tree.ManifestShards;
import dev.dvj.core.workspace.TrackedOutput;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves the objects outputs need between the cache and another object database (a remote), and
 * compares the two: push, fetch and status -c, for every medium alike. What the destination already
 * holds is found with one survey (sizes checked, bytes too with {@code verify}); only the rest
 * moves, in parallel, through {@link ObjectCopier}. Directory manifests always move last, and only
 * once every file they list has arrived, so on either side a present manifest means a complete
 * directory.
 */
public final class Transfer {
    private final ObjectDatabase cache;
    private final ObjectDatabase remote;
    private final int jobs;
    private Progress progress = Progress.NONE;

    public Transfer(ObjectDatabase cache, ObjectDatabase remote, int jobs) {
        this.cache = cache;
        this.remote = remote;
        this.jobs = Math.max(1, jobs);
    }

    /** Where to report objects and bytes as they move. */
    public Transfer withProgress(Progress reporter) {
        this.progress = reporter;
        return this;
    }

    /** The database objects are pushed to and fetched from. */
    public ObjectDatabase remote() {
        return remote;
    }

    /**
     * @param transferred objects copied
     * @param present     objects the destination already had
     * @param bytes       bytes copied
     * @param missing     objects needed but found on neither side
     * @param repaired    of those copied, objects the destination held damaged (wrong size or bytes)
     */
    public record Result(int transferred, int present, long bytes, List<String> missing, int repaired) {
    }

    /** Uploads what the outputs need and the remote lacks or holds damaged, checking sizes only. */
    public Result push(Collection<TrackedOutput> outputs) {
        return push(outputs, false);
    }

    /**
     * Uploads what the outputs need and the remote lacks or holds damaged. Every object is checked
     * on the remote: by its size, and with {@code verify} by reading it back and hashing it too. A
     * damaged object is replaced.
     */
    public Result push(Collection<TrackedOutput> outputs, boolean verify) {
        remote.warmUp(); // its client and indexes, while the manifests are read here
        NeededObjects needed = NeededObjects.of(outputs, List.of(cache));
        Survey.Findings there = new Survey(remote, jobs).survey(needed.sizes(), verify);
        return copyMissing(cache, remote, needed, there.held(), there.damaged(), "push " + remote.name(), Arrivals.NONE);
    }

    /**
     * Copies what {@code to} does not hold: files first, in parallel, then each manifest whose files
     * all arrived.
     */
    private Result copyMissing(ObjectDatabase from, ObjectDatabase to, NeededObjects needed, Set<ObjectId> heldBefore,
                               Set<ObjectId> damaged, String task, Arrivals arrivals) {
        Set<ObjectId> held = ConcurrentHashMap.newKeySet();
        held.addAll(heldBefore);
        List<ObjectId> files = needed.ids().stream().filter(id -> !id.directory() && !held.contains(id)).toList();
        List<String> missing = new ArrayList<>();
        needed.unlisted().keySet().forEach(id -> missing.add(id.toString()));
        ObjectCopier copier = new ObjectCopier(from, to, jobs);
        ObjectCopier.Outcome outcome = copier.copy(files, progress, task, totalSize(from, files, needed), (id, bytes) -> {
            held.add(id);
            arrivals.arrived(id, bytes);
        });
        for (int i = 0; i < files.size(); i++) {
            if (!outcome.copied().get(i)) {
                missing.add(files.get(i).toString());
            }
        }
        int copied = outcome.copiedCount();
        long bytes = outcome.bytes();
        for (Map.Entry<ObjectId, Manifest> manifest : needed.manifests().entrySet()) {
            ObjectId id = manifest.getKey();
            // A slice read for some paths never goes in: a stored root stands for every file.
            if (!held.contains(id) && manifest.getValue().whole() && manifest.getValue().entries().stream().map(ManifestEntry::oid).allMatch(held::contains)
                    && manifest.getValue().shards().stream().map(ManifestShards.Ref::oid).allMatch(held::contains)) {
                long size = copier.copyOne(id, Arrivals.NONE);
                if (size < 0) {
                    missing.add(id.toString());
                } else {
                    held.add(id);
                    copied++;
                    bytes += size;
                }
            }
        }
        int repaired = (int) damaged.stream().filter(held::contains).count();
        return new Result(copied, heldBefore.size(), bytes, missing, repaired);
    }

    /** The bytes to copy, where the source has local files to tell (-1 when unknown). */
    private static long totalSize(ObjectDatabase from, List<ObjectId> ids, NeededObjects needed) {
        long total = 0;
        for (ObjectId id : ids) {
            Long expected = needed.sizes().get(id);
            if (expected != null && expected >= 0) {
                total += expected;
                continue;
            }
            long size = from.localSize(id);
            if (size == ObjectInfo.UNKNOWN_SIZE) {
                return -1;
            }
            total += size;
        }
        return total;
    }

    /** Downloads what the outputs need and the cache lacks, verifying every object's hash. */
    public Result fetch(Collection<TrackedOutput> outputs) {
        return fetch(planFetch(outputs), Arrivals.NONE);
    }

    /**
     * What a fetch will download, known once the directory manifests the cache lacks have been
     * read from the remote. They are held back from the cache until all their files are in (so a
     * cached manifest still means a complete directory), but a pull can plan its checkout with them.
     */
    public static final class FetchPlan {
        private final NeededObjects needed;
        private final Set<ObjectId> cached;

        private FetchPlan(NeededObjects needed, Set<ObjectId> cached) {
            this.needed = needed;
            this.cached = cached;
        }

        /** The manifests the outputs' directories have, by id (read from the cache or the remote). */
        public Map<ObjectId, Manifest> manifests() {
            return needed.manifests();
        }

        /** The objects the fetch will download. */
        public Set<ObjectId> downloads() {
            Set<ObjectId> downloads = new HashSet<>(needed.ids());
            downloads.removeAll(cached);
            return downloads;
        }

        /** False when a directory manifest is on neither side, so its files cannot even be named. */
        public boolean complete() {
            return needed.unlisted().isEmpty();
        }
    }

    /** Reads the manifests the cache lacks and works out which objects to download. */
    public FetchPlan planFetch(Collection<TrackedOutput> outputs) {
        NeededObjects needed = NeededObjects.of(outputs, List.of(cache, remote));
        // The cache's own objects are trusted by name: it hashed each on the way in.
        Set<ObjectId> cached = new Survey(cache, jobs).survey(needed.sizes(), false).held();
        return new FetchPlan(needed, cached);
    }

    /**
     * Downloads what the plan names, verifying every object's hash, and tells {@code arrivals} of
     * each object as soon as it is in the cache, from the worker that fetched it.
     */
    public Result fetch(FetchPlan plan, Arrivals arrivals) {
        return copyMissing(remote, cache, plan.needed, plan.cached, Set.of(), "fetch " + remote.name(), arrivals);
    }

    /**
     * The objects each output needs, by where they are: the cache, the remote, both or neither.
     * An object the remote holds damaged counts as not on the remote, and is also listed in
     * {@code damaged}.
     */
    public record Comparison(Set<ObjectId> localOnly, Set<ObjectId> remoteOnly, Set<ObjectId> both,
                             Set<ObjectId> neither, Set<ObjectId> damaged) {
    }

    public List<Comparison> compare(List<TrackedOutput> outputs) {
        return compare(outputs, false);
    }

    /**
     * Where each output's objects are. Checked as push checks: every object by its size on the
     * remote, and with {@code verify} by its bytes; a directory's manifest is read from the cache,
     * or from the remote (verified) when the cache lacks it.
     */
    public List<Comparison> compare(List<TrackedOutput> outputs, boolean verify) {
        remote.warmUp();
        NeededObjects needed = NeededObjects.of(outputs, List.of(cache, remote));
        Survey.Findings remoteHas = new Survey(remote, jobs).survey(needed.sizes(), verify);
        Set<ObjectId> cached = new Survey(cache, jobs).survey(needed.sizes(), false).held();
        List<Comparison> comparisons = new ArrayList<>();
        for (Set<ObjectId> ids : needed.byOutput()) {
            Set<ObjectId> localOnly = new LinkedHashSet<>();
            Set<ObjectId> remoteOnly = new LinkedHashSet<>();
            Set<ObjectId> both = new LinkedHashSet<>();
            Set<ObjectId> neither = new LinkedHashSet<>();
            Set<ObjectId> damaged = new LinkedHashSet<>();
            for (ObjectId id : ids) {
                boolean local = cached.contains(id);
                boolean onRemote = remoteHas.holds(id);
                (local && onRemote ? both : local ? localOnly : onRemote ? remoteOnly : neither).add(id);
                if (remoteHas.damaged().contains(id)) {
                    damaged.add(id);
                }
            }
            comparisons.add(new Comparison(localOnly, remoteOnly, both, neither, damaged));
        }
        return comparisons;
    }
}
