package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.VersionText;
import dev.dvj.core.history.DataHistory;
import dev.dvj.core.history.DataVersion;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "log", description = {"List the versions of a tracked file or directory through Git history, newest first.",
        "With the schema and quality changes from each version to the next."}, footer = {"", "Examples:",
        "  dvj log data/penguins.csv",
        "  dvj log data/images -n 5"})
public final class LogCmd extends BaseCommand {
    @Parameters(paramLabel = "PATH", description = "A tracked file or directory (or its pointer).")
    Path target;

    @Option(names = {"-n", "--max-count"}, paramLabel = "N", defaultValue = "0", description = "Show at most N versions.")
    int max;

    @Option(names = "--rev", paramLabel = "REV", description = "Start from this revision (default: the workspace and HEAD).")
    String rev;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            List<DataVersion> versions = new DataHistory(repository).log(path(target), rev, max);
            if (json) {
                printJson(versions);
                return ExitCodes.OK;
            }
            for (DataVersion version : versions) {
                String refs = version.commit() == null || version.commit().refs().isEmpty() ? ""
                        : " (" + String.join(", ", version.commit().refs()) + ")";
                out().println((version.commit() == null ? "workspace" : "commit " + version.commit().shortId()) + refs);
                if (version.commit() != null) {
                    out().println("  Date:   " + VersionText.date(version.commit()) + " · Author: " + version.commit().author()
                            + " <" + version.commit().email() + ">");
                }
                out().println("  Data:   " + version.oid().substring(0, 8) + " · " + VersionText.size(version));
                if (version.desc() != null) {
                    out().println("  Why:    " + version.desc());
                }
                List<String> changes = new ArrayList<>();
                if (version.sizeDelta() != null) {
                    changes.add("size " + (version.sizeDelta() >= 0 ? "+" : "-") + Format.size(Math.abs(version.sizeDelta())));
                }
                changes.addAll(VersionText.changes(version.change()));
                if (!changes.isEmpty()) {
                    out().println("  Change: " + String.join(" · ", changes));
                }
                out().println();
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
