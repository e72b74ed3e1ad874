package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.core.api.ListCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", description = {"List tracked data in the workspace, or at a Git revision."}, footer = {"", "Examples:",
        "  dvj ls",
        "  dvj ls --rev v1.0 --json"})
public final class LsCmd extends BaseCommand {
    @Option(names = "--rev", paramLabel = "REV", description = "List what was tracked at this revision.")
    String rev;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            ListCommand.Result result = new ListCommand(repository).run(rev);
            if (json) {
                printJson(result);
                return ExitCodes.OK;
            }
            for (ListCommand.Listed listed : result.outputs()) {
                String files = listed.nfiles() == null ? "" : listed.nfiles() + " files";
                say(String.format("%-10s %10s %10s  %s%s", Format.shortOid(listed.oid()), Format.size(listed.size()),
                        files, shown(listed.path()), listed.desc() == null ? "" : "  # " + listed.desc()));
            }
            return ExitCodes.OK;
        }
    }
}
