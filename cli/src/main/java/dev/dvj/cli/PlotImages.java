package dev.dvj.cli;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.plots.PlotsCommand;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plots as PNG and SVG images beside their page, drawn by JFreeChart (and JFreeSVG for SVG): for
 * a README, a pull request or a slide, where a page with scripts does not go.
 */
public final class PlotImages {
    static final int WIDTH = 900;
    static final int HEIGHT = 420;

    private PlotImages() {
    }

    /**
     * Writes {@code <file>.png} and {@code <file>.svg} for each plot into {@code folder} (a
     * confusion matrix of one revision of several: {@code <file>_<rev>.png}); returns the files written.
     */
    public static List<Path> write(PlotsCommand.Result result, Path folder) {
        System.setProperty("java.awt.headless", "true"); // no display is ever needed: images only
        List<Path> written = new ArrayList<>();
        for (PlotsCommand.Plot plot : result.plots()) {
            JFreeChart chart = plot.matrix() != null ? ConfusionChart.of(plot) : chart(plot);
            String shown = plot.matrix() != null && plot.matrix().rev() != null
                    ? plot.file() + "_" + plot.matrix().rev() : plot.file();
            String name = shown.replaceAll("[^A-Za-z0-9._-]", "_");
            Path png = folder.resolve(name + ".png");
            Path svg = folder.resolve(name + ".svg");
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ChartUtils.writeChartAsPNG(bytes, chart, WIDTH, HEIGHT);
                AtomicFiles.write(png, bytes.toByteArray());
                SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
                chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
                AtomicFiles.write(svg, graphics.getSVGDocument());
            } catch (IOException e) {
                throw DvjException.data("cannot write " + png + ": " + e.getMessage(), e);
            }
            written.add(png);
            written.add(svg);
        }
        return written;
    }

    /** A line chart (numeric x on a value axis, text x as categories), points, or horizontal bars, by template. */
    static JFreeChart chart(PlotsCommand.Plot plot) {
        boolean numericX = plot.series().stream().allMatch(s -> s.x().stream().allMatch(v -> v instanceof Number));
        JFreeChart chart;
        if (plot.template().equals("bar_horizontal")) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (PlotsCommand.Series line : plot.series()) {
                for (int i = 0; i < line.y().size(); i++) {
                    data.addValue(line.y().get(i), line.name(), String.valueOf(line.x().get(i)));
                }
            }
            chart = ChartFactory.createBarChart(plot.title(), plot.x(), null, data, PlotOrientation.HORIZONTAL, true, false, false);
        } else if (numericX) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (PlotsCommand.Series line : plot.series()) {
                XYSeries series = new XYSeries(line.name(), false, true);
                for (int i = 0; i < line.y().size(); i++) {
                    series.add(((Number) line.x().get(i)).doubleValue(), line.y().get(i));
                }
                data.addSeries(series);
            }
            chart = plot.template().equals("scatter")
                    ? ChartFactory.createScatterPlot(plot.title(), plot.x(), null, data, PlotOrientation.VERTICAL, true, false, false)
                    : ChartFactory.createXYLineChart(plot.title(), plot.x(), null, data, PlotOrientation.VERTICAL, true, false, false);
        } else {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (PlotsCommand.Series line : plot.series()) {
                for (int i = 0; i < line.y().size(); i++) {
                    data.addValue(line.y().get(i), line.name(), String.valueOf(line.x().get(i)));
                }
            }
            chart = ChartFactory.createLineChart(plot.title(), plot.x(), null, data, PlotOrientation.VERTICAL, true, false, false);
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
