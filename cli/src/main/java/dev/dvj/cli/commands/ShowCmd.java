package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.VersionText;
import dev.dvj.core.history.DataHistory;
import dev.dvj.core.history.DataVersion;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "show", description = {"One data version: its id, size, description, who recorded it and when,",
        "and for tables its schema, quality and what changed from the version before."})
public final class ShowCmd extends BaseCommand {
    @Parameters(paramLabel = "PATH", description = "A tracked file or directory (or its pointer).")
    Path target;

    @Option(names = "--rev", paramLabel = "REV", description = "The version at this revision (default: the workspace's).")
    String rev;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            DataVersion version = new DataHistory(repository).show(path(target), rev);
            if (json) {
                printJson(version);
                return ExitCodes.OK;
            }
            out().println(version.path() + "  (data version " + version.oid().substring(0, 8) + ")");
            out().println("Created: " + VersionText.date(version.commit())
                    + (version.commit() == null ? "" : " · Author: " + version.commit().email()
                    + " · Commit: " + version.commit().shortId())
                    + " · Description: " + (version.desc() == null ? "-" : version.desc()));
            out().println("Size: " + VersionText.size(version));
            if (version.profile() != null) {
                out().println("Schema: " + VersionText.schema(version.profile()));
                out().println("Quality: " + VersionText.quality(version.profile()));
            }
            List<String> changes = VersionText.changes(version.change());
            if (!changes.isEmpty()) {
                out().println("Since the previous version: " + String.join(", ", changes));
            }
            return ExitCodes.OK;
        }
    }
}
