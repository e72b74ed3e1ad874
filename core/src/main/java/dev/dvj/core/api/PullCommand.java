package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.Progress;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code dvj pull}: fetch, then check out. The checkout is planned as soon as the manifests are in,
 * so each file is written into the workspace by the worker that downloaded it, from the bytes in
 * hand, while other downloads go on. A checkout that would overwrite unsaved changes is refused as
 * before, but only after the fetch, which is still worth having.
 */
public final class PullCommand {
    private final Repository repository;
    private final ObjectDatabase remote;
    private final int jobs;
    private Progress progress = Progress.NONE;

    public PullCommand(Repository repository, ObjectDatabase remote, int jobs) {
        this.repository = repository;
        this.remote = remote;
        this.jobs = jobs;
    }

    public PullCommand withProgress(Progress reporter) {
        this.progress = reporter;
        return this;
    }

    /**
     * @param fetched  what the fetch moved
     * @param checkout what the checkout did; null when objects are missing (nothing was checked out)
     *                 or it was refused
     * @param refused  the checkout's refusal (unsaved changes), for the caller to report after the
     *                 fetch's figures; null otherwise
     */
    public record Result(Transfer.Result fetched, CheckoutCommand.Result checkout, DvjException refused) {
        /** True when every object arrived and the checkout ran. */
        public boolean complete() {
            return fetched.missing().isEmpty() && refused == null;
        }
    }

    /**
     * @param outputs the outputs to pull (from the workspace's pointers, or revisions, possibly
     *                narrowed to paths inside directories)
     * @param targets the paths asked for, as the checkout selects them (empty: all)
     */
    public Result run(List<TrackedOutput> outputs, List<Path> targets, boolean force) {
        Transfer transfer = new Transfer(repository.objects(), remote, jobs).withProgress(progress);
        Transfer.FetchPlan plan = transfer.planFetch(outputs);
        DvjException refused = null;
        CheckoutCommand.Pending checkout = null;
        if (plan.complete()) {
            try {
                checkout = new CheckoutCommand(repository).prepare(targets, null, force, plan.manifests(), plan.downloads());
            } catch (DvjException e) {
                if (e.kind() != ErrorKind.CONFLICT) {
                    throw e;
                }
                refused = e;
            }
        }
        try (CheckoutCommand.Pending pending = checkout) {
            Transfer.Result fetched = transfer.fetch(plan, pending == null ? Arrivals.NONE : pending);
            if (!fetched.missing().isEmpty() || refused != null) {
                return new Result(fetched, null, refused);
            }
            // Only an incomplete plan leaves no pending checkout, and it always ends above as missing.
            return new Result(fetched, pending.finish(), null);
        }
    }
}
