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
     * @param repaired    of those copied, objects the destination held damaged (wrong size or bytes)
     */
    public record Result(int transferred, int present, long bytes, List<String> missing, int repaired) {
    }

    /** Uploads what the outputs need and the remote lacks or holds damaged, checking sizes only. */
    public Result push(Collection<TrackedOutput> outputs) {
        return push(outputs, false);
    }

    /**
     * Uploads what the outputs need and the remote lacks or holds damaged. Every object is
     * checked on the remote: by its size, and with {@code verify} by reading it back and hashing
     * it too. A damaged object is replaced. Directory manifests go last, once every file they list
     * is on the remote.
     */
    public Result push(Collection<TrackedOutput> outputs, boolean verify) {
        Map<ObjectId, Manifest> manifests = new LinkedHashMap<>();
        Map<ObjectId, Long> expected = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (TrackedOutput output : outputs) {
            ObjectId oid = output.pointer().oid();
            if (oid == null) {
                continue;
            }
            if (!oid.directory()) {
                expected.putIfAbsent(oid, sizeOf(output));
                continue;
            }
            Manifest manifest = cache().manifestOrNull(oid);
            if (manifest == null) {
                missing.add(oid.toString());
                continue;
            }
            manifests.put(oid, manifest);
            expected.put(oid, cachedSize(oid));
            manifest.entries().forEach(e -> expected.putIfAbsent(e.oid(), e.size()));
        }
        RemoteSurvey.Findings remoteHas = new RemoteSurvey(remote, jobs).survey(expected, verify);
        Set<ObjectId> onRemote = ConcurrentHashMap.newKeySet();
        onRemote.addAll(remoteHas.held());
        List<ObjectId> files = expected.keySet().stream().filter(id -> !id.directory() && !onRemote.contains(id)).toList();
        Set<ObjectId> cached = cache().present(files);
        List<ObjectId> toSend = new ArrayList<>();
        for (ObjectId id : files) {
            if (cached.contains(id)) {
                toSend.add(id);
            } else {
                missing.add(id.toString());
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
            if (!onRemote.contains(manifest.getKey())
                    && manifest.getValue().entries().stream().allMatch(e -> onRemote.contains(e.oid()))) {
                upload(manifest.getKey(), bytes);
                onRemote.add(manifest.getKey());
                sent++;
            }
        }
        int repaired = (int) remoteHas.damaged().stream().filter(onRemote::contains).count();
        return new Result(sent, remoteHas.held().size(), bytes.get(), missing, repaired);
    }

    /** The size a file output's object must have: its pointer's, else its cached file's, else unknown. */
    private long sizeOf(TrackedOutput output) {
        Long recorded = output.pointer().size();
        return recorded != null ? recorded : cachedSize(output.pointer().oid());
    }

    private long cachedSize(ObjectId id) {
        try {
            return Files.size(cache().path(id));
        } catch (IOException e) {
            return RemoteSurvey.UNKNOWN_SIZE;
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
        return new Result(fetched, plan.present, bytes.get(), missing, 0);
    }

    /** A manifest read from the remote, held back from the cache until its files are all there. */
    private record DownloadedManifest(byte[] bytes, Manifest parsed) {
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
        Map<ObjectId, Long> expected = new LinkedHashMap<>();
        List<Set<ObjectId>> neededByOutput = new ArrayList<>();
        for (TrackedOutput output : outputs) {
            Set<ObjectId> needed = new LinkedHashSet<>();
            ObjectId oid = output.pointer().oid();
            if (oid != null && !oid.directory()) {
                expected.putIfAbsent(oid, sizeOf(output));
                needed.add(oid);
            } else if (oid != null) {
                needed.add(oid);
                Manifest manifest = cache().manifestOrNull(oid);
                long manifestSize = cachedSize(oid);
                if (manifest == null) {
                    Optional<byte[]> bytes = download(oid);
                    manifest = bytes.map(b -> Manifest.parse(b, oid.toString())).orElse(null);
                    manifestSize = bytes.map(b -> (long) b.length).orElse(RemoteSurvey.UNKNOWN_SIZE);
                }
                expected.put(oid, manifestSize);
                if (manifest != null) {
                    for (ManifestEntry entry : manifest.entries()) {
                        needed.add(entry.oid());
                        expected.putIfAbsent(entry.oid(), entry.size());
                    }
                }
            }
            neededByOutput.add(needed);
        }
        RemoteSurvey.Findings remoteHas = new RemoteSurvey(remote, jobs).survey(expected, verify);
        Set<ObjectId> cached = cache().present(expected.keySet());
        List<Comparison> comparisons = new ArrayList<>();
        for (Set<ObjectId> needed : neededByOutput) {
            Set<ObjectId> localOnly = new LinkedHashSet<>();
            Set<ObjectId> remoteOnly = new LinkedHashSet<>();
            Set<ObjectId> both = new LinkedHashSet<>();
            Set<ObjectId> neither = new LinkedHashSet<>();
            Set<ObjectId> damaged = new LinkedHashSet<>();
            for (ObjectId id : needed) {
                boolean local = cached.contains(id);
                boolean remote = remoteHas.held().contains(id);
                (local && remote ? both : local ? localOnly : remote ? remoteOnly : neither).add(id);
                if (remoteHas.damaged().contains(id)) {
                    damaged.add(id);
                }
            }
            comparisons.add(new Comparison(localOnly, remoteOnly, both, neither, damaged));
        }
        return comparisons;
    }

    /** Uploads one cached object; returns its size. */
    private long upload(ObjectId id, AtomicLong bytes) {
        try {
            remote.put(id, cache().path(id));
            long size = Files.size(cache().path(id));
            bytes.addAndGet(size);
            return size;
        } catch (IOException e) {
            throw remote.error("cannot upload " + id, e);
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

    /** An object as it entered the cache: its bytes when small enough to hold, and its size. */
    private record Fetched(byte[] held, long size) {
    }

    private boolean fetchInto(ObjectId id, AtomicLong bytes, Arrivals arrivals) {
        Optional<Fetched> fetched;
        try {
            // Run again from the start if the remote's connection breaks mid-body: each run writes
            // a fresh temp file, and the cache keeps only bytes that hash to the id.
            fetched = remote.read(id, stream -> {
                byte[] head = stream.readNBytes(HELD_IN_MEMORY + 1);
                if (head.length <= HELD_IN_MEMORY) {
                    cache().insert(head, id);
                    return new Fetched(head, head.length);
                }
                return new Fetched(null, cache().insert(new SequenceInputStream(new ByteArrayInputStream(head), stream), id));
            });
        } catch (DvjException e) {
            if (e.kind() == ErrorKind.REMOTE) {
                throw e; // the remote's own error names it already
            }
            // The cache refused the bytes (corrupt): say which remote sent them.
            throw new DvjException(e.kind(), "remote '" + remote.name() + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw remote.error("cannot download " + id, e);
        }
        if (fetched.isEmpty()) {
            return false;
        }
        bytes.addAndGet(fetched.get().size());
        arrivals.arrived(id, fetched.get().held());
        return true;
    }

    /** A manifest's bytes, verified against its id; empty when the remote lacks it. */
    private Optional<byte[]> download(ObjectId id) {
        Optional<byte[]> bytes;
        try {
            bytes = remote.read(id, InputStream::readAllBytes);
        } catch (IOException e) {
            throw remote.error("cannot download " + id, e);
        }
        if (bytes.isPresent() && !Hashing.ofBytes(bytes.get(), true).equals(id)) {
            throw DvjException.data("remote '" + remote.name() + "': object " + id + " is corrupt");
        }
        return bytes;
    }

    private CacheDirectory cache() {
        return repository.cache();
    }

}
