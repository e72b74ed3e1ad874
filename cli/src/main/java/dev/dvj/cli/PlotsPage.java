package dev.dvj.cli;

import dev.dvj.core.plots.PlotsCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plots as ECharts line charts on a self-contained page ({@link HtmlPage}): one chart per plots
 * file, x against every series, with a legend and tooltips.
 */
public final class PlotsPage {
    private PlotsPage() {
    }

    public static String render(String title, PlotsCommand.Result result) {
        HtmlPage page = new HtmlPage(title);
        add(page, result);
        return page.render();
    }

    /** Adds a heading and a chart per plot. */
    static void add(HtmlPage page, PlotsCommand.Result result) {
        for (PlotsCommand.Plot plot : result.plots()) {
            page.heading(plot.title()).chart(plot.file(), option(plot));
        }
    }

    /**
     * An ECharts option for one plot, by its template: lines (points on {@code linear}, none on
     * {@code simple}, curved on {@code smooth}), points ({@code scatter}), horizontal bars, or a
     * confusion matrix as a heatmap with each cell's value written in it.
     */
    static Map<String, Object> option(PlotsCommand.Plot plot) {
        if (plot.matrix() != null) {
            return heatmap(plot.matrix(), plot.template().equals("confusion_normalized"));
        }
        boolean numericX = plot.series().stream().allMatch(s -> s.x().stream().allMatch(v -> v instanceof Number));
        List<Map<String, Object>> series = new ArrayList<>();
        for (PlotsCommand.Series line : plot.series()) {
            List<List<Object>> points = new ArrayList<>();
            for (int i = 0; i < line.y().size(); i++) {
                points.add(plot.template().equals("bar_horizontal") ? List.of(line.y().get(i), line.x().get(i))
                        : List.of(line.x().get(i), line.y().get(i)));
            }
            Map<String, Object> s = line(line.name(), points, plot.template().equals("linear") && line.y().size() <= 50);
            switch (plot.template()) {
                case "smooth" -> s.put("smooth", true);
                case "scatter" -> s.put("type", "scatter");
                case "bar_horizontal" -> s.put("type", "bar");
                default -> {
                }
            }
            series.add(s);
        }
        Map<String, Object> option = lineChart(plot.x(), numericX ? "value" : "category", series);
        if (plot.template().equals("bar_horizontal")) {
            option.put("yAxis", Map.of("type", "category", "name", plot.x()));
            option.put("xAxis", Map.of("type", "value"));
        }
        return option;
    }

    private static Map<String, Object> heatmap(PlotsCommand.Matrix matrix, boolean normalized) {
        List<List<Object>> cells = new ArrayList<>();
        double max = 0;
        for (int a = 0; a < matrix.actual().size(); a++) {
            for (int p = 0; p < matrix.predicted().size(); p++) {
                double value = matrix.values().get(a).get(p);
                cells.add(List.of(p, a, normalized ? Math.round(value * 1000) / 1000.0 : value));
                max = Math.max(max, value);
            }
        }
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("name", normalized ? "fraction of the actual class" : "count");
        series.put("type", "heatmap");
        series.put("data", cells);
        series.put("label", Map.of("show", true));
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("tooltip", Map.of());
        option.put("grid", Map.of("left", 90, "right", 30, "top", 20, "bottom", 90));
        option.put("xAxis", Map.of("type", "category", "data", matrix.predicted(), "name", "predicted", "nameLocation", "middle", "nameGap", 30));
        option.put("yAxis", Map.of("type", "category", "data", matrix.actual(), "name", "actual", "nameLocation", "middle", "nameGap", 70));
        option.put("visualMap", Map.of("min", 0, "max", max == 0 ? 1 : max, "calculable", true, "orient", "horizontal",
                "left", "center", "bottom", 0));
        option.put("series", List.of(series));
        return option;
    }

    static Map<String, Object> line(String name, Object data, boolean symbols) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("type", "line");
        s.put("showSymbol", symbols);
        s.put("data", data);
        return s;
    }

    static Map<String, Object> lineChart(String xName, String xType, List<Map<String, Object>> series) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("top", 0));
        option.put("grid", Map.of("left", 60, "right", 30, "top", 40, "bottom", 50));
        option.put("xAxis", Map.of("type", xType, "name", xName, "nameLocation", "middle", "nameGap", 28, "scale", true));
        option.put("yAxis", Map.of("type", "value", "scale", true));
        option.put("series", series);
        return option;
    }
}
