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

    /** An ECharts option for one plot: a value x axis (category when x is text), a line per series. */
    static Map<String, Object> option(PlotsCommand.Plot plot) {
        boolean numericX = plot.series().stream().allMatch(s -> s.x().stream().allMatch(v -> v instanceof Number));
        List<Map<String, Object>> series = new ArrayList<>();
        for (PlotsCommand.Series line : plot.series()) {
            List<List<Object>> points = new ArrayList<>();
            for (int i = 0; i < line.y().size(); i++) {
                points.add(List.of(line.x().get(i), line.y().get(i)));
            }
            series.add(line(line.name(), points, line.y().size() <= 50));
        }
        return lineChart(plot.x(), numericX ? "value" : "category", series);
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
