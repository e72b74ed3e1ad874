package dev.dvj.remote;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.GcCommand;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
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

    public GcCommand.Result run(Collection<TrackedOutput> outputs, boolean dryRun) {
        Set<ObjectId> keep = GcCommand.referencedObjects(outputs, this::manifest);
        try {
            List<ObjectId> unreferenced = new ArrayList<>(remote.list().stream().filter(id -> !keep.contains(id)).toList());
            unreferenced.sort((a, b) -> Boolean.compare(b.directory(), a.directory()));
            List<String> removed = new ArrayList<>();
            for (ObjectId id : unreferenced) {
                if (!dryRun) {
                    remote.delete(id);
                }
                removed.add(id.toString());
            }
            if (!dryRun) {
                remote.clearLeftovers();
            }
            return new GcCommand.Result(keep.size(), removed, -1, dryRun);
        } catch (IOException e) {
            throw new DvjException(ErrorKind.REMOTE, "remote '" + remote.name() + "' (" + remote.url() + "): "
                    + e.getMessage(), e);
        }
    }

    private Manifest manifest(ObjectId id) {
        Manifest cached = repository.cache().manifestOrNull(id);
        if (cached != null) {
            return cached;
        }
        try {
            Optional<InputStream> in = remote.open(id);
            if (in.isEmpty()) {
                return null;
            }
            byte[] bytes;
            try (InputStream stream = in.get()) {
                bytes = stream.readAllBytes();
            }
            return Hashing.ofBytes(bytes, true).equals(id) ? Manifest.parse(bytes, id.toString()) : null;
        } catch (IOException e) {
            throw new DvjException(ErrorKind.REMOTE, "remote '" + remote.name() + "': cannot read manifest " + id
                    + ": " + e.getMessage(), e);
        }
    }
}
