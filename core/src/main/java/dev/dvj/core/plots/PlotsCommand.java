package dev.dvj.core.plots;

import dev.dvj.core.DvjException;
import dev.dvj.core.experiments.ExperimentStore;
import dev.dvj.core.history.RevisionView;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.pipeline.StageOutput;
import dev.dvj.core.workspace.Repository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dvj plots show} and {@code dvj plots diff}: the series of plots files (those dvj.yaml
 * declares under {@code plots:}, or the files named), in the workspace or at revisions, ready to
 * draw. A plot's x is the field asked for, else {@code step} or {@code epoch} when the rows have
 * one, else the row's index; its y are the fields asked for, else every other numeric field.
 */
public final class PlotsCommand {
    private final Repository repository;

    public PlotsCommand(Repository repository) {
        this.repository = repository;
    }

    /** One line to draw: its name (a field, with the revision in a diff), and its points. */
    public record Series(String name, String rev, List<Object> x, List<Double> y) {
    }

    /**
     * How a plot is drawn, as DVC's templates: lines ({@code linear}, {@code simple} without
     * points, {@code smooth}), points ({@code scatter}), bars ({@code bar_horizontal}), or a
     * confusion matrix of x (actual) against y (predicted) counted over the rows
     * ({@code confusion}, {@code confusion_normalized}: each actual row's counts as fractions).
     */
    public static final List<String> TEMPLATES = List.of("linear", "simple", "smooth", "scatter", "bar_horizontal", "confusion",
            "confusion_normalized");

    /** One chart: a plots file's series against one x field, with its title (the file's name unless dvj.yaml gives one). */
    public record Plot(String file, String title, String template, String x, List<Series> series, Matrix matrix) {
    }

    /**
     * A confusion matrix: the actual classes (rows), the predicted ones (columns) and the count (or,
     * normalized, the fraction of its row) of each pair; one per revision in a diff.
     */
    public record Matrix(String rev, List<String> actual, List<String> predicted, List<List<Double>> values) {
    }

    public record Result(List<String> revs, List<Plot> plots) {
    }

    /** The plots in the workspace. */
    public Result show(List<String> targets, String x, List<String> y) {
        return diff(targets, List.of(), x, y, null);
    }

    public Result show(List<String> targets, String x, List<String> y, String template) {
        return diff(targets, List.of(), x, y, template);
    }

    public Result diff(List<String> targets, List<String> revs, String x, List<String> y) {
        return diff(targets, revs, x, y, null);
    }

    /**
     * The plots at each revision (the workspace when {@code revs} is empty; {@code workspace}
     * names it among others), one series per field and revision.
     */
    public Result diff(List<String> targets, List<String> revs, String x, List<String> y, String template) {
        if (template != null && !TEMPLATES.contains(template)) {
            throw DvjException.invalid("unknown template '" + template + "' (one of " + String.join(", ", TEMPLATES) + ")");
        }
        List<String> names = revs.isEmpty() ? List.of("workspace") : revs;
        List<RevisionView> views = new ArrayList<>();
        for (String rev : names) {
            views.add(rev.equals("workspace") ? RevisionView.of(repository, null) : new RevisionView(repository, commitOf(rev)));
        }
        // What dvj.yaml says of each plots file (x, y, title), the workspace's or the first revision's.
        Map<String, StageOutput.PlotProps> declared = new java.util.HashMap<>();
        for (RevisionView view : views) {
            for (Stage stage : view.pipeline().stages()) {
                stage.outs().stream().filter(o -> o.kind() == StageOutput.Kind.PLOT)
                        .forEach(o -> declared.putIfAbsent(o.path(), o.plot() == null ? new StageOutput.PlotProps(null, List.of(), null) : o.plot()));
            }
        }
        Set<String> files = new LinkedHashSet<>(targets);
        if (files.isEmpty()) {
            files.addAll(declared.keySet().stream().sorted().toList());
        }
        if (files.isEmpty()) {
            throw DvjException.invalid("no plots: name a file, or declare one under plots: in dvj.yaml");
        }
        List<Plot> plots = new ArrayList<>();
        for (String file : files) {
            StageOutput.PlotProps props = declared.getOrDefault(file, new StageOutput.PlotProps(null, List.of(), null));
            List<String> yFields = !y.isEmpty() ? y : props.y();
            String drawn = template != null ? template : props.template() != null ? props.template() : "linear";
            List<Series> series = new ArrayList<>();
            List<Matrix> matrices = new ArrayList<>();
            String xField = x != null ? x : props.x();
            for (int i = 0; i < views.size(); i++) {
                byte[] bytes = views.get(i).read(file);
                if (bytes == null) {
                    continue; // not at this revision
                }
                List<Map<String, Object>> rows = PlotFile.rows(file, bytes);
                if (drawn.startsWith("confusion")) {
                    matrices.add(matrix(file, rows, xField, yFields, drawn.equals("confusion_normalized"), names.size() > 1 ? names.get(i) : null));
                    continue;
                }
                if (xField == null) {
                    xField = defaultX(rows);
                }
                for (String field : yFields.isEmpty() ? numericFields(rows, xField) : yFields) {
                    series.add(series(rows, xField, field, names.size() > 1 ? names.get(i) : null));
                }
            }
            if (series.isEmpty() && matrices.isEmpty()) {
                throw DvjException.invalid(file + " is not in the workspace or at the revisions asked for");
            }
            String title = props.title() != null ? props.title() : file;
            if (matrices.isEmpty()) {
                plots.add(new Plot(file, title, drawn, xField == null ? "index" : xField, series, null));
            }
            for (Matrix matrix : matrices) {
                plots.add(new Plot(file, matrix.rev() == null ? title : title + " @ " + matrix.rev(), drawn, xField, List.of(), matrix));
            }
        }
        return new Result(names, plots);
    }

    /** A revision's commit, or an experiment's ({@code dvj exp run} results are commits of their own). */
    private String commitOf(String rev) {
        try {
            return repository.scm().resolve(rev);
        } catch (DvjException notARevision) {
            try {
                return new ExperimentStore(repository).find(rev).commit();
            } catch (DvjException notAnExperiment) {
                throw DvjException.invalid("'" + rev + "' is neither a revision nor an experiment (see 'dvj exp show')");
            }
        }
    }

    /** Counts each (actual, predicted) pair of the rows; x names the actual field, the first y the predicted one. */
    private static Matrix matrix(String file, List<Map<String, Object>> rows, String actualField, List<String> yFields,
                                 boolean normalized, String rev) {
        String predictedField = yFields.isEmpty() ? null : yFields.get(0);
        if (actualField == null || predictedField == null) {
            throw DvjException.invalid(file + ": a confusion matrix needs x (the actual class) and y (the predicted one)");
        }
        java.util.TreeSet<String> classes = new java.util.TreeSet<>();
        Map<String, Map<String, Double>> counts = new java.util.TreeMap<>();
        for (Map<String, Object> row : rows) {
            String actual = label(row.get(actualField));
            String predicted = label(row.get(predictedField));
            classes.add(actual);
            classes.add(predicted);
            counts.computeIfAbsent(actual, a -> new java.util.TreeMap<>()).merge(predicted, 1.0, Double::sum);
        }
        List<String> labels = new ArrayList<>(classes);
        List<List<Double>> values = new ArrayList<>();
        for (String actual : labels) {
            Map<String, Double> row = counts.getOrDefault(actual, Map.of());
            double total = row.values().stream().mapToDouble(Double::doubleValue).sum();
            List<Double> cells = new ArrayList<>();
            for (String predicted : labels) {
                double count = row.getOrDefault(predicted, 0.0);
                cells.add(normalized ? (total == 0 ? 0 : count / total) : count);
            }
            values.add(cells);
        }
        return new Matrix(rev, labels, labels, values);
    }

    /** A class as text: 1.0 read from a CSV is the class 1. */
    private static String label(Object value) {
        if (value instanceof Double number && number == Math.rint(number)) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value);
    }

    private static String defaultX(List<Map<String, Object>> rows) {
        if (!rows.isEmpty()) {
            for (String candidate : List.of("step", "epoch", "iteration")) {
                if (rows.get(0).containsKey(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static List<String> numericFields(List<Map<String, Object>> rows, String xField) {
        List<String> fields = new ArrayList<>();
        if (!rows.isEmpty()) {
            rows.get(0).forEach((field, value) -> {
                if (!field.equals(xField) && value instanceof Double) {
                    fields.add(field);
                }
            });
        }
        return fields;
    }

    private static Series series(List<Map<String, Object>> rows, String xField, String field, String rev) {
        List<Object> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Object value = rows.get(i).get(field);
            if (!(value instanceof Double number)) {
                continue;
            }
            xs.add(xField == null ? (Object) (double) i : rows.get(i).get(xField));
            ys.add(number);
        }
        return new Series(rev == null ? field : field + " @ " + rev, rev, xs, ys);
    }
}
