package dev.dvj.cli;

import dev.dvj.core.experiments.ExperimentTable;
import dev.dvj.core.pipeline.DagGraph;
import dev.dvj.core.profile.Drift;
import dev.dvj.core.report.ReportCommand;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code dvj report}'s page: the plots, the metrics across commits as charts, the experiments
 * table, each tracked table's versions with their drift, and the pipeline's lineage graph.
 */
public final class ReportPage {
    private ReportPage() {
    }

    public static String render(String title, ReportCommand.Result report) {
        HtmlPage page = new HtmlPage(title);
        PlotsPage.add(page, report.plots());
        metrics(page, report.experiments());
        experiments(page, report.experiments());
        for (ReportCommand.Table table : report.tables()) {
            tableVersions(page, table);
        }
        lineage(page, report.lineage());
        return page.render();
    }

    /**
     * Each numeric metric across the commits (oldest first), one chart per metrics file, with the
     * experiments run on a commit as points above it.
     */
    private static void metrics(HtmlPage page, List<ExperimentTable.Row> rows) {
        List<ExperimentTable.Row> commits = new ArrayList<>(rows.stream().filter(r -> r.experiment() == null).toList());
        java.util.Collections.reverse(commits);
        Map<String, TreeSet<String>> keys = new LinkedHashMap<>();
        for (ExperimentTable.Row row : commits) {
            row.metrics().forEach((file, values) -> values.forEach((key, value) -> {
                if (value instanceof Number) {
                    keys.computeIfAbsent(file, f -> new TreeSet<>()).add(key);
                }
            }));
        }
        for (Map.Entry<String, TreeSet<String>> file : keys.entrySet()) {
            List<String> labels = commits.stream().map(ReportPage::label).toList();
            List<Map<String, Object>> series = new ArrayList<>();
            for (String key : file.getValue()) {
                List<Object> values = new ArrayList<>();
                for (ExperimentTable.Row row : commits) {
                    Object value = row.metrics().getOrDefault(file.getKey(), Map.of()).get(key);
                    values.add(value instanceof Number ? value : null);
                }
                series.add(PlotsPage.line(key, values, true));
            }
            // Experiments as points at the commit they ran on: what each variant scored next to its base.
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < commits.size(); i++) {
                column.put(commits.get(i).commit(), i);
            }
            for (String key : file.getValue()) {
                List<List<Object>> points = new ArrayList<>();
                for (ExperimentTable.Row row : rows) {
                    Object value = row.experiment() == null ? null : row.metrics().getOrDefault(file.getKey(), Map.of()).get(key);
                    Integer at = row.base() == null ? null : column.get(row.base());
                    if (value instanceof Number && at != null) {
                        points.add(List.of(at, value));
                    }
                }
                if (!points.isEmpty()) {
                    Map<String, Object> scatter = new LinkedHashMap<>();
                    scatter.put("name", key + " (experiments)");
                    scatter.put("type", "scatter");
                    scatter.put("data", points);
                    series.add(scatter);
                }
            }
            Map<String, Object> option = PlotsPage.lineChart("commit", "category", series);
            option.put("xAxis", Map.of("type", "category", "data", labels, "name", "commit", "nameLocation", "middle", "nameGap", 28));
            page.heading("Metrics across commits: " + file.getKey()).chart("metrics " + file.getKey(), option);
        }
    }

    private static String label(ExperimentTable.Row row) {
        String short8 = row.commit() == null ? "workspace" : row.commit().substring(0, Math.min(8, row.commit().length()));
        return row.name() != null && !row.name().isEmpty() && !row.name().equals(row.commit()) ? row.name() + " " + short8 : short8;
    }

    private static void experiments(HtmlPage page, List<ExperimentTable.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        TreeSet<String> params = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        rows.forEach(r -> {
            r.params().forEach((file, values) -> values.keySet().forEach(k -> params.add(file + ":" + k)));
            r.metrics().forEach((file, values) -> values.keySet().forEach(k -> metrics.add(file + ":" + k)));
        });
        List<String> header = new ArrayList<>(List.of("experiment", "commit", "created", "status"));
        header.addAll(params);
        header.addAll(metrics);
        List<List<String>> table = new ArrayList<>();
        for (ExperimentTable.Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.name() == null ? "" : row.name(),
                    row.commit() == null ? "" : row.commit().substring(0, Math.min(8, row.commit().length())),
                    row.created() == null ? "" : row.created().toString(), row.status() == null ? "" : row.status()));
            params.forEach(p -> cells.add(value(row.params(), p)));
            metrics.forEach(m -> cells.add(value(row.metrics(), m)));
            table.add(cells);
        }
        page.heading("Experiments").table(header, table);
    }

    private static String value(Map<String, Map<String, Object>> values, String fileAndKey) {
        int colon = fileAndKey.indexOf(':');
        Object value = values.getOrDefault(fileAndKey.substring(0, colon), Map.of()).get(fileAndKey.substring(colon + 1));
        return value == null ? "" : value.toString();
    }

    private static void tableVersions(HtmlPage page, ReportCommand.Table table) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportCommand.TableVersion version : table.versions()) {
            List<String> drifted = version.driftFromPrevious().stream().filter(Drift.ColumnDrift::drifted)
                    .map(c -> c.column() + String.format(Locale.ROOT, " (%.3f)", c.distance() == null ? 0 : c.distance())).toList();
            rows.add(List.of(version.commit() == null ? "" : version.commit().substring(0, 8), version.date() == null ? "" : version.date(),
                    version.oid() == null ? "" : version.oid().substring(0, 8), Long.toString(version.rows()),
                    Integer.toString(version.columns()), version.desc() == null ? "" : version.desc(),
                    version.driftFromPrevious().isEmpty() ? "-" : drifted.isEmpty() ? "no drift" : "drifted: " + String.join(", ", drifted)));
        }
        page.heading("Data versions: " + table.path())
                .table(List.of("commit", "date", "id", "rows", "columns", "description", "drift from the version before"), rows);
        if (!table.statistics().isEmpty()) {
            List<List<String>> columns = new ArrayList<>();
            for (ReportCommand.ColumnSummary column : table.statistics()) {
                columns.add(List.of(column.column(), column.kind(), Long.toString(column.present()),
                        column.distinct() == null ? "" : column.distinct().toString(), number(column.min()), number(column.max()),
                        number(column.mean()), number(column.stddev()), column.top() == null ? "" : column.top()));
            }
            page.heading("Statistics of the newest version of " + table.path())
                    .table(List.of("column", "kind", "present", "distinct", "min", "max", "mean", "stddev", "most frequent"), columns);
        }
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4g", value);
    }

    /** The pipeline's data lineage as a graph: nodes in columns by depth, arrows from what feeds to what is fed. */
    private static void lineage(HtmlPage page, DagGraph graph) {
        if (graph.nodes().isEmpty()) {
            return;
        }
        Map<String, Integer> depth = new HashMap<>();
        for (String node : graph.nodes()) { // nodes come in dependency order
            int d = 0;
            for (DagGraph.Edge edge : graph.edges()) {
                if (edge.to().equals(node)) {
                    d = Math.max(d, depth.getOrDefault(edge.from(), 0) + 1);
                }
            }
            depth.put(node, d);
        }
        Map<Integer, Integer> placed = new HashMap<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (String node : graph.nodes()) {
            int d = depth.get(node);
            int row = placed.merge(d, 1, Integer::sum) - 1;
            nodes.add(Map.of("name", node, "x", d * 220, "y", row * 70, "symbolSize", 14, "label", Map.of("show", true, "position", "bottom")));
        }
        List<Map<String, Object>> links = graph.edges().stream()
                .map(e -> Map.<String, Object>of("source", e.from(), "target", e.to())).toList();
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("type", "graph");
        series.put("layout", "none");
        series.put("roam", true);
        series.put("edgeSymbol", List.of("none", "arrow"));
        series.put("edgeSymbolSize", 8);
        series.put("data", nodes);
        series.put("links", links);
        series.put("lineStyle", Map.of("width", 1.5, "color", "#5470c6"));
        series.put("itemStyle", Map.of("color", "#91cc75"));
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("tooltip", Map.of());
        option.put("series", List.of(series));
        page.heading("Lineage of the outputs").chart("lineage", option);
    }
}
