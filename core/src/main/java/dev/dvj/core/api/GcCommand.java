package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code dvj gc}: deletes cached objects that no output in the chosen scope references. Never
 * deletes anything it cannot prove unreferenced: if the manifest of a referenced directory cannot
 * be read, it stops before deleting. Manifests go before the files they list, so a present
 * manifest keeps meaning a complete directory.
 */
public final class GcCommand {
    private final Repository repository;

    public GcCommand(Repository repository) {
        this.repository = repository;
    }

    /**
     * @param removed   the ids deleted (or, for a dry run, that would be)
     * @param recent    unreferenced objects kept because they are newer than the grace period
     *                  (remote gc; another clone may have just pushed them)
     * @param leftovers temp files of writers killed mid-write that were removed
     */
    public record Result(int kept, List<String> removed, long bytes, boolean dryRun, int recent, int leftovers) {
    }

    public Result run(OutputSelection selection, boolean dryRun) {
        try (RepositoryLock lock = repository.lock()) {
            Set<ObjectId> keep = referencedObjects(selection.resolve(repository), repository.cache()::manifestOrNull);
            List<ObjectId> unreferenced;
            try (Stream<ObjectId> all = repository.cache().list()) {
                unreferenced = new ArrayList<>(all.filter(id -> !keep.contains(id)).toList());
            } catch (IOException e) {
                throw DvjException.data("cannot list the cache " + repository.cache().root() + ": " + e.getMessage(), e);
            }
            unreferenced.sort((a, b) -> Boolean.compare(b.directory(), a.directory()));
            long bytes = 0;
            List<String> removed = new ArrayList<>();
            for (ObjectId id : unreferenced) {
                try {
                    bytes += Files.size(repository.cache().path(id));
                    if (!dryRun) {
                        Files.deleteIfExists(repository.cache().path(id));
                    }
                } catch (IOException e) {
                    throw DvjException.data("cannot delete " + repository.cache().path(id) + ": " + e.getMessage(), e);
                }
                removed.add(id.toString());
            }
            int leftovers = repository.leftoversCleared() + (dryRun ? 0 : clearLeftoverTemps());
            return new Result(keep.size(), removed, bytes, dryRun, 0, leftovers);
        }
    }

    /** Temp files of writers killed mid-write: no live writer can own one while we hold the lock. */
    private int clearLeftoverTemps() {
        try {
            return repository.cache().clearShardTemps(Instant.now().plusSeconds(1));
        } catch (IOException e) {
            throw DvjException.data("cannot clear temp files in the cache " + repository.cache().root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every object the outputs need: their ids, and for directories the ids their manifests list.
     *
     * @param manifests finds a manifest by id, or returns null when it cannot
     */
    public static Set<ObjectId> referencedObjects(Collection<TrackedOutput> outputs, Function<ObjectId, Manifest> manifests) {
        Set<ObjectId> referenced = new HashSet<>();
        for (TrackedOutput output : outputs) {
            ObjectId oid = output.pointer().oid();
            if (oid == null || !referenced.add(oid) || !oid.directory()) {
                continue;
            }
            Manifest manifest = manifests.apply(oid);
            if (manifest == null) {
                throw DvjException.data("cannot tell which files " + output.dataPath() + " (" + output.pointerPath()
                        + ", " + oid.shortHex() + ") holds: its manifest is not available; fetch it first. Nothing was deleted");
            }
            manifest.entries().forEach(e -> referenced.add(e.oid()));
        }
        return referenced;
    }
}
