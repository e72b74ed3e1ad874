package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.HistoryOptions;
import dev.dvj.cli.Table;
import dev.dvj.core.DvjException;
import dev.dvj.core.experiments.ExperimentValues;
import dev.dvj.core.experiments.RevisionValues;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

@Command(name = "metrics", description = "Show and compare the metrics files pipeline stages write.",
        subcommands = {MetricsCmd.Show.class, MetricsCmd.Diff.class})
public final class MetricsCmd extends BaseCommand {

    @Override
    public Integer call() {
        throw DvjException.invalid("name a subcommand: dvj metrics show, dvj metrics diff");
    }

    @Command(name = "show", description = {"The metrics of the workspace and, with the history options, of other",
            "revisions: one row per revision and metrics file, one column per metric."})
    public static final class Show extends BaseCommand {
        @Mixin
        HistoryOptions history;

        @Option(names = "--precision", paramLabel = "N", defaultValue = "5",
                description = "Round numbers to N decimal places in tables (default: 5; JSON is exact).")
        int precision;

        @Option(names = "--md", description = "Print a Markdown table.")
        boolean markdown;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                List<RevisionValues> rows = new ExperimentValues(repository)
                        .history(true, history.revisions(), history.scopes(), true);
                if (json) {
                    printJson(rows);
                    return ExitCodes.OK;
                }
                rows.forEach(r -> DiffTableOptions.warn(r.rev(), r.errors(), spec.commandLine().getErr()));
                print(rows);
                return ExitCodes.OK;
            }
        }

        private void print(List<RevisionValues> rows) {
            TreeSet<String> keys = new TreeSet<>();
            rows.forEach(r -> r.values().values().forEach(v -> keys.addAll(v.keySet())));
            boolean manyRevisions = rows.size() > 1;
            List<String> header = new ArrayList<>();
            if (manyRevisions) {
                header.add("Revision");
            }
            header.add("Path");
            header.addAll(keys);
            Table table = new Table(header);
            for (RevisionValues revision : rows) {
                for (Map.Entry<String, Map<String, Object>> file : revision.values().entrySet()) {
                    List<String> row = new ArrayList<>();
                    if (manyRevisions) {
                        row.add(revision.rev());
                    }
                    row.add(file.getKey());
                    keys.forEach(k -> row.add(Format.value(file.getValue().get(k), precision)));
                    table.row(row);
                }
            }
            if (table.isEmpty()) {
                say("No metrics: no stage in dvj.yaml declares 'metrics', or none has been written yet.");
            } else {
                table.print(out(), markdown);
            }
        }
    }

    @Command(name = "diff", description = "Metrics whose values differ between two revisions, with the change.")
    public static final class Diff extends BaseCommand {
        @Mixin
        DiffTableOptions options;

        @Option(names = "--precision", paramLabel = "N", defaultValue = "5",
                description = "Round numbers to N decimal places in tables (default: 5; JSON is exact).")
        int precision;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                ExperimentValues.Comparison comparison = new ExperimentValues(repository)
                        .diff(options.a(), options.b(), true, options.all);
                if (options.json) {
                    printJson(comparison);
                } else {
                    DiffTableOptions.print(comparison, "Metric", true, precision, options.markdown, out(),
                            spec.commandLine().getErr());
                }
                return ExitCodes.OK;
            }
        }
    }
}
