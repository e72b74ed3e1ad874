package dev.dvj.cli.commands;

import dev.dvj.cli.ExitCodes;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.RemoteDatabases;
import dev.dvj.core.sync.RunCacheTransfer;
import dev.dvj.core.sync.Transfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "push", description = {"Upload the data the pointers name to a remote, only what it lacks.",
        "Directory manifests go last. Exit status 4 when objects are missing locally."}, footer = {"", "Examples:",
        "  dvj push",
        "  dvj push -r s3 data/images",
        "  dvj push --verify"})
public final class PushCmd extends TransferCmd {
    @Option(names = "--verify", description = {"Read back every object the remote already has and check its hash,",
            "replacing damaged ones (sizes are always checked). Costs a download of all of it."})
    boolean verify;

    @Override
    public Integer call() {
        try (Repository repository = openRepository(); ObjectDatabase remote = RemoteDatabases.open(repository, remoteName)) {
            Transfer.Result result = new Transfer(repository.objects(), remote, jobs()).withProgress(progress())
                    .push(selected(repository), verify);
            if (!json) {
                summarize("pushed to " + remote.name(), result);
            }
            RunCacheTransfer.Result runs = transferRunCache(repository, remote, true);
            if (json) {
                printJson(new Report(result, runs));
            }
            return result.missing().isEmpty() ? ExitCodes.OK : ExitCodes.DATA;
        }
    }
}
