package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.api.CommitCommand;
import dev.dvj.core.api.RecordedOutput;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "commit", description = {"Record changed tracked data and make a Git commit.",
        "Stores the data in the cache and updates its pointers, then commits the index and dvj's files."}, footer = {"", "Examples:",
        "  dvj commit -m \"June data\"",
        "  dvj commit data/penguins.csv -m \"fixed the sex column\""})
public final class CommitCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Data paths or pointer files (default: all).")
    List<Path> targets = List.of();

    @Option(names = {"-m", "--message"}, paramLabel = "MSG",
            description = "Commit message; also the description of each new data version.")
    String message;

    @Option(names = "--no-git", description = "Record data and stage pointers, but make no Git commit.")
    boolean noGit;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            repository.setProgress(TerminalProgress.forCommand(quiet(), json));
            CommitCommand.Result result = new CommitCommand(repository)
                    .run(targets.stream().map(this::path).toList(), message, noGit);
            result.warnings().forEach(this::warn);
            if (json) {
                printJson(result);
                return ExitCodes.OK;
            }
            for (RecordedOutput output : result.recorded()) {
                say(AddCmd.describe(output, this::shown));
            }
            if (result.commit() != null) {
                say("[" + result.commit().substring(0, 7) + "] committed");
            } else if (result.nothingToCommit()) {
                say("Nothing to commit: tracked data and pointers are unchanged.");
            } else if (repository.scm().isGit()) {
                say("Pointers are staged; no Git commit was made (--no-git).");
            }
            return ExitCodes.OK;
        }
    }
}
