package dev.dvj.cli.commands;

import dev.dvj.cli.ExitCodes;
import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.RemoteDatabases;
import dev.dvj.core.sync.RunCacheTransfer;
import dev.dvj.core.sync.Transfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "pull", description = {"Fetch the data the pointers name, then check it out into the workspace."}, footer = {"", "Examples:",
        "  dvj pull",
        "  dvj pull data/images/cat/001.jpg",
        "  dvj pull -r s3 -j 32"})
public final class PullCmd extends TransferCmd {
    @Option(names = {"-f", "--force"}, description = "Overwrite data changes that are not saved in the cache.")
    boolean force;

    record PullReport(Transfer.Result fetched, CheckoutCommand.Result checkout, RunCacheTransfer.Result runCache) {
    }

    /**
     * Plans the checkout as soon as the manifests are in, so each file is written into the
     * workspace by the worker that downloaded it, from the bytes in hand, while other downloads
     * go on. A checkout that would overwrite unsaved changes is refused as before, but only after
     * the fetch, which is still worth having.
     */
    @Override
    public Integer call() {
        try (Repository repository = openRepository(); ObjectDatabase remote = RemoteDatabases.open(repository, remoteName)) {
            Transfer transfer = new Transfer(repository.objects(), remote, jobs()).withProgress(progress());
            Transfer.FetchPlan plan = transfer.planFetch(selectedReaching(repository));
            DvjException refused = null;
            CheckoutCommand.Pending checkout = null;
            if (plan.complete()) {
                try {
                    checkout = new CheckoutCommand(repository)
                            .prepare(targetPaths(), null, force, plan.manifests(), plan.downloads());
                } catch (DvjException e) {
                    if (e.kind() != ErrorKind.CONFLICT) {
                        throw e;
                    }
                    refused = e;
                }
            }
            try (CheckoutCommand.Pending pending = checkout) {
                Transfer.Result fetched = transfer.fetch(plan, pending == null ? Arrivals.NONE : pending);
                RunCacheTransfer.Result runs = transferRunCache(repository, remote, false);
                if (!fetched.missing().isEmpty()) {
                    if (!json) {
                        summarize("fetched from " + remote.name(), fetched);
                        out().println("Not checking out: objects are missing (see above).");
                    } else {
                        printJson(new PullReport(fetched, null, runs));
                    }
                    return ExitCodes.DATA;
                }
                if (refused != null) {
                    if (!json) {
                        summarize("fetched from " + remote.name(), fetched);
                    }
                    throw refused;
                }
                // Only an incomplete plan leaves no pending checkout, and it always ends above as missing.
                report(remote, fetched, pending.finish(), runs);
                return ExitCodes.OK;
            }
        }
    }

    private List<Path> targetPaths() {
        return targets.stream().map(this::path).toList();
    }

    private void report(ObjectDatabase remote, Transfer.Result fetched, CheckoutCommand.Result checkout, RunCacheTransfer.Result runs) {
        if (json) {
            printJson(new PullReport(fetched, checkout, runs));
            return;
        }
        summarize("fetched from " + remote.name(), fetched);
        long changed = checkout.outputs().stream()
                .filter(o -> o.action() == CheckoutCommand.Action.CREATED || o.action() == CheckoutCommand.Action.UPDATED)
                .count();
        say(changed + " output(s) checked out, " + (checkout.outputs().size() - changed) + " already up to date"
                + (checkout.leftoversRemoved() == 0 ? ""
                : "; removed " + checkout.leftoversRemoved() + " temp file(s) an interrupted dvj had left"));
    }
}
