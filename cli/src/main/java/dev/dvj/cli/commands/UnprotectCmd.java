package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.api.UnprotectCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "unprotect", description = {"Make tracked data safe to edit in place.",
        "Files linked to the cache (cache.type hardlink or symlink) become writable copies of their own."}, footer = {"", "Examples:",
        "  dvj unprotect data/penguins.csv"})
public final class UnprotectCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "Tracked data paths or their pointer files.")
    List<Path> targets;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            UnprotectCommand.Result result = new UnprotectCommand(repository).run(targets.stream().map(this::path).toList());
            if (json) {
                printJson(result);
            } else {
                result.outputs().forEach(o -> say(o.filesCopied() == 0 ? o.path() + ": already editable (no file linked to the cache)"
                        : "unprotected " + o.path() + " (" + o.filesCopied() + " file" + (o.filesCopied() == 1 ? "" : "s")
                        + " copied out of the cache)"));
            }
            return ExitCodes.OK;
        }
    }
}
