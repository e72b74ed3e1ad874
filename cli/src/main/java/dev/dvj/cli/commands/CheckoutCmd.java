package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.api.CheckoutCommand.Action;
import dev.dvj.core.api.CheckoutCommand.CheckedOut;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "checkout", description = {"Make workspace data match its pointers.",
        "With --rev, first restore the pointers as of a Git revision."}, footer = {"", "Examples:",
        "  dvj checkout",
        "  dvj checkout data/images/cat/001.jpg",
        "  dvj checkout --rev v1.0 data/penguins.csv"})
public final class CheckoutCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "0..*", description = {"Data paths or pointer files (default: all), or a file or folder",
            "inside a tracked directory: only that part is placed."})
    List<Path> targets = List.of();

    @Option(names = "--rev", paramLabel = "REV", description = "Restore pointers from this Git revision first.")
    String rev;

    @Option(names = {"-f", "--force"}, description = "Overwrite data changes that are not saved in the cache.")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            repository.setProgress(TerminalProgress.forCommand(quiet(), json));
            CheckoutCommand.Result result = new CheckoutCommand(repository)
                    .run(targets.stream().map(this::path).toList(), rev, force);
            if (json) {
                printJson(result);
                return ExitCodes.OK;
            }
            int unchanged = 0;
            for (CheckedOut output : result.outputs()) {
                switch (output.action()) {
                    case CREATED, UPDATED -> say(String.format("%-9s %s (%d written, %d removed)",
                            output.action() == Action.CREATED ? "created" : "updated", shown(output.path()),
                            output.filesWritten(), output.filesRemoved()));
                    case SKIPPED -> say("skipped   " + shown(output.path()) + " (no recorded content)");
                    case UNCHANGED -> unchanged++;
                }
            }
            if (unchanged > 0) {
                say(unchanged + " output(s) already up to date.");
            }
            if (result.leftoversRemoved() > 0) {
                say("removed " + result.leftoversRemoved() + " temp file(s) an interrupted dvj had left");
            }
            return ExitCodes.OK;
        }
    }
}
