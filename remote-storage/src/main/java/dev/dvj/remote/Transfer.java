package dev.dvj.remote;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.Progress;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.Parallel;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves objects between the cache and a remote: one code path for every kind of remote. What the
 * other side already has is found with one listing, not a request per object; only the rest moves,
 * in parallel. Directory manifests always move last, and only once every file they list has
 * arrived, so on either side a present manifest means a complete directory. Everything read from
 * a remote is hash-verified before it enters the cache.
 */
public final class Transfer {
    private final Repository repository;
    private final Remote remote;
    private final int jobs;
    private Progress progress = Progress.NONE;

    public Transfer(Repository repository, Remote remote, int jobs) {
        this.repository = repository;
        this.remote = remote;
        this.jobs = Math.max(1, jobs);
    }

    /** Where to report objects and bytes as they move. */
    public Transfer withProgress(Progress reporter) {
        this.progress = reporter;
        return this;
    }

    /**
     * @param transferred objects copied
     * @param present     objects the destination already had
     * @param bytes       bytes copied
     * @param missing     objects needed but found on neither side
     */
    public record Result(int transferred, int present, long bytes, List<String> missing) {
    }

    /** Up to this many objects are checked with one request each; more are found with a listing. */
    static final int CHECK_ONE_BY_ONE_BELOW = 500;

    /**
     * Uploads what the outputs need and the remote lacks. A directory whose manifest the remote
     * already has is complete there (manifests go last), so one check covers all its files; the
     * remaining objects are checked one by one when few, or with one listing when many.
     */
    public Result push(Collection<TrackedOutput> outputs) {
        Map<ObjectId, Manifest> manifests = new LinkedHashMap<>();
        Set<ObjectId> files = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        int present = 0;
        for (TrackedOutput output : outputs) {
            ObjectId oid = output.pointer().oid();
            if (oid == null) {
                continue;
            }
            if (oid.directory()) {
                Manifest manifest = cache().manifestOrNull(oid);
                if (manifest == null) {
                    missing.add(oid.toString());
                    continue;
                }
                manifests.put(oid, manifest);
            } else {
                files.add(oid);
            }
        }
        Set<ObjectId> onRemote = ConcurrentHashMap.newKeySet();
        List<ObjectId> manifestIds = new ArrayList<>(manifests.keySet());
        List<Boolean> complete = Parallel.map(manifestIds, jobs, this::remoteHas);
        for (int i = 0; i < manifestIds.size(); i++) {
            Manifest manifest = manifests.get(manifestIds.get(i));
            if (complete.get(i)) {
                onRemote.add(manifestIds.get(i));
                manifest.entries().forEach(e -> onRemote.add(e.oid()));
                present += 1 + manifest.entries().size();
            } else {
                manifest.entries().forEach(e -> files.add(e.oid()));
            }
        }
        files.removeAll(onRemote);
        onRemote.addAll(whichAreOnRemote(files));
        List<ObjectId> toSend = new ArrayList<>();
        Set<ObjectId> cached = cache().present(files.stream().filter(id -> !onRemote.contains(id)).toList());
        for (ObjectId id : files) {
            if (onRemote.contains(id)) {
                present++;
            } else if (!cached.contains(id)) {
                missing.add(id.toString());
            } else {
                toSend.add(id);
            }
        }
        AtomicLong bytes = new AtomicLong();
        progress.begin("push " + remote.name(), toSend.size(), sizeOf(toSend));
        try {
            Parallel.map(toSend, jobs, id -> {
                progress.advance(1, upload(id, bytes));
                onRemote.add(id);
                return id;
            });
        } finally {
            progress.end();
        }
        int sent = toSend.size();
        for (Map.Entry<ObjectId, Manifest> manifest : manifests.entrySet()) {
            if (onRemote.contains(manifest.getKey())) {
                continue;
            }
            if (manifest.getValue().entries().stream().allMatch(e -> onRemote.contains(e.oid()))) {
                upload(manifest.getKey(), bytes);
                sent++;
            }
        }
        return new Result(sent, present, bytes.get(), missing);
    }

    /** Which of these objects the remote has: a request each when few, one listing when many. */
    private Set<ObjectId> whichAreOnRemote(Set<ObjectId> candidates) {
        if (candidates.size() >= CHECK_ONE_BY_ONE_BELOW) {
            Set<ObjectId> listed = listRemote();
            listed.retainAll(candidates);
            return listed;
        }
        List<ObjectId> ids = new ArrayList<>(candidates);
        List<Boolean> there = Parallel.map(ids, jobs, this::remoteHas);
        Set<ObjectId> found = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (there.get(i)) {
                found.add(ids.get(i));
            }
        }
        return found;
    }

    private boolean remoteHas(ObjectId id) {
        try {
            return remote.has(id);
        } catch (IOException e) {
            throw remoteError("cannot check " + id, e);
        }
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
        private final Map<ObjectId, DownloadedManifest> newManifests;
        private final List<ObjectId> toGet;
        private final int present;
        private final List<String> missing;

        private FetchPlan(Map<ObjectId, DownloadedManifest> newManifests, List<ObjectId> toGet, int present,
                          List<String> missing) {
            this.newManifests = newManifests;
            this.toGet = toGet;
            this.present = present;
            this.missing = missing;
        }

        /** The manifests read from the remote for this fetch, by id. */
        public Map<ObjectId, Manifest> manifests() {
            Map<ObjectId, Manifest> parsed = new LinkedHashMap<>();
            newManifests.forEach((id, manifest) -> parsed.put(id, manifest.parsed()));
            return parsed;
        }

        /** The objects the fetch will download. */
        public Set<ObjectId> downloads() {
            return new HashSet<>(toGet);
        }

        /** False when a directory manifest is on neither side, so its files cannot even be named. */
        public boolean complete() {
            return missing.isEmpty();
        }
    }

    /** Reads the manifests the cache lacks and works out which objects to download. */
    public FetchPlan planFetch(Collection<TrackedOutput> outputs) {
        Map<ObjectId, DownloadedManifest> newManifests = new LinkedHashMap<>();
        Set<ObjectId> files = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        int present = 0;
        for (TrackedOutput output : outputs) {
            ObjectId oid = output.pointer().oid();
            if (oid == null) {
                continue;
            }
            if (!oid.directory()) {
                files.add(oid);
                continue;
            }
            Manifest manifest = cache().manifestOrNull(oid);
            if (manifest == null) {
                Optional<byte[]> bytes = download(oid);
                if (bytes.isEmpty()) {
                    missing.add(oid.toString());
                    continue;
                }
                manifest = Manifest.parse(bytes.get(), oid.toString());
                newManifests.put(oid, new DownloadedManifest(bytes.get(), manifest));
            } else {
                present++;
            }
            manifest.entries().forEach(e -> files.add(e.oid()));
        }
        List<ObjectId> toGet = new ArrayList<>();
        Set<ObjectId> cached = cache().present(files);
        for (ObjectId id : files) {
            if (cached.contains(id)) {
                present++;
            } else {
                toGet.add(id);
            }
        }
        return new FetchPlan(newManifests, toGet, present, missing);
    }

    /**
     * Downloads what the plan names, verifying every object's hash, and tells {@code arrivals} of
     * each object as soon as it is in the cache, from the worker that fetched it.
     */
    public Result fetch(FetchPlan plan, Arrivals arrivals) {
        List<ObjectId> toGet = plan.toGet;
        List<String> missing = new ArrayList<>(plan.missing);
        AtomicLong bytes = new AtomicLong();
        List<Boolean> got;
        progress.begin("fetch " + remote.name(), toGet.size(), -1);
        try {
            got = Parallel.map(toGet, jobs, id -> {
                long before = bytes.get();
                boolean ok = fetchInto(id, bytes, arrivals);
                progress.advance(1, Math.max(0, bytes.get() - before));
                return ok;
            });
        } finally {
            progress.end();
        }
        int fetched = 0;
        Set<ObjectId> notFetched = new HashSet<>();
        for (int i = 0; i < toGet.size(); i++) {
            if (got.get(i)) {
                fetched++;
            } else {
                notFetched.add(toGet.get(i));
                missing.add(toGet.get(i).toString());
            }
        }
        for (DownloadedManifest manifest : plan.newManifests.values()) {
            // Every file was in the cache before or has just arrived, unless it is in notFetched.
            if (manifest.parsed().entries().stream().map(ManifestEntry::oid).noneMatch(notFetched::contains)) {
                try {
                    cache().insert(manifest.bytes(), true);
                } catch (IOException e) {
                    throw DvjException.data("cannot write to the cache: " + e.getMessage(), e);
                }
                fetched++;
                bytes.addAndGet(manifest.bytes().length);
            }
        }
        return new Result(fetched, plan.present, bytes.get(), missing);
    }

    /** A manifest read from the remote, held back from the cache until its files are all there. */
    private record DownloadedManifest(byte[] bytes, Manifest parsed) {
    }

    /** The objects each output needs, by where they are: the cache, the remote, both or neither. */
    public record Comparison(Set<ObjectId> localOnly, Set<ObjectId> remoteOnly, Set<ObjectId> both,
                             Set<ObjectId> neither) {
    }

    /**
     * Where each output's objects are. Checked like push checks: a directory whose manifest the
     * remote has is complete there; the remaining objects one by one when few, by a listing when
     * many.
     */
    public List<Comparison> compare(List<TrackedOutput> outputs) {
        Set<ObjectId> onRemote = ConcurrentHashMap.newKeySet();
        List<Set<ObjectId>> neededByOutput = new ArrayList<>();
        for (TrackedOutput output : outputs) {
            Set<ObjectId> needed = new LinkedHashSet<>();
            ObjectId oid = output.pointer().oid();
            if (oid != null) {
                needed.add(oid);
                if (oid.directory()) {
                    boolean complete = remoteHas(oid);
                    Manifest manifest = cache().manifestOrNull(oid);
                    if (manifest == null && complete) {
                        manifest = download(oid).map(b -> Manifest.parse(b, oid.toString())).orElse(null);
                    }
                    if (manifest != null) {
                        manifest.entries().forEach(e -> needed.add(e.oid()));
                        if (complete) {
                            onRemote.add(oid);
                            manifest.entries().forEach(e -> onRemote.add(e.oid()));
                        }
                    }
                }
            }
            neededByOutput.add(needed);
        }
        Set<ObjectId> unknown = new LinkedHashSet<>();
        neededByOutput.forEach(unknown::addAll);
        Set<ObjectId> cached = cache().present(unknown);
        unknown.removeAll(onRemote);
        onRemote.addAll(whichAreOnRemote(unknown));
        List<Comparison> comparisons = new ArrayList<>();
        for (Set<ObjectId> needed : neededByOutput) {
            Set<ObjectId> localOnly = new LinkedHashSet<>();
            Set<ObjectId> remoteOnly = new LinkedHashSet<>();
            Set<ObjectId> both = new LinkedHashSet<>();
            Set<ObjectId> neither = new LinkedHashSet<>();
            for (ObjectId id : needed) {
                boolean local = cached.contains(id);
                boolean remote = onRemote.contains(id);
                (local && remote ? both : local ? localOnly : remote ? remoteOnly : neither).add(id);
            }
            comparisons.add(new Comparison(localOnly, remoteOnly, both, neither));
        }
        return comparisons;
    }

    private Set<ObjectId> listRemote() {
        try {
            return new HashSet<>(remote.list());
        } catch (IOException e) {
            throw remoteError("cannot list", e);
        }
    }

    /** Uploads one cached object; returns its size. */
    private long upload(ObjectId id, AtomicLong bytes) {
        try {
            remote.put(id, cache().path(id));
            long size = Files.size(cache().path(id));
            bytes.addAndGet(size);
            return size;
        } catch (IOException e) {
            throw remoteError("cannot upload " + id, e);
        }
    }

    private long sizeOf(List<ObjectId> ids) {
        long total = 0;
        for (ObjectId id : ids) {
            try {
                total += Files.size(cache().path(id));
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    /** Objects up to this size are read into memory, so the bytes can serve arrivals too. */
    static final int HELD_IN_MEMORY = 1 << 20;

    private boolean fetchInto(ObjectId id, AtomicLong bytes, Arrivals arrivals) {
        Optional<InputStream> in;
        try {
            in = remote.open(id);
        } catch (IOException e) {
            throw remoteError("cannot download " + id, e);
        }
        if (in.isEmpty()) {
            return false;
        }
        byte[] held;
        try (InputStream stream = in.get()) {
            byte[] head = stream.readNBytes(HELD_IN_MEMORY + 1);
            if (head.length <= HELD_IN_MEMORY) {
                cache().insert(head, id);
                bytes.addAndGet(head.length);
                held = head;
            } else {
                bytes.addAndGet(cache().insert(new SequenceInputStream(new ByteArrayInputStream(head), stream), id));
                held = null;
            }
        } catch (DvjException e) {
            // The cache refused the bytes (corrupt): say which remote sent them.
            throw new DvjException(e.kind(), "remote '" + remote.name() + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw remoteError("cannot download " + id, e);
        }
        arrivals.arrived(id, held);
        return true;
    }

    /** A manifest's bytes, verified against its id; empty when the remote lacks it. */
    private Optional<byte[]> download(ObjectId id) {
        try {
            Optional<InputStream> in = remote.open(id);
            if (in.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream stream = in.get()) {
                bytes = stream.readAllBytes();
            }
            if (!Hashing.ofBytes(bytes, true).equals(id)) {
                throw DvjException.data("remote '" + remote.name() + "': object " + id + " is corrupt");
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw remoteError("cannot download " + id, e);
        }
    }

    private CacheDirectory cache() {
        return repository.cache();
    }

    private DvjException remoteError(String what, IOException e) {
        return new DvjException(ErrorKind.REMOTE, "remote '" + remote.name() + "' (" + remote.url() + "): " + what
                + ": " + e.getMessage(), e);
    }
}
