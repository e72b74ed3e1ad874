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

@Command(name = "metrics", description = {"Show and compare the metrics files pipeline stages write."}, footer = {"", "Examples:",
        "  dvj metrics show",
        "  dvj metrics diff HEAD~1"},
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

        @Option(names = "--sort-by", paramLabel = "METRIC", description = {"Order revisions by this metric, best (highest)",
                "first; rows without it go last. A key (acc) or FILE:KEY."})
        String sortBy;

        @Option(names = "--ascending", description = "With --sort-by: lowest first (for losses and errors).")
        boolean ascending;

        @Option(names = "--md", description = "Print a Markdown table.")
        boolean markdown;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                List<RevisionValues> rows = new ArrayList<>(new ExperimentValues(repository)
                        .history(true, history.revisions(), history.scopes(), true));
                if (sortBy != null) {
                    rows.sort(MetricOrder.by(sortBy, ascending));
                }
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
            TreeSet<String> data = new TreeSet<>();
            rows.forEach(r -> data.addAll(r.data().keySet()));
            boolean manyRevisions = rows.size() > 1;
            List<String> header = new ArrayList<>();
            if (manyRevisions) {
                header.add("Revision");
            }
            header.add("Path");
            header.addAll(keys);
            data.forEach(d -> header.add("data:" + d));
            Table table = new Table(header);
            for (RevisionValues revision : rows) {
                for (Map.Entry<String, Map<String, Object>> file : revision.values().entrySet()) {
                    List<String> row = new ArrayList<>();
                    if (manyRevisions) {
                        row.add(revision.rev());
                    }
                    row.add(file.getKey());
                    keys.forEach(k -> row.add(Format.value(file.getValue().get(k), precision)));
                    data.forEach(d -> row.add(revision.data().containsKey(d) ? revision.data().get(d).label() : "-"));
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
