package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.VersionText;
import dev.dvj.core.api.DiffCommand;
import dev.dvj.core.api.DiffCommand.Entry;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;

@Command(name = "diff", description = {"Show data added, modified and deleted between two revisions.",
        "Default: HEAD against the workspace, down to files inside tracked directories."}, footer = {"", "Examples:",
        "  dvj diff",
        "  dvj diff v1.0 v2.0",
        "  dvj diff HEAD~1 --schema"})
public final class DiffCmd extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REV_A", description = "Old revision (default: HEAD).")
    String revA;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REV_B", description = "New revision (default: the workspace).")
    String revB;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--schema", description = "Also show how tables' columns, rows and completeness changed.")
    boolean schema;

    @Option(names = "--exit-code", description = "Exit with 1 when there are differences, like git diff.")
    boolean exitCode;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            DiffCommand.Result result = new DiffCommand(repository).run(revA, revB, schema);
            if (json) {
                printJson(result);
            } else if (result.entries().isEmpty()) {
                say("No data differs between " + result.from() + " and " + result.to() + ".");
            } else {
                int width = result.entries().stream().mapToInt(e -> shown(e.path()).length()).max().orElse(10);
                for (Entry entry : result.entries()) {
                    say(String.format(Locale.ROOT, "%-9s %-" + width + "s  %s", entry.change().name().toLowerCase(Locale.ROOT)
                            + ":", shown(entry.path()), sizes(entry)));
                    List<String> changes = VersionText.changes(entry.schema());
                    if (!changes.isEmpty()) {
                        say("          " + " ".repeat(width) + "  " + String.join(" · ", changes));
                    }
                }
            }
            return exitCode && !result.entries().isEmpty() ? ExitCodes.DIFFERENCES : ExitCodes.OK;
        }
    }

    private static String sizes(Entry entry) {
        return switch (entry.change()) {
            case ADDED -> Format.size(entry.newSize());
            case DELETED -> Format.size(entry.oldSize());
            case MODIFIED -> Format.size(entry.oldSize()) + " -> " + Format.size(entry.newSize());
        };
    }
}
