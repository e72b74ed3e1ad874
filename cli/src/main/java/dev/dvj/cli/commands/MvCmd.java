package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.MoveCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "mv", description = {"Move or rename tracked data together with its pointer."}, footer = {"", "Examples:",
        "  dvj mv data/raw.csv data/penguins.csv"})
public final class MvCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "Tracked data path or its pointer file.")
    Path source;

    @Parameters(index = "1", paramLabel = "DST", description = "New path, or an existing folder to move into.")
    Path destination;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            MoveCommand.Result result = new MoveCommand(repository).run(path(source), path(destination));
            if (json) {
                printJson(result);
            } else {
                say("moved " + result.from() + " -> " + result.to() + " (pointer " + result.pointer() + ")");
            }
            return ExitCodes.OK;
        }
    }
}
