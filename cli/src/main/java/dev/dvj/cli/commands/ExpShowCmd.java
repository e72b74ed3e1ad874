package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.Table;
import dev.dvj.core.DvjException;
import dev.dvj.core.experiments.ExperimentTable;
import dev.dvj.core.pipeline.ParamsFile;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.TreeMap;
import java.util.TreeSet;

@Command(name = "show", description = {"Show the base commit and its experiments in one table.",
        "One row each: name, created, status, each metric, each param, and the source data",
        "versions the metrics came from."},
        footer = {"", "Examples:",
                "  dvj exp show --sort-by acc              best accuracy first",
                "  dvj exp show --sort-by loss --ascending  lowest loss first",
                "  dvj exp show --all-commits --only-changed --md"})
public final class ExpShowCmd extends BaseCommand {
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Option(names = {"-A", "--all-commits"}, description = "Every commit of every branch and tag, each with its experiments.")
    boolean allCommits;

    @Option(names = "--sort-by", paramLabel = "METRIC", description = {"Order each commit's experiments by this metric or",
            "param, highest first; rows without it go last. A key (acc) or FILE:KEY."})
    String sortBy;

    @Option(names = "--ascending", description = "With --sort-by: lowest first (for losses and errors).")
    boolean ascending;

    @Option(names = "--only-changed", description = "Leave out params and metrics that have one value in every row.")
    boolean onlyChanged;

    @Option(names = "--precision", paramLabel = "N", defaultValue = "5",
            description = "Round numbers to N decimal places in tables (default: 5; JSON is exact).")
    int precision;

    @Option(names = "--md", description = "Print a Markdown table.")
    boolean markdown;

    @Option(names = "--csv", description = "Print comma-separated values.")
    boolean csv;

    @Option(names = "--json", description = "Print the rows as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            List<ExperimentTable.Row> rows = sorted(new ExperimentTable(repository).rows(allCommits));
            if (json) {
                printJson(rows.stream().map(ExpShowCmd::json).toList());
                return ExitCodes.OK;
            }
            rows.forEach(r -> DiffTableOptions.warn(r.name(), r.errors(), spec.commandLine().getErr()));
            Table table = table(rows);
            if (csv) {
                table.printCsv(out());
            } else {
                table.print(out(), markdown);
            }
            return ExitCodes.OK;
        }
    }

    /** Each base row stays first in its group; its experiments are ordered by the metric or param. */
    private List<ExperimentTable.Row> sorted(List<ExperimentTable.Row> rows) {
        if (sortBy == null) {
            return rows;
        }
        if (rows.stream().noneMatch(r -> valueOf(r, sortBy) != null)) {
            throw DvjException.invalid("--sort-by " + sortBy + ": no row has a numeric metric or param of that name");
        }
        Comparator<Double> values = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        Comparator<ExperimentTable.Row> order = Comparator.comparing(r -> valueOf(r, sortBy), Comparator.nullsLast(values));
        List<ExperimentTable.Row> result = new ArrayList<>();
        List<ExperimentTable.Row> group = new ArrayList<>();
        for (ExperimentTable.Row row : rows) {
            if (row.experiment() == null) {
                group.sort(order);
                result.addAll(group);
                group.clear();
                result.add(row);
            } else {
                group.add(row);
            }
        }
        group.sort(order);
        result.addAll(group);
        return result;
    }

    private static Double valueOf(ExperimentTable.Row row, String key) {
        Double metric = MetricOrder.valueOf(row.metrics(), key);
        return metric != null ? metric : MetricOrder.valueOf(row.params(), key);
    }

    private Table table(List<ExperimentTable.Row> rows) {
        Map<String, List<Object>> params = columns(rows, true);
        Map<String, List<Object>> metrics = columns(rows, false);
        TreeSet<String> data = new TreeSet<>();
        rows.forEach(r -> data.addAll(r.data().keySet()));
        if (onlyChanged) {
            params.values().removeIf(ExpShowCmd::allSame);
            metrics.values().removeIf(ExpShowCmd::allSame);
        }
        List<String> header = new ArrayList<>(List.of("Experiment", "Created", "State"));
        header.addAll(metrics.keySet());
        header.addAll(params.keySet());
        data.forEach(d -> header.add("data:" + d));
        Table table = new Table(header);
        for (int i = 0; i < rows.size(); i++) {
            ExperimentTable.Row row = rows.get(i);
            List<String> cells = new ArrayList<>();
            cells.add(row.experiment() == null || csv || markdown ? row.name() : "├─ " + row.name());
            cells.add(row.created() == null ? "-" : CREATED.format(row.created()));
            cells.add(row.status());
            int index = i;
            metrics.values().forEach(column -> cells.add(Format.value(column.get(index), precision)));
            params.values().forEach(column -> cells.add(Format.value(column.get(index), precision)));
            data.forEach(d -> cells.add(row.data().getOrDefault(d, "-")));
            table.row(cells);
        }
        return table;
    }

    /**
     * Column name to each row's value. Params of params.yaml and metrics whose key only one file
     * has are named by key alone; others as FILE:KEY.
     */
    private static Map<String, List<Object>> columns(List<ExperimentTable.Row> rows, boolean params) {
        Map<String, TreeSet<String>> filesByKey = new TreeMap<>();
        for (ExperimentTable.Row row : rows) {
            (params ? row.params() : row.metrics()).forEach((file, values) ->
                    values.keySet().forEach(key -> filesByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(file)));
        }
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        filesByKey.forEach((key, files) -> {
            for (String file : files) {
                boolean plain = params ? file.equals(ParamsFile.DEFAULT) : files.size() == 1;
                List<Object> column = new ArrayList<>();
                for (ExperimentTable.Row row : rows) {
                    Map<String, Object> values = (params ? row.params() : row.metrics()).get(file);
                    column.add(values == null ? null : values.get(key));
                }
                columns.put(plain ? key : file + ":" + key, column);
            }
        });
        return columns;
    }

    private static boolean allSame(List<Object> column) {
        return column.stream().map(v -> v == null ? "-" : String.valueOf(v)).distinct().count() <= 1;
    }

    private static Map<String, Object> json(ExperimentTable.Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", row.name());
        json.put("status", row.status());
        json.put("commit", row.commit());
        json.put("base", row.base());
        json.put("created", row.created());
        if (row.experiment() != null) {
            json.put("set", ExpCmd.json(row.experiment()).get("set"));
            if (row.experiment().error() != null) {
                json.put("error", row.experiment().error());
                json.put("exit", row.experiment().exit());
            }
        }
        json.put("params", row.params());
        json.put("metrics", row.metrics());
        json.put("data", row.data());
        if (!row.errors().isEmpty()) {
            json.put("errors", row.errors());
        }
        return json;
    }

}
