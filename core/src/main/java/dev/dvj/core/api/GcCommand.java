package dev.dvj.core.api;

import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.sync.ObjectGc;
import dev.dvj.core.workspace.Repository;

import java.time.Instant;
import java.util.List;

/**
 * {@code dvj gc}: deletes cached objects that no output in the chosen scope references, through
 * the same {@link ObjectGc} remote gc uses, under the repository's lock.
 */
public final class GcCommand {
    private final Repository repository;

    public GcCommand(Repository repository) {
        this.repository = repository;
    }

    public ObjectGc.Result run(OutputSelection selection, boolean dryRun) {
        try (RepositoryLock lock = repository.lock()) {
            ObjectDatabase cache = repository.objects();
            // Under the lock no writer of this repository is mid-write: no grace, and every
            // leftover temp file can go.
            ObjectGc.Result result = new ObjectGc(cache, List.of(cache))
                    .run(selection.resolve(repository), dryRun, null, Instant.now().plusSeconds(1));
            int leftovers = repository.leftoversCleared() + result.leftovers();
            return new ObjectGc.Result(result.kept(), result.removed(), result.bytes(), dryRun, 0, leftovers, 0, 0);
        }
    }
}
