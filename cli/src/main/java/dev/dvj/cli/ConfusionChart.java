package dev.dvj.cli;

import dev.dvj.core.plots.PlotsCommand;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix as a JFreeChart heat map, for {@link PlotImages}: predicted classes across,
 * actual classes down (the first at the top, as the page draws it), each cell shaded by its value
 * and labelled with it (a count, or a fraction of its row when normalized).
 */
final class ConfusionChart {
    private static final Color EMPTY = Color.WHITE;
    private static final Color FULL = new Color(0x1f, 0x5f, 0xa8);

    private ConfusionChart() {
    }

    static JFreeChart of(PlotsCommand.Plot plot) {
        PlotsCommand.Matrix matrix = plot.matrix();
        List<String> actual = matrix.actual();
        List<String> predicted = matrix.predicted();
        int cells = actual.size() * predicted.size();
        double[][] xyz = new double[3][cells];
        double largest = 0;
        boolean counts = true;
        for (int row = 0, i = 0; row < actual.size(); row++) {
            for (int column = 0; column < predicted.size(); column++, i++) {
                double value = matrix.values().get(row).get(column);
                xyz[0][i] = column;
                xyz[1][i] = row;
                xyz[2][i] = value;
                largest = Math.max(largest, value);
                counts &= value == Math.rint(value);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(plot.title(), xyz);
        SymbolAxis across = new SymbolAxis("predicted", predicted.toArray(new String[0]));
        SymbolAxis down = new SymbolAxis("actual", actual.toArray(new String[0]));
        down.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new Shades(Math.max(largest, 1e-12)));
        XYPlot xy = new XYPlot(data, across, down, renderer);
        xy.setBackgroundPaint(Color.WHITE);
        xy.setDomainGridlinesVisible(false);
        xy.setRangeGridlinesVisible(false);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        for (int i = 0; i < cells; i++) {
            double value = xyz[2][i];
            XYTextAnnotation label = new XYTextAnnotation(counts ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.2f", value), xyz[0][i], xyz[1][i]);
            label.setFont(font);
            label.setPaint(value > largest / 2 ? Color.WHITE : Color.BLACK);
            xy.addAnnotation(label);
        }
        JFreeChart chart = new JFreeChart(plot.title(), JFreeChart.DEFAULT_TITLE_FONT, xy, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** White for zero to blue for the largest value, in a straight line between the two. */
    private record Shades(double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            double t = Math.max(0, Math.min(1, value / upper));
            return new Color(blend(EMPTY.getRed(), FULL.getRed(), t), blend(EMPTY.getGreen(), FULL.getGreen(), t),
                    blend(EMPTY.getBlue(), FULL.getBlue(), t));
        }

        private static int blend(int from, int to, double t) {
            return (int) Math.round(from + (to - from) * t);
        }
    }
}
