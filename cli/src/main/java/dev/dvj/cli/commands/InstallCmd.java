package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.InstallCommand;
import dev.dvj.core.scm.GitHooks;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "install", description = {"Install Git hooks that keep the data in step with Git.",
        "Checkout after a branch checkout, status before a commit, push before a Git push;",
        "hooks already there keep running first."}, footer = {"", "Examples:",
        "  dvj install",
        "  dvj install --uninstall"})
public final class InstallCmd extends BaseCommand {
    @Option(names = "--uninstall", description = "Remove dvj's hooks and put back the hooks they chained.")
    boolean uninstall;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            // The dvj script says where it is, so the hooks run this dvj; run otherwise, they use dvj from PATH.
            String launcher = env().variable("DVJ_LAUNCHER");
            InstallCommand.Result result = new InstallCommand(repository).run(launcher == null || launcher.isBlank() ? "dvj" : launcher,
                    uninstall);
            if (json) {
                printJson(result);
                return ExitCodes.OK;
            }
            for (GitHooks.Change change : result.hooks()) {
                String name = change.hook();
                switch (change.action()) {
                    case INSTALLED -> say("installed the " + name + " hook (" + change.file() + ")");
                    case UPDATED -> say("updated the " + name + " hook (" + change.file() + ")");
                    case CHAINED -> say("installed the " + name + " hook; the one already there runs first, kept as "
                            + name + ".dvj-chained");
                    case REMOVED -> say("removed the " + name + " hook");
                    case RESTORED -> say("removed the " + name + " hook and put back the one it chained");
                    case ABSENT -> say("no dvj " + name + " hook to remove");
                }
            }
            return ExitCodes.OK;
        }
    }
}
