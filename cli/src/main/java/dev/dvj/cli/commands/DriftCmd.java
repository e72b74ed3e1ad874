package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Table;
import dev.dvj.core.DvjException;
import dev.dvj.core.api.DriftCommand;
import dev.dvj.core.profile.Drift;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "drift", description = {"Measure how far each column of a table moved between two versions.",
        "Categorical columns by the L-infinity distance of their value shares, numeric ones by the",
        "Jensen-Shannon divergence of their histograms (or --psi). Exit 1 when a column drifted."},
        footer = {"", "Examples:",
                "  dvj drift data/penguins.csv                  HEAD against the workspace",
                "  dvj drift data/penguins.csv v1 v2 --md       two tagged versions",
                "  dvj drift data/penguins.csv HEAD~1 HEAD -t body_mass_g=0.05 --json"})
public final class DriftCmd extends BaseCommand {
    static final String WORKSPACE = "workspace";

    @Parameters(index = "0", paramLabel = "PATH", description = "A tracked CSV, TSV or JSON Lines file.")
    Path target;

    @Parameters(index = "1", paramLabel = "A", arity = "0..1", description = "The earlier version: a revision (default: HEAD).")
    String before;

    @Parameters(index = "2", paramLabel = "B", arity = "0..1",
            description = "The later version: a revision, or 'workspace' (the default: the file as it is now).")
    String after;

    @Option(names = "--threshold", paramLabel = "D", defaultValue = "0.1",
            description = "A column drifted when its distance exceeds D (default: 0.1).")
    double threshold;

    @Option(names = {"-t", "--column-threshold"}, paramLabel = "COLUMN=D", description = "A threshold for one column (repeatable).")
    List<String> columnThresholds = new ArrayList<>();

    @Option(names = "--psi", description = "Measure numeric columns by the population stability index.")
    boolean psi;

    @Option(names = "--md", description = "Print a Markdown table.")
    boolean markdown;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        DriftCommand.Options options = new DriftCommand.Options(threshold, thresholds(), psi);
        try (Repository repository = openRepository()) {
            String a = before == null ? "HEAD" : revision(before);
            String b = after == null ? null : revision(after);
            DriftCommand.Result result = new DriftCommand(repository).run(path(target), a, b, options);
            if (json) {
                printJson(result);
            } else {
                print(result);
            }
            return result.drifted() ? ExitCodes.DIFFERENCES : ExitCodes.OK;
        }
    }

    private static String revision(String name) {
        return name.equals(WORKSPACE) ? null : name;
    }

    private Map<String, Double> thresholds() {
        Map<String, Double> byColumn = new LinkedHashMap<>();
        for (String spec : columnThresholds) {
            int equals = spec.lastIndexOf('=');
            try {
                byColumn.put(spec.substring(0, equals), Double.parseDouble(spec.substring(equals + 1)));
            } catch (RuntimeException e) {
                throw DvjException.invalid("-t " + spec + ": expected COLUMN=DISTANCE, e.g. -t body_mass_g=0.05");
            }
        }
        return byColumn;
    }

    private void print(DriftCommand.Result result) {
        say("Drift of " + result.path() + ": " + label(result.before(), result.beforeOid()) + ", " + result.beforeRows()
                + " rows -> " + label(result.after(), result.afterOid()) + ", " + result.afterRows() + " rows");
        Table table = new Table(List.of("Column", "Kind", "Measure", "Distance", "Threshold", "Drift"));
        for (Drift.ColumnDrift column : result.columns()) {
            table.row(List.of(column.column(), column.kind(),
                    column.measure() == null ? "-" : column.measure().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    column.distance() == null ? "-" : String.format(Locale.ROOT, "%.4f", column.distance()),
                    new java.math.BigDecimal(Double.toString(column.threshold())).stripTrailingZeros().toPlainString(),
                    (column.drifted() ? "DRIFT" : "-") + (column.note() == null ? "" : " (" + column.note() + ")")));
        }
        table.print(out(), markdown);
        long drifted = result.columns().stream().filter(Drift.ColumnDrift::drifted).count();
        say(drifted == 0 ? "No column drifted." : drifted + " of " + result.columns().size() + " column(s) drifted.");
    }

    private static String label(String rev, String oid) {
        return rev + (oid == null ? "" : " (" + oid.substring(0, 8) + ")");
    }
}
