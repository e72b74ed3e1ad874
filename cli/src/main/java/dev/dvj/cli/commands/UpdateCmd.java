package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.api.ImportCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "update", description = {"Move imported data to its source's newer version."},
        footer = {"", "Examples:",
        "  dvj update",
        "  dvj update data/penguins.csv --rev v3"})
public final class UpdateCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Imported data or its pointers (default: every import).")
    List<Path> targets = List.of();

    @Option(names = "--rev", paramLabel = "REV", description = "Move to this revision of the source (default: the one each import records, or its HEAD).")
    String rev;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    record Report(List<ImportCommand.Result> updates) {
    }

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            List<ImportCommand.Result> results = new ImportCommand(repository).withProgress(TerminalProgress.forCommand(quiet(), json))
                    .update(targets.stream().map(this::path).toList(), rev);
            if (json) {
                printJson(new Report(results));
                return ExitCodes.OK;
            }
            if (results.isEmpty()) {
                say("no imports to update");
            }
            for (ImportCommand.Result result : results) {
                say(result.changed()
                        ? "updated " + shown(result.path()) + " to " + result.source() + " of " + result.url() + " at " + result.commit().substring(0, 8)
                        + "; staged " + shown(result.pointer())
                        : shown(result.pointer()) + " already names " + result.url() + "'s version at " + result.commit().substring(0, 8));
            }
            return ExitCodes.OK;
        }
    }
}
