package dev.dvj.cli.commands;

import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.api.PullCommand;
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

    /** Fetch and checkout, as {@link PullCommand} does them; this prints what happened. */
    @Override
    public Integer call() {
        try (Repository repository = openRepository(); ObjectDatabase remote = RemoteDatabases.open(repository, remoteName)) {
            PullCommand.Result pulled = new PullCommand(repository, remote, jobs()).withProgress(progress())
                    .run(selectedReaching(repository), targetPaths(), force);
            RunCacheTransfer.Result runs = transferRunCache(repository, remote, false);
            if (!pulled.fetched().missing().isEmpty()) {
                if (!json) {
                    summarize("fetched from " + remote.name(), pulled.fetched());
                    out().println("Not checking out: objects are missing (see above).");
                } else {
                    printJson(new PullReport(pulled.fetched(), null, runs));
                }
                return ExitCodes.DATA;
            }
            if (pulled.refused() != null) {
                if (!json) {
                    summarize("fetched from " + remote.name(), pulled.fetched());
                }
                throw pulled.refused();
            }
            report(remote, pulled.fetched(), pulled.checkout(), runs);
            return ExitCodes.OK;
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
