package dev.dvj.core.profile;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far each column's distribution moved between two versions of a table, as TFDV and Evidently
 * measure it: the L-infinity (Chebyshev) distance between the value frequencies of a categorical
 * column, and the Jensen-Shannon divergence (log base 2, so between 0 and 1) between the
 * histograms of a numeric column over shared bins, or, when asked, the population stability
 * index over those bins.
 */
public final class Drift {
    /** Equal-width bins over the two versions' combined range. */
    static final int BINS = 20;
    /** What an empty bin counts as in PSI, whose logarithm an empty bin would make infinite. */
    static final double PSI_FLOOR = 1e-4;

    public enum Measure { L_INFINITY, JENSEN_SHANNON, PSI }

    /**
     * One column's drift.
     *
     * @param distance  the measure's value; null when the column is in one version only
     * @param threshold the distance above which the column counts as drifted
     * @param note      why there is no distance, or that it is estimated from the top values
     */
    public record ColumnDrift(String column, String kind, Measure measure, Double distance, double threshold,
                              boolean drifted, String note) {
    }

    /**
     * @param thresholds per column; columns not named use {@code defaultThreshold}
     * @param psi        measure numeric columns by PSI instead of Jensen-Shannon
     */
    public static List<ColumnDrift> between(TableStatistics before, TableStatistics after, double defaultThreshold,
                                            Map<String, Double> thresholds, boolean psi) {
        Set<String> names = new LinkedHashSet<>(before.columns().keySet());
        names.addAll(after.columns().keySet());
        List<ColumnDrift> drifts = new ArrayList<>();
        for (String name : names) {
            double threshold = thresholds.getOrDefault(name, defaultThreshold);
            ColumnStatistics a = before.columns().get(name);
            ColumnStatistics b = after.columns().get(name);
            if (a == null || b == null) {
                drifts.add(new ColumnDrift(name, (a == null ? b : a).kind(), null, null, threshold, true,
                        a == null ? "new column" : "column removed"));
            } else if (a.isNumeric() && b.isNumeric()) {
                KllDoublesSketch sketchA = a.sketch(); // each decoded once: a sketch is rebuilt from its bytes
                KllDoublesSketch sketchB = b.sketch();
                double[] p = histogram(sketchA, sketchB, a, b, true);
                double[] q = histogram(sketchA, sketchB, a, b, false);
                double distance = psi ? psi(p, q) : jensenShannon(p, q);
                drifts.add(new ColumnDrift(name, ColumnStatistics.NUMERIC, psi ? Measure.PSI : Measure.JENSEN_SHANNON,
                        distance, threshold, distance > threshold, null));
            } else {
                boolean exact = !a.counts().isEmpty() && !b.counts().isEmpty();
                double distance = lInfinity(frequencies(a, exact), frequencies(b, exact));
                String note = a.isNumeric() != b.isNumeric() ? "type changed: compared by value frequencies"
                        : exact ? null : "estimated from the most frequent values";
                drifts.add(new ColumnDrift(name, a.isNumeric() != b.isNumeric() ? "changed" : ColumnStatistics.CATEGORICAL,
                        Measure.L_INFINITY, distance, threshold, distance > threshold, note));
            }
        }
        return drifts;
    }

    /**
     * The shares of one version's values (the first when {@code first}) in {@link #BINS}
     * equal-width bins spanning both versions; each bin holds the values above its lower edge up
     * to and including its upper edge (the first also its lower edge).
     */
    static double[] histogram(KllDoublesSketch first, KllDoublesSketch second, ColumnStatistics a, ColumnStatistics b,
                              boolean ofFirst) {
        KllDoublesSketch sketch = ofFirst ? first : second;
        if (sketch.isEmpty()) {
            return new double[BINS];
        }
        double low = Math.min(a.min(), b.min());
        double high = Math.max(a.max(), b.max());
        if (low == high) {
            double[] one = new double[BINS];
            one[0] = 1;
            return one;
        }
        double[] splits = splitPoints(low, high);
        double[] pmf = sketch.getPMF(splits, QuantileSearchCriteria.INCLUSIVE);
        // getPMF ends with the share above the last split: the top bin, up to and including high.
        return pmf;
    }

    /** The BINS - 1 inner edges of equal-width bins from low to high. */
    static double[] splitPoints(double low, double high) {
        double[] splits = new double[BINS - 1];
        double width = (high - low) / BINS;
        for (int i = 0; i < splits.length; i++) {
            splits[i] = low + width * (i + 1);
        }
        return splits;
    }

    /** Jensen-Shannon divergence, log base 2: 0 for equal distributions, 1 for disjoint ones. */
    static double jensenShannon(double[] p, double[] q) {
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            divergence += half(p[i], m) + half(q[i], m);
        }
        return Math.max(0, divergence / 2);
    }

    private static double half(double x, double m) {
        return x == 0 ? 0 : x * Math.log(x / m) / Math.log(2);
    }

    /** Population stability index: the sum over bins of (q - p) ln(q / p), empty bins counted as {@link #PSI_FLOOR}. */
    static double psi(double[] p, double[] q) {
        double index = 0;
        for (int i = 0; i < p.length; i++) {
            double a = Math.max(p[i], PSI_FLOOR);
            double b = Math.max(q[i], PSI_FLOOR);
            index += (b - a) * Math.log(b / a);
        }
        return index;
    }

    /** L-infinity distance: the largest difference in any one value's share. */
    static double lInfinity(Map<String, Double> p, Map<String, Double> q) {
        Set<String> values = new LinkedHashSet<>(p.keySet());
        values.addAll(q.keySet());
        double distance = 0;
        for (String value : values) {
            distance = Math.max(distance, Math.abs(p.getOrDefault(value, 0.0) - q.getOrDefault(value, 0.0)));
        }
        return distance;
    }

    /** Each value's share of the present values: all values when counted exactly, else the top ones. */
    static Map<String, Double> frequencies(ColumnStatistics column, boolean exact) {
        Map<String, Double> shares = new LinkedHashMap<>();
        if (column.present() == 0) {
            return shares;
        }
        if (exact) {
            column.counts().forEach((value, count) -> shares.put(value, count / (double) column.present()));
        } else {
            column.top().forEach(f -> shares.put(f.value(), f.count() / (double) column.present()));
        }
        return shares;
    }
}
