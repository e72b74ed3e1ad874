package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.RemoveCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "rm", description = {"Stop tracking data: remove its pointer and .gitignore line (staged in Git).",
        "The data stays in the workspace unless --purge."}, footer = {"", "Examples:",
        "  dvj rm data/old.csv",
        "  dvj rm data/old.csv.dvj --purge"})
public final class RmCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "Pointer files (or the data paths they track).")
    List<Path> targets;

    @Option(names = "--purge", description = "Also delete the data from the workspace.")
    boolean purge;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            RemoveCommand.Result result = new RemoveCommand(repository).run(targets.stream().map(this::path).toList(), purge);
            if (json) {
                printJson(result);
            } else {
                result.removed().forEach(r -> say("removed " + r.pointer() + (r.purged() ? " and " + r.path() : "")));
            }
            return ExitCodes.OK;
        }
    }
}
