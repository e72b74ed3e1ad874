package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.FileChanges;
import dev.dvj.core.api.StatusCommand;
import dev.dvj.core.api.StatusCommand.OutputStatus;
import dev.dvj.core.api.StatusCommand.State;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "status", description = {"Compare tracked data with its pointers.",
        "Exit status: 0 when everything matches, 1 when anything differs."})
public final class StatusCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Data paths or pointer files (default: all).")
    List<Path> targets = List.of();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            StatusCommand.Result result = new StatusCommand(repository).run(targets.stream().map(this::path).toList());
            if (json) {
                printJson(new Report(result.clean(), result.outputs()));
            } else {
                render(result);
            }
            return result.clean() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
        }
    }

    /** The JSON shape: {@code clean} first so scripts need not count. */
    record Report(boolean clean, List<OutputStatus> outputs) {
    }

    private void render(StatusCommand.Result result) {
        if (result.clean()) {
            say(result.outputs().isEmpty() ? "No data is tracked yet; add some with 'dvj add PATH'."
                    : "Data and pointers are up to date.");
            return;
        }
        say("Tracked data that differs from its pointers:");
        for (OutputStatus status : result.outputs()) {
            if (status.state() == State.UNCHANGED) {
                continue;
            }
            String label = switch (status.state()) {
                case MODIFIED -> "modified:";
                case DELETED -> "deleted:";
                case NEW -> "new:";
                case NOT_IN_CACHE -> "not in cache:";
                case UNCHANGED -> "";
            };
            FileChanges files = status.files();
            String detail = files == null ? "" : "  (" + files.added().size() + " added, " + files.modified().size()
                    + " modified, " + files.deleted().size() + " deleted)";
            say(String.format("  %-14s %s%s", label, status.path(), detail));
            if (files != null) {
                files.added().forEach(f -> say("      added:     " + status.path() + "/" + f));
                files.modified().forEach(f -> say("      modified:  " + status.path() + "/" + f));
                files.deleted().forEach(f -> say("      deleted:   " + status.path() + "/" + f));
            }
        }
        say("(use 'dvj commit' to record changes, 'dvj checkout' to restore the recorded data)");
    }
}
