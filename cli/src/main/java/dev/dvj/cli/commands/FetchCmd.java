package dev.dvj.cli.commands;

import dev.dvj.cli.ExitCodes;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.RemoteDatabases;
import dev.dvj.core.sync.RunCacheTransfer;
import dev.dvj.core.sync.Transfer;
import picocli.CommandLine.Command;

@Command(name = "fetch", description = {"Download the data the pointers name from a remote into the cache.",
        "Every object's hash is verified; the workspace is not changed (see pull)."}, footer = {"", "Examples:",
        "  dvj fetch",
        "  dvj fetch -r s3 data/images"})
public final class FetchCmd extends TransferCmd {
    @Override
    public Integer call() {
        try (Repository repository = openRepository(); ObjectDatabase remote = RemoteDatabases.open(repository, remoteName)) {
            Transfer.Result result = new Transfer(repository.objects(), remote, jobs()).withProgress(progress()).fetch(selectedReaching(repository));
            if (!json) {
                summarize("fetched from " + remote.name(), result);
            }
            RunCacheTransfer.Result runs = transferRunCache(repository, remote, false);
            if (json) {
                printJson(new Report(result, runs));
            }
            return result.missing().isEmpty() ? ExitCodes.OK : ExitCodes.DATA;
        }
    }
}
