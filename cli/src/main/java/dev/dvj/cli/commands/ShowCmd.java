package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.VersionText;
import dev.dvj.core.history.DataHistory;
import dev.dvj.core.history.DataVersion;
import dev.dvj.core.profile.StoredProfile;
import dev.dvj.core.profile.TableStatistics;
import dev.dvj.cli.Format;
import dev.dvj.cli.Table;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "show", description = {"Show one data version: its id, size, description, who recorded it and when.",
        "For tables also its schema, quality and what changed from the version before."}, footer = {"", "Examples:",
        "  dvj show data/penguins.csv",
        "  dvj show data/penguins.csv --rev v1.0 --json"})
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
            DataHistory history = new DataHistory(repository);
            DataVersion version = history.show(path(target), rev);
            StoredProfile.Lookup profile = history.profile(path(target), rev);
            TableStatistics statistics = profile.statistics();
            if (json) {
                Map<String, Object> columns = new LinkedHashMap<>();
                if (statistics != null) {
                    statistics.columns().forEach((name, column) -> columns.put(name, column.summary()));
                }
                printJson(new ShowJson(version, statistics == null ? null : columns,
                        profile.absence() == StoredProfile.Absence.NONE ? null : profile.absence()));
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
            if (profile.absence() == StoredProfile.Absence.NOT_IN_CACHE) {
                out().println("Profile: not in the cache (dvj pull brings it with the data)");
            } else if (profile.absence() == StoredProfile.Absence.UNREADABLE) {
                out().println("Profile: damaged in the cache (dvj fsck finds it; dvj pull replaces it)");
            }
            if (statistics != null && !statistics.columns().isEmpty()) {
                out().println("Statistics:");
                describe(statistics).print(out(), false);
            }
            List<String> changes = VersionText.changes(version.change());
            if (!changes.isEmpty()) {
                out().println("Since the previous version: " + String.join(", ", changes));
            }
            return ExitCodes.OK;
        }
    }

    /** show --json: the version's fields, and each column's statistics. */
    record ShowJson(@JsonUnwrapped DataVersion version, Map<String, Object> statistics, StoredProfile.Absence profileAbsent) {
    }

    /** One row per column, as pandas' describe() lays them out. */
    static Table describe(TableStatistics statistics) {
        Table table = new Table(List.of("Column", "Kind", "Count", "Mean", "Std", "Min", "25%", "50%", "75%", "Max",
                "Distinct", "Top"));
        statistics.columns().forEach((name, column) -> {
            Map<String, Double> q = column.quantiles();
            String top = column.top().isEmpty() ? "-"
                    : column.top().get(0).value() + " (" + column.top().get(0).count() + ")";
            table.row(List.of(name, column.kind(), Long.toString(column.present()), number(column.mean()),
                    number(column.stddev()), number(column.min()), number(q.get("p25")), number(q.get("p50")),
                    number(q.get("p75")), number(column.max()),
                    column.distinct() == null ? "-" : (column.distinctExact() ? "" : "~") + column.distinct(), top));
        });
        return table;
    }

    private static String number(Double value) {
        return value == null ? "-" : Format.value(value, 4);
    }
}
