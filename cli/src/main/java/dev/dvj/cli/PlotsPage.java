package dev.dvj.cli;

import dev.dvj.core.DvjException;
import dev.dvj.core.plots.PlotsCommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plots as one self-contained HTML page: Apache ECharts (the webjar on dvj's class path) inlined
 * in the page, and each plot's series as JSON, so the page needs no network to be viewed. One
 * line chart per plots file, x against every series, with a legend and tooltips.
 */
public final class PlotsPage {
    /** ECharts' minified build inside its webjar. */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private PlotsPage() {
    }

    public static String render(String title, PlotsCommand.Result result) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff}\n")
                .append(".plot{width:900px;height:420px;margin:12px 0 32px}\nh2{font-size:16px;margin:24px 0 0}\n")
                .append("</style>\n<script>\n").append(echarts()).append("\n</script>\n</head>\n<body>\n<h1>")
                .append(escape(title)).append("</h1>\n");
        List<Map<String, Object>> charts = new ArrayList<>();
        for (int i = 0; i < result.plots().size(); i++) {
            PlotsCommand.Plot plot = result.plots().get(i);
            html.append("<h2>").append(escape(plot.file())).append("</h2>\n<div class=\"plot\" id=\"plot-").append(i)
                    .append("\" data-file=\"").append(escape(plot.file())).append("\"></div>\n");
            charts.add(option(plot));
        }
        html.append("<script id=\"dvj-plots\" type=\"application/json\">\n")
                .append(Json.write(charts).replace("</", "<\\/")).append("\n</script>\n")
                .append("<script>\n")
                .append("const options = JSON.parse(document.getElementById('dvj-plots').textContent);\n")
                .append("options.forEach((option, i) => {\n")
                .append("  const chart = echarts.init(document.getElementById('plot-' + i), null, {renderer: 'canvas'});\n")
                .append("  chart.setOption(option);\n")
                .append("});\n</script>\n</body>\n</html>\n");
        return html.toString();
    }

    /** An ECharts option for one plot: a value x axis (category when x is text), a line per series. */
    private static Map<String, Object> option(PlotsCommand.Plot plot) {
        boolean numericX = plot.series().stream().allMatch(s -> s.x().stream().allMatch(v -> v instanceof Number));
        List<Map<String, Object>> series = new ArrayList<>();
        for (PlotsCommand.Series line : plot.series()) {
            List<List<Object>> points = new ArrayList<>();
            for (int i = 0; i < line.y().size(); i++) {
                points.add(List.of(line.x().get(i), line.y().get(i)));
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", line.name());
            s.put("type", "line");
            s.put("showSymbol", line.y().size() <= 50);
            s.put("data", points);
            series.add(s);
        }
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("top", 0));
        option.put("grid", Map.of("left", 60, "right", 30, "top", 40, "bottom", 50));
        option.put("xAxis", Map.of("type", numericX ? "value" : "category", "name", plot.x(), "nameLocation", "middle",
                "nameGap", 28, "scale", true));
        option.put("yAxis", Map.of("type", "value", "scale", true));
        option.put("series", series);
        return option;
    }

    private static String echarts() {
        try (InputStream in = PlotsPage.class.getClassLoader().getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw DvjException.data("the charting library (" + ECHARTS + ") is missing from dvj's class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw DvjException.data("cannot read the charting library: " + e.getMessage(), e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
