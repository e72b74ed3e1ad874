package dev.dvj.remote;

import dev.dvj.core.api.GcCommand;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Garbage collection on a remote: deletes objects no output in scope references. Manifests of
 * referenced directories are read from the cache, or from the remote when the cache lacks them;
 * if neither has one, nothing is deleted.
 */
public final class RemoteGc {
    private final Repository repository;
    private final Remote remote;

    public RemoteGc(Repository repository, Remote remote) {
        this.repository = repository;
        this.remote = remote;
    }

    /**
     * Deletes unreferenced objects last written before {@code now - grace}. The grace period is
     * for the clone that is behind: another clone may have just pushed objects for a commit this
     * one cannot see yet (its push comes before its git push), and they must survive, as
     * {@code git gc} keeps recent loose objects. An object whose time the remote does not give is
     * treated as recent.
     */
    public GcCommand.Result run(Collection<TrackedOutput> outputs, boolean dryRun, Duration grace, Instant now) {
        Set<ObjectId> keep = GcCommand.referencedObjects(outputs, this::manifest);
        Instant cutoff = now.minus(grace);
        try {
            List<ObjectId> unreferenced = new ArrayList<>();
            int recent = 0;
            for (Map.Entry<ObjectId, StoredObject> object : remote.list().entrySet()) {
                if (keep.contains(object.getKey())) {
                    continue;
                }
                Instant modified = object.getValue().modified();
                if (modified == null || !modified.isBefore(cutoff)) {
                    recent++;
                } else {
                    unreferenced.add(object.getKey());
                }
            }
            unreferenced.sort((a, b) -> Boolean.compare(b.directory(), a.directory()));
            List<String> removed = new ArrayList<>();
            for (ObjectId id : unreferenced) {
                if (!dryRun) {
                    remote.delete(id);
                }
                removed.add(id.toString());
            }
            int leftovers = dryRun ? 0 : remote.clearLeftovers();
            return new GcCommand.Result(keep.size(), removed, -1, dryRun, recent, leftovers);
        } catch (IOException e) {
            throw remote.error("cannot collect garbage", e);
        }
    }

    private Manifest manifest(ObjectId id) {
        Manifest cached = repository.cache().manifestOrNull(id);
        if (cached != null) {
            return cached;
        }
        try {
            Optional<byte[]> bytes = remote.read(id, InputStream::readAllBytes);
            return bytes.isPresent() && Hashing.ofBytes(bytes.get(), true).equals(id)
                    ? Manifest.parse(bytes.get(), id.toString()) : null;
        } catch (IOException e) {
            throw remote.error("cannot read manifest " + id, e);
        }
    }
}
