package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.InitCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = {"Create a dvj repository at the top of the current Git work tree."}, footer = {"", "Examples:",
        "  dvj init",
        "  dvj init --no-scm"})
public final class InitCmd extends BaseCommand {
    @Option(names = "--no-scm", description = "Use dvj without Git (no staging, no history).")
    boolean noScm;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        InitCommand.Result result = InitCommand.run(workDir(), env(), noScm);
        if (json) {
            printJson(result);
        } else if (result.created()) {
            say("Initialized dvj repository in " + result.root().resolve(".dvj"));
            if (result.git()) {
                say("Staged .dvj/config.yaml, .dvj/.gitignore and .dvjignore; commit them with 'git commit'.");
            }
        } else {
            say("dvj is already initialized in " + result.root() + "; nothing was changed.");
        }
        return ExitCodes.OK;
    }
}
