package dev.dvj.cli;

import dev.dvj.core.DvjException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page of headings, tables and charts, as {@code dvj plots} and
 * {@code dvj report} write them: Apache ECharts (the webjar on dvj's class path) is inlined, and
 * each chart's ECharts option is in the page as JSON, so it opens without a network.
 */
final class HtmlPage {
    /** ECharts' minified build inside its webjar. */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final List<Map<String, Object>> charts = new ArrayList<>();

    HtmlPage(String title) {
        this.title = title;
    }

    HtmlPage heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    HtmlPage table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        header.forEach(cell -> body.append("<th>").append(escape(cell)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(cell -> body.append("<td>").append(escape(cell == null ? "" : cell)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A chart drawn by ECharts from {@code option}, labelled for tests and readers by {@code label}. */
    HtmlPage chart(String label, Map<String, Object> option) {
        body.append("<div class=\"chart\" id=\"chart-").append(charts.size()).append("\" data-label=\"")
                .append(escape(label)).append("\"></div>\n");
        charts.add(option);
        return this;
    }

    String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n<style>\n"
                + "body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff}\n"
                + ".chart{width:900px;height:420px;margin:12px 0 32px}\nh2{font-size:16px;margin:28px 0 8px}\n"
                + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}\n"
                + "</style>\n<script>\n" + echarts() + "\n</script>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n"
                + body
                + "<script id=\"dvj-charts\" type=\"application/json\">\n" + Json.write(charts).replace("</", "<\\/") + "\n</script>\n"
                + "<script>\n"
                + "JSON.parse(document.getElementById('dvj-charts').textContent).forEach((option, i) =>\n"
                + "  echarts.init(document.getElementById('chart-' + i), null, {renderer: 'canvas'}).setOption(option));\n"
                + "</script>\n</body>\n</html>\n";
    }

    private static String echarts() {
        try (InputStream in = HtmlPage.class.getClassLoader().getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw DvjException.data("the charting library (" + ECHARTS + ") is missing from dvj's class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw DvjException.data("cannot read the charting library: " + e.getMessage(), e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
