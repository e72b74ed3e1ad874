package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.cli.Format;
import dev.dvj.core.api.AddCommand;
import dev.dvj.core.api.OutputChange;
import dev.dvj.core.api.RecordedOutput;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "add", description = {"Track files or directories: store them in the cache and write PATH.dvj pointers.",
        "The data is ignored in Git and the pointers are staged."}, footer = {"", "Examples:",
        "  dvj add data/penguins.csv",
        "  dvj add data/images -m \"May images\""})
public final class AddCmd extends BaseCommand {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to track.")
    List<Path> paths;

    @Option(names = {"-m", "--desc"}, paramLabel = "DESC", description = "Describe this data version.")
    String description;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            repository.setProgress(TerminalProgress.forCommand(quiet(), json));
            AddCommand.Result result = new AddCommand(repository).run(paths.stream().map(this::path).toList(), description);
            result.warnings().forEach(this::warn);
            if (json) {
                printJson(result);
                return ExitCodes.OK;
            }
            for (RecordedOutput output : result.outputs()) {
                say(describe(output, this::shown));
            }
            if (result.outputs().stream().anyMatch(o -> o.change() != OutputChange.UNCHANGED)
                    && repository.scm().isGit()) {
                say("Pointers are staged in Git; record them with 'dvj commit -m MESSAGE' or 'git commit'.");
            }
            return ExitCodes.OK;
        }
    }

    /** One recorded output, its paths shown by {@code shown} (relative to where dvj runs). */
    static String describe(RecordedOutput output, java.util.function.UnaryOperator<String> shown) {
        String what = output.nfiles() == null ? Format.size(output.size())
                : output.nfiles() + " files, " + Format.size(output.size());
        String path = shown.apply(output.path());
        return switch (output.change()) {
            case ADDED -> "added     " + path + " (" + what + ", " + Format.shortOid(output.oid()) + ") -> " + shown.apply(output.pointer());
            case UPDATED -> "updated   " + path + " (" + what + ", " + Format.shortOid(output.oid()) + ") -> " + shown.apply(output.pointer());
            case UNCHANGED -> "unchanged " + path;
        };
    }
}
