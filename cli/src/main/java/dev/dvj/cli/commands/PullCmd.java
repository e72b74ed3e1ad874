package dev.dvj.cli.commands;

import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.workspace.Repository;
import dev.dvj.remote.Remote;
import dev.dvj.remote.Remotes;
import dev.dvj.remote.RunCacheTransfer;
import dev.dvj.remote.Transfer;
import picocli.CommandLine.Command;

import picocli.CommandLine.Option;

@Command(name = "pull", description = "Fetch the data the pointers name, then check it out into the workspace.")
public final class PullCmd extends TransferCmd {
    @Option(names = {"-f", "--force"}, description = "Overwrite data changes that are not saved in the cache.")
    boolean force;

    record PullReport(Transfer.Result fetched, CheckoutCommand.Result checkout, RunCacheTransfer.Result runCache) {
    }

    @Override
    public Integer call() {
        try (Repository repository = openRepository(); Remote remote = Remotes.open(repository, remoteName)) {
            Transfer.Result fetched = new Transfer(repository, remote, jobs()).withProgress(progress()).fetch(selected(repository));
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
            CheckoutCommand.Result checkout = new CheckoutCommand(repository)
                    .run(targets.stream().map(this::path).toList(), null, force);
            if (json) {
                printJson(new PullReport(fetched, checkout, runs));
            } else {
                summarize("fetched from " + remote.name(), fetched);
                long changed = checkout.outputs().stream()
                        .filter(o -> o.action() == CheckoutCommand.Action.CREATED || o.action() == CheckoutCommand.Action.UPDATED)
                        .count();
                say(changed + " output(s) checked out, " + (checkout.outputs().size() - changed) + " already up to date");
            }
            return ExitCodes.OK;
        }
    }
}
