package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.ReadProgress;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.io.SmallGroups;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.ContentHasher;
import dev.dvj.core.workspace.Materializer;
import dev.dvj.core.workspace.OutputStage;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Parallel;
import dev.dvj.core.workspace.PartialCheckouts;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;
import dev.dvj.core.workspace.TrackedOutput;
import dev.dvj.core.workspace.WorkspaceBoundary;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code dvj checkout}: makes workspace data match pointers, optionally restoring the pointers of
 * a revision first. Plans everything before touching anything: a missing object or a file with
 * unsaved changes stops the command before the first write. An output that is not in the
 * workspace yet is built beside its place and renamed in whole ({@link OutputStage}), so it never
 * shows half-written; pull starts building it while the objects are still downloading.
 */
public final class CheckoutCommand {
    private final Repository repository;

    public CheckoutCommand(Repository repository) {
        this.repository = repository;
    }

    public enum Action {
        CREATED, UPDATED, UNCHANGED,
        /** The pointer records no content yet. */
        SKIPPED
    }

    public record CheckedOut(String path, Action action, int filesWritten, int filesRemoved) {
    }

    /**
     * @param rev              the full commit id the pointers came from, or null for the workspace's pointers
     * @param leftoversRemoved temp files and folders that a dvj killed mid-write had left in or
     *                         beside these outputs, removed now
     */
    public record Result(String rev, List<CheckedOut> outputs, int leftoversRemoved) {
    }

    /** What to do for one output: files to (re)write by path inside it, and files to delete. */
    /** @param manifest for a directory placed in part, its manifest (kept outside the cache); else null */
    private record Plan(TrackedOutput output, Action action, Map<String, ManifestEntry> writes, List<String> deletes,
                        boolean replaceOtherKind, Manifest manifest) {
        Plan(TrackedOutput output, Action action, Map<String, ManifestEntry> writes, List<String> deletes,
             boolean replaceOtherKind) {
            this(output, action, writes, deletes, replaceOtherKind, null);
        }

        Plan withManifest(Manifest directory) {
            return new Plan(output, action, writes, deletes, replaceOtherKind, directory);
        }
    }

    public Result run(List<Path> targets, String rev, boolean force) {
        try (Pending checkout = prepare(targets, rev, force, Map.of(), Set.of())) {
            return checkout.finish();
        }
    }

    /**
     * Plans a checkout whose data may still be on its way (pull): objects in {@code arriving} count
     * as present, and manifests in {@code manifests} as known, though the cache has neither yet.
     * Refuses, as {@link #run} does, before anything is written. Outputs not in the workspace yet
     * are built beside their place as the objects arrive ({@link Pending#arrived}); the rest is
     * written by {@link Pending#finish}. Holds the repository lock until closed.
     */
    public Pending prepare(List<Path> targets, String rev, boolean force, Map<ObjectId, Manifest> manifests,
                           Set<ObjectId> arriving) {
        RepositoryLock lock = repository.lock();
        try {
            String commit = rev == null ? null : repository.scm().resolve(rev);
            List<TrackedOutput> selected = select(targets, rev);
            ContentHasher hasher = new ContentHasher(repository);
            Knowledge known = new Knowledge(manifests, arriving);
            List<Plan> plans = new ArrayList<>();
            Set<ObjectId> missing = new LinkedHashSet<>();
            List<String> unsaved = new ArrayList<>();
            for (TrackedOutput output : selected) {
                plans.add(plan(output, hasher, known, missing, unsaved));
            }
            if (!missing.isEmpty()) {
                throw DvjException.data(missing.size() + " object(s) needed for checkout are not in the cache, e.g. "
                        + missing.iterator().next() + " (fetch them from a remote with 'dvj pull'); nothing was changed");
            }
            if (!unsaved.isEmpty() && !force) {
                throw DvjException.conflict("checkout would overwrite changes that are not in the cache: "
                        + String.join(", ", unsaved.subList(0, Math.min(5, unsaved.size())))
                        + (unsaved.size() > 5 ? " and " + (unsaved.size() - 5) + " more" : "")
                        + " (record them with 'dvj commit' first, or use --force); nothing was changed");
            }
            requireIntact(plans, known);
            // Listed before this checkout makes temp names of its own.
            List<Path> leftovers = new ArrayList<>(hasher.leftovers());
            leftovers.addAll(tempsBeside(selected));
            return new Pending(lock, commit, rev == null ? List.of() : selected, plans, leftovers);
        } catch (RuntimeException e) {
            repository.flush();
            lock.close();
            throw e;
        }
    }

    /**
     * Hashes (or finds proven by their stat) the cached objects the plans will place, before the
     * first write: a corrupt object stops the checkout with the workspace unchanged.
     */
    private void requireIntact(List<Plan> plans, Knowledge known) {
        Map<ObjectId, Long> needed = new LinkedHashMap<>();
        for (Plan plan : plans) {
            for (ManifestEntry entry : plan.writes().values()) {
                if (!known.arriving().contains(entry.oid())) {
                    needed.put(entry.oid(), entry.size());
                }
            }
        }
        // Hashing a big object takes as long as copying it: the bar shows it too.
        Progress progress = repository.progress();
        progress.begin("checking", needed.size(), needed.values().stream().mapToLong(Long::longValue).sum());
        try {
            Parallel.map(List.copyOf(needed.entrySet()), repository.jobs(), object -> {
                try {
                    return ReadProgress.forFile(progress, object.getValue(), () -> {
                        repository.verifier().requireIntact(object.getKey());
                        return object.getKey();
                    });
                } catch (java.io.IOException e) {
                    throw DvjException.data("cannot read cache object " + object.getKey() + ": " + e.getMessage(), e);
                }
            });
        } finally {
            progress.end();
        }
    }

    /** What the plan may count on beyond the cache: manifests and objects a fetch is bringing. */
    private record Knowledge(Map<ObjectId, Manifest> manifests, Set<ObjectId> arriving) {
        boolean willHave(CacheDirectory cache, ObjectId id) {
            return arriving.contains(id) || cache.has(id);
        }

        /**
         * The directory manifest, from the fetch when it brought one, else the cache's, else one a
         * pull of part of the directory kept (or null).
         */
        Manifest manifest(Repository repository, ObjectId id) {
            Manifest fetched = manifests.get(id);
            if (fetched != null) {
                return fetched;
            }
            Manifest cached = repository.cache().manifestOrNull(id);
            return cached != null ? cached : repository.knownManifests().get(id);
        }
    }

    /**
     * A planned checkout, holding the repository lock: outputs that are new to the workspace fill
     * up as their objects arrive; {@link #finish} writes everything else. Closed without finishing,
     * it removes what it built and the workspace is as it was.
     */
    public final class Pending implements Arrivals, AutoCloseable {
        private final RepositoryLock lock;
        private final String commit;
        private final List<TrackedOutput> pointersToRestore;
        private final List<Plan> plans;
        private final List<Path> leftovers;
        // By identity: a plan's own hash would walk all of its (perhaps 20,000) writes.
        private final Map<Plan, OutputStage> stages = new IdentityHashMap<>();
        private final Map<ObjectId, List<OutputStage>> stagesByObject = new HashMap<>();
        private boolean finished;

        private Pending(RepositoryLock lock, String commit, List<TrackedOutput> pointersToRestore, List<Plan> plans,
                        List<Path> leftovers) {
            this.lock = lock;
            this.commit = commit;
            this.pointersToRestore = pointersToRestore;
            this.plans = plans;
            this.leftovers = leftovers;
            try {
                for (Plan plan : plans) {
                    OutputStage stage = plan.action() == Action.CREATED
                            ? OutputStage.begin(repository, plan.output().dataPath(), plan.output().pointer().isDirectory(),
                            plan.writes().values())
                            : null;
                    if (stage != null) {
                        stages.put(plan, stage);
                        stage.objects().forEach(id -> SmallGroups.add(stagesByObject, id, stage));
                    }
                }
            } catch (RuntimeException e) {
                stages.values().forEach(OutputStage::discard);
                throw e;
            }
        }

        /** Writes the files that hold this object into the outputs being built. Thread-safe. */
        @Override
        public void arrived(ObjectId id, byte[] bytes) {
            repository.verifier().downloaded(id); // checked against its id on the way in
            for (OutputStage stage : stagesByObject.getOrDefault(id, List.of())) {
                stage.arrived(id, bytes);
            }
        }

        /** Writes the rest and moves the new outputs into place; every object must be in the cache now. */
        public Result finish() {
            if (!pointersToRestore.isEmpty()) {
                restorePointers(pointersToRestore);
            }
            List<CheckedOut> results = new ArrayList<>();
            for (Plan plan : plans) {
                OutputStage stage = stages.remove(plan);
                if (stage != null) {
                    stage.publish();
                    results.add(new CheckedOut(plan.output().dataPath(), plan.action(), plan.writes().size(), 0));
                } else {
                    results.add(apply(plan));
                }
            }
            finished = true;
            notePartialCheckouts(plans);
            return new Result(commit, results, removeLeftovers(leftovers));
        }

        @Override
        public void close() {
            try {
                if (!finished) {
                    stages.values().forEach(OutputStage::discard);
                }
            } finally {
                try {
                    repository.flush();
                } finally {
                    lock.close();
                }
            }
        }
    }

    /**
     * Remembers directories this checkout placed only part of (so that commit does not record
     * them as if the rest had been deleted), and forgets those it now placed whole.
     */
    private void notePartialCheckouts(List<Plan> plans) {
        PartialCheckouts partial = repository.partialCheckouts();
        for (Plan plan : plans) {
            String dataPath = plan.output().dataPath();
            ObjectId oid = plan.output().pointer().oid();
            if (plan.output().partial()) {
                if (plan.action() == Action.CREATED || plan.action() == Action.UPDATED) {
                    partial.mark(dataPath);
                }
                if (plan.manifest() != null && plan.manifest().whole() && !repository.cache().has(oid)) {
                    repository.knownManifests().keep(oid, plan.manifest());
                }
            } else if (plan.action() != Action.SKIPPED) {
                partial.clear(dataPath);
                if (oid != null && oid.directory()) {
                    repository.knownManifests().forget(oid);
                }
            }
        }
        partial.save();
    }

    /**
     * dvj's temp names in the folders that hold these outputs: pointer and .gitignore temps, and
     * outputs a killed checkout or pull was building beside their place.
     */
    private List<Path> tempsBeside(List<TrackedOutput> outputs) {
        Set<Path> folders = new LinkedHashSet<>();
        for (TrackedOutput output : outputs) {
            Path parent = repository.resolve(output.dataPath()).toAbsolutePath().getParent();
            if (parent != null) {
                folders.add(parent);
            }
        }
        List<Path> temps = new ArrayList<>();
        for (Path folder : folders) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "." + "*" + AtomicFiles.TEMP_SUFFIX)) {
                entries.forEach(temps::add);
            } catch (NoSuchFileException | NotDirectoryException e) {
                // Nothing there yet.
            } catch (IOException e) {
                throw DvjException.data("cannot read " + repository.relative(folder) + ": " + e.getMessage(), e);
            }
        }
        return temps;
    }

    /**
     * Removes what killed writers left. Safe only under the repository lock, which every workspace
     * writer holds: no live process owns these names.
     */
    private int removeLeftovers(List<Path> leftovers) {
        int removed = 0;
        for (Path leftover : leftovers) {
            try {
                repository.boundary().writable(repository.relative(leftover));
                FileTrees.delete(leftover);
                removed++;
            } catch (IOException | DvjException e) {
                // Only debris: a later checkout tries again.
            }
        }
        return removed;
    }

    private List<TrackedOutput> select(List<Path> targets, String rev) {
        Outputs outputs = new Outputs(repository);
        if (rev == null) {
            return outputs.selectReaching(targets);
        }
        Map<String, TrackedOutput> atRev = outputs.atRevision(rev);
        if (targets == null || targets.isEmpty()) {
            return new ArrayList<>(atRev.values());
        }
        List<TrackedOutput> selected = new ArrayList<>();
        for (Path target : targets) {
            String pointerPath = PathArguments.requireTrackable(repository, Outputs.pointerFor(target));
            TrackedOutput output = atRev.get(pointerPath);
            if (output == null) {
                output = enclosingAt(atRev, repository.relative(target));
            }
            if (output == null) {
                throw DvjException.invalid("'" + repository.relative(target) + "' is not tracked by dvj at " + rev);
            }
            selected.add(output);
        }
        return selected;
    }

    /** The directory output of a revision that holds this path, narrowed to it; null when none does. */
    private static TrackedOutput enclosingAt(Map<String, TrackedOutput> atRev, String path) {
        for (TrackedOutput output : atRev.values()) {
            if (output.pointer().isDirectory() && path.startsWith(output.dataPath() + "/")) {
                return output.narrowedTo(path.substring(output.dataPath().length() + 1));
            }
        }
        return null;
    }

    private Plan plan(TrackedOutput output, ContentHasher hasher, Knowledge known, Set<ObjectId> missing,
                      List<String> unsaved) {
        Pointer pointer = output.pointer();
        if (pointer.oid() == null) {
            return new Plan(output, Action.SKIPPED, Map.of(), List.of(), false);
        }
        // Refused here, before anything is written: a link on the way would carry writes and deletes outside.
        WorkspaceBoundary boundary = repository.boundary();
        Path data = boundary.writable(output.dataPath());
        if (!pointer.isDirectory()) {
            if (!known.willHave(repository.cache(), pointer.oid())) {
                missing.add(pointer.oid());
            }
            ManifestEntry whole = new ManifestEntry("", pointer.oid(), pointer.size(), pointer.executable());
            if (!Files.exists(data)) {
                return new Plan(output, Action.CREATED, Map.of("", whole), List.of(), false);
            }
            Snapshot now = hasher.snapshot(data, false);
            if (now.oid().equals(pointer.oid())) {
                return new Plan(output, Action.UNCHANGED, Map.of(), List.of(), false);
            }
            if (now.isDirectory() || !repository.cache().has(now.oid())) {
                unsaved.add(output.dataPath());
            }
            return new Plan(output, Action.UPDATED, Map.of("", whole), List.of(), now.isDirectory());
        }
        Manifest manifest = known.manifest(repository, pointer.oid());
        if (manifest == null) {
            missing.add(pointer.oid());
            return new Plan(output, Action.SKIPPED, Map.of(), List.of(), false);
        }
        if (output.partial()) {
            return planPart(output, manifest, data, hasher, known, missing, unsaved);
        }
        Set<ObjectId> cached = repository.cache().present(manifest.entries().stream().map(ManifestEntry::oid).toList());
        for (ManifestEntry entry : manifest.entries()) {
            if (!cached.contains(entry.oid()) && !known.arriving().contains(entry.oid())) {
                missing.add(entry.oid());
            }
        }
        Map<String, ManifestEntry> wanted = manifest.byPath();
        Plan withoutFolder = planWithoutFolder(output, data, wanted, hasher, unsaved);
        if (withoutFolder != null) {
            return withoutFolder;
        }
        Map<String, ManifestEntry> writes = new LinkedHashMap<>(wanted);
        List<String> deletes = new ArrayList<>();
        for (ManifestEntry current : hasher.manifest(data).entries()) {
            ManifestEntry target = writes.get(current.path());
            if (target == null) {
                deletes.add(current.path());
            } else if (target.oid().equals(current.oid()) && target.executable() == current.executable()) {
                writes.remove(current.path());
                continue;
            }
            // Only a file about to be replaced or deleted needs to be in the cache (a stat each).
            boolean replaced = target == null || !target.oid().equals(current.oid());
            if (replaced && !repository.cache().has(current.oid())) {
                unsaved.add(output.dataPath() + "/" + current.path());
            }
        }
        // The scan skips linked folders, so a file to write may seem absent while a link stands in its way.
        requireRealFolders(boundary, data, writes.keySet());
        requireRealFolders(boundary, data, deletes);
        Action action = writes.isEmpty() && deletes.isEmpty() ? Action.UNCHANGED : Action.UPDATED;
        return new Plan(output, action, writes, deletes, false);
    }

    /**
     * The plan for the files asked for inside a directory (a path inside it named on the command
     * line): only they are compared, one stat or hash each, and written; nothing else in the
     * folder is touched or deleted.
     */
    private Plan planPart(TrackedOutput output, Manifest manifest, Path data, ContentHasher hasher, Knowledge known,
                          Set<ObjectId> missing, List<String> unsaved) {
        output.requireIn(manifest);
        List<ManifestEntry> asked = output.entriesIn(manifest);
        Set<ObjectId> cached = repository.cache().present(asked.stream().map(ManifestEntry::oid).toList());
        Map<String, ManifestEntry> writes = new LinkedHashMap<>();
        for (ManifestEntry entry : asked) {
            if (!cached.contains(entry.oid()) && !known.arriving().contains(entry.oid())) {
                missing.add(entry.oid());
            }
            writes.put(entry.path(), entry);
        }
        Plan withoutFolder = planWithoutFolder(output, data, writes, hasher, unsaved);
        if (withoutFolder != null) {
            return withoutFolder.withManifest(manifest);
        }
        requireRealFolders(repository.boundary(), data, writes.keySet());
        for (ManifestEntry entry : asked) {
            Path file = data.resolve(entry.path());
            Snapshot now = hasher.snapshot(file, false);
            if (now == null) {
                continue;
            }
            if (!now.isDirectory() && now.oid().equals(entry.oid()) && ExecBit.of(file) == entry.executable()) {
                writes.remove(entry.path());
            } else if (now.isDirectory() || !repository.cache().has(now.oid())) {
                unsaved.add(output.dataPath() + "/" + entry.path());
            }
        }
        return new Plan(output, writes.isEmpty() ? Action.UNCHANGED : Action.UPDATED, writes, List.of(), false)
                .withManifest(manifest);
    }

    /**
     * The plan for a directory output that is not a folder in the workspace: absent (built whole
     * beside its place), or a file standing where it goes (replaced; unsaved unless cached). Null
     * when the folder is there.
     */
    private Plan planWithoutFolder(TrackedOutput output, Path data, Map<String, ManifestEntry> writes, ContentHasher hasher,
                                   List<String> unsaved) {
        repository.boundary().requireNotLinkedFolder(output.dataPath());
        if (!Files.exists(data)) {
            return new Plan(output, Action.CREATED, writes, List.of(), false);
        }
        if (!Files.isDirectory(data)) {
            Snapshot now = hasher.snapshot(data, false);
            if (!repository.cache().has(now.oid())) {
                unsaved.add(output.dataPath());
            }
            return new Plan(output, Action.UPDATED, writes, List.of(), true);
        }
        return null;
    }

    private static void requireRealFolders(WorkspaceBoundary boundary, Path data, Collection<String> paths) {
        for (String path : paths) {
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                boundary.requireRealFolder(data.resolve(path.substring(0, slash)));
            }
        }
    }

    private void restorePointers(List<TrackedOutput> outputs) {
        Set<String> toStage = new LinkedHashSet<>();
        for (TrackedOutput output : outputs) {
            if (output.fromPipeline()) {
                continue; // dvj.lock comes back with 'git checkout'; dvj never rewrites it here
            }
            toStage.addAll(PointerWriter.write(repository, output.pointerPath(), output.dataPath(), output.pointer()));
        }
        repository.scm().stage(toStage);
    }

    private CheckedOut apply(Plan plan) {
        if (plan.action() == Action.UNCHANGED || plan.action() == Action.SKIPPED) {
            return new CheckedOut(plan.output().dataPath(), plan.action(), 0, 0);
        }
        String dataPath = plan.output().dataPath();
        Path data = repository.resolve(dataPath);
        try {
            if (plan.replaceOtherKind()) {
                FileTrees.delete(data);
            }
            for (String gone : plan.deletes()) {
                Files.deleteIfExists(data.resolve(gone));
            }
            if (!plan.deletes().isEmpty()) {
                pruneEmptyFolders(data);
            }
        } catch (IOException e) {
            throw DvjException.data("cannot remove files under " + dataPath + ": " + e.getMessage(), e);
        }
        new Materializer(repository).place(dataPath, plan.writes().values());
        return new CheckedOut(dataPath, plan.action(), plan.writes().size(), plan.deletes().size());
    }

    private static void pruneEmptyFolders(Path root) throws IOException {
        List<Path> folders;
        try (Stream<Path> walk = Files.walk(root)) {
            folders = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path folder : folders) {
            if (folder.equals(root)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                if (!entries.iterator().hasNext()) {
                    Files.delete(folder);
                }
            }
        }
    }
}
