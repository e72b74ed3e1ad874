package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.pipeline.OutputOwnership;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.ContentHasher;
import dev.dvj.core.workspace.GitIgnoreFile;
import dev.dvj.core.workspace.IgnoreRules;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code dvj add}: stores files and directories in the cache, writes their pointers and
 * {@code .gitignore} lines, and stages both in Git. Every path is checked before anything is written
 * to the workspace or Git; Git's own checks run while the data is stored.
 */
public final class AddCommand {
    private final Repository repository;

    public AddCommand(Repository repository) {
        this.repository = repository;
    }

    /** @param warnings recorded versions that do not fit the schema dvj.yaml declares for them */
    public record Result(List<RecordedOutput> outputs, List<String> warnings) {
    }

    public Result run(List<Path> paths, String description) {
        if (paths.isEmpty()) {
            throw DvjException.invalid("nothing to add: name at least one file or directory");
        }
        try (RepositoryLock lock = repository.lock()) {
            List<String> targets = new ArrayList<>();
            for (Path path : paths) {
                targets.add(check(path));
            }
            ContentHasher hasher = new ContentHasher(repository);
            List<Snapshot> snapshots = storeWhileGitChecks(hasher, targets);
            List<RecordedOutput> results = new ArrayList<>();
            Set<String> toStage = new LinkedHashSet<>();
            for (int i = 0; i < targets.size(); i++) {
                results.add(record(targets.get(i), snapshots.get(i), description, toStage));
            }
            repository.scm().stage(toStage);
            return new Result(results, DataSchemas.warnings(repository, results));
        } finally {
            repository.flush();
        }
    }

    /**
     * Stores the targets in the cache on another thread while this one opens Git and asks it about
     * each target (already tracked by Git? would its pointer be ignored?): opening Git costs about
     * 0.1 s of a cold run, which a big file's hashing now hides. A refusal interrupts the storing
     * (whose temp files are removed before this returns) and is reported at once; an object already
     * stored stays in the cache as any interrupted add leaves it, and nothing is written to the
     * workspace or Git before every check has passed. Directories are checked first and stored
     * after, as before: their storing runs on a pool an interrupt does not stop.
     */
    private List<Snapshot> storeWhileGitChecks(ContentHasher hasher, List<String> targets) {
        if (targets.stream().anyMatch(t -> Files.isDirectory(repository.resolve(t)))) {
            targets.forEach(this::checkWithGit);
            return storeAll(hasher, targets);
        }
        ExecutorService storing = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dvj-add-store");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<List<Snapshot>> stored = storing.submit(() -> storeAll(hasher, targets));
            try {
                targets.forEach(this::checkWithGit);
            } catch (RuntimeException refused) {
                stored.cancel(true);
                throw refused;
            }
            return stored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DvjException.data("interrupted while storing " + String.join(", ", targets), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw DvjException.data("cannot store " + String.join(", ", targets) + ": " + e.getCause(), e.getCause());
        } finally {
            storing.shutdownNow();
            awaitQuietly(storing); // its temp files are gone before the lock is released (writes end promptly)
        }
    }

    private List<Snapshot> storeAll(ContentHasher hasher, List<String> targets) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (String target : targets) {
            snapshots.add(hasher.snapshot(repository.resolve(target), true));
        }
        return snapshots;
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RecordedOutput record(String target, Snapshot snapshot, String description, Set<String> toStage) {
        Path data = repository.resolve(target);
        Path pointerFile = Outputs.pointerFor(data);
        String pointerPath = repository.relative(pointerFile);
        Pointer previous = Files.exists(pointerFile) ? new Outputs(repository).read(pointerFile).pointer() : null;
        if (snapshot.isDirectory()) {
            refuseNestedPointers(target, snapshot);
        }
        String desc = description != null ? description : previous == null ? null : previous.desc();
        boolean sameContent = previous != null && snapshot.oid().equals(previous.oid());
        boolean executable = !snapshot.isDirectory() && ExecBit.of(data);
        OutputChange change = previous == null ? OutputChange.ADDED
                : sameContent && Objects.equals(desc, previous.desc()) && executable == previous.executable()
                ? OutputChange.UNCHANGED : OutputChange.UPDATED;
        if (change != OutputChange.UNCHANGED) {
            Pointer pointer = new Pointer(data.getFileName().toString(), HashAlgorithm.SHA256,
                    snapshot.oid(), snapshot.size(), snapshot.nfiles(), desc,
                    sameContent ? previous.meta() : DataProfiles.metaFor(repository, target, snapshot,
                            previous == null ? null : previous.meta()), executable);
            toStage.addAll(PointerWriter.write(repository, target, pointer));
        } else {
            toStage.addAll(PointerWriter.restage(repository, pointerPath, target));
        }
        // Adding a directory by name records it as it is, partly checked out or not: the user asked.
        repository.partialCheckouts().clear(target);
        repository.partialCheckouts().save();
        return new RecordedOutput(target, pointerPath, snapshot.oid().toString(), snapshot.size(), snapshot.nfiles(), change);
    }

    /** Validates one path, all but what Git must be asked, and returns it repository-relative. */
    private String check(Path path) {
        String relative = PathArguments.requireTrackable(repository, path);
        Path absolute = repository.resolve(relative);
        String name = absolute.getFileName().toString();
        if (!Files.exists(absolute)) {
            throw DvjException.invalid("no such file or directory: " + relative);
        }
        if (Files.isDirectory(absolute)) {
            // Checkout would have to write through it; dvj tracks real folders only.
            repository.boundary().requireNotLinkedFolder(relative);
        }
        if (name.endsWith(PointerFormat.SUFFIX)) {
            throw DvjException.invalid("'" + relative + "' is a dvj pointer file; add the data it describes instead");
        }
        if (name.equals(GitIgnoreFile.NAME) || name.equals(IgnoreRules.FILE_NAME)) {
            throw DvjException.invalid("'" + relative + "' is a control file that belongs in Git, not in dvj");
        }
        for (Path parent = absolute.getParent(); !parent.equals(repository.root()); parent = parent.getParent()) {
            if (Files.exists(Outputs.pointerFor(parent))) {
                throw DvjException.invalid("'" + relative + "' is inside the tracked directory "
                        + repository.relative(parent) + "; re-add that directory instead");
            }
        }
        OutputOwnership.requireNotOwnedByPipeline(repository, relative);
        return relative;
    }

    /** What Git says about a target already checked otherwise. */
    private void checkWithGit(String relative) {
        PointerWriter.requireCommittable(repository, relative);
    }

    private static void refuseNestedPointers(String target, Snapshot snapshot) {
        for (ManifestEntry entry : snapshot.manifest().entries()) {
            if (entry.path().endsWith(PointerFormat.SUFFIX)) {
                throw DvjException.invalid("'" + target + "' contains the dvj pointer " + target + "/" + entry.path()
                        + "; a tracked directory cannot hold other tracked outputs");
            }
        }
    }
}
