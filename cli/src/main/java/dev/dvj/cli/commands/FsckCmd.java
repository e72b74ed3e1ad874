package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.odb.Fsck;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.odb.RemoteDatabases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;

@Command(name = "fsck", description = {"Check every object in the cache, or with -c on a remote, against its id.",
        "Reports corrupt objects, malformed manifests and incomplete directories; never deletes or",
        "repairs anything. Exit status 4 when anything is damaged."}, footer = {"", "Examples:",
        "  dvj fsck",
        "  dvj fsck -c -r origin --json"})
public final class FsckCmd extends BaseCommand {
    @Option(names = {"-c", "--cloud"}, description = "Check a remote instead of the cache (reads all of it).")
    boolean cloud;

    @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "Remote for -c (default: core.remote).")
    String remoteName;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Objects to check at once (default: 2 per CPU, 4 per CPU with -c).")
    Integer jobs;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository();
             ObjectDatabase database = cloud ? RemoteDatabases.open(repository, remoteName) : repository.objects()) {
            int cpus = Runtime.getRuntime().availableProcessors();
            int parallel = jobs != null ? jobs : (cloud ? 4 : 2) * cpus;
            Fsck.Result result = new Fsck(database, parallel).run(TerminalProgress.forCommand(quiet(), json));
            if (json) {
                printJson(result);
            } else {
                report(database, result);
            }
            return result.clean() ? ExitCodes.OK : ExitCodes.DATA;
        }
    }

    private void report(ObjectDatabase database, Fsck.Result result) {
        for (Fsck.Damage damage : result.damage()) {
            out().println(damage.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + damage.id() + " (" + damage.detail() + ")");
        }
        String where = cloud ? "remote '" + database.name() + "'" : "the cache";
        say("checked " + result.checked() + " object(s) (" + Format.size(result.bytes()) + ") in " + where + ": "
                + (result.clean() ? "no damage" : result.damage().size() + " damaged; nothing was deleted"));
        if (!result.clean()) {
            // How to repair: a push or fetch re-sends what a survey finds damaged, but the cache's
            // own objects are trusted by name, so a damaged one must go before a fetch replaces it.
            say(cloud ? "  'dvj push --verify' replaces damaged objects from good copies in the cache"
                    : "  delete a damaged object's file under " + database.location() + "/sha256/, then 'dvj fetch' it"
                    + " (or 'dvj add' its data again)");
        }
    }
}
