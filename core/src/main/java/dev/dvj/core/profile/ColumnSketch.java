package dev.dvj.core.profile;

import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column's distribution, gathered in one pass with Apache DataSketches: a KLL sketch of its
 * numeric values (quantiles, histograms over any bins; exact below {@value #KLL_K} values), the
 * frequent values with their counts, a HyperLogLog estimate of distinct values, and exact count,
 * zeros, min, max, mean and variance (Welford). A column is numeric when its profile infers
 * {@link ColumnType#INTEGER} or {@link ColumnType#FLOAT}; its text values feed the other sketches.
 */
public final class ColumnSketch {
    /** KLL's accuracy parameter: about 1.65% rank error, and exact while it holds fewer values. */
    static final int KLL_K = 200;
    /** Frequent values tracked; a column with fewer distinct values has all its counts exact. */
    static final int TOP_MAP = 512;
    /** Top values kept in a profile. */
    static final int TOP_KEPT = 20;
    private static final int HLL_LG_K = 12;

    private final KllDoublesSketch numbers = KllDoublesSketch.newHeapInstance(KLL_K);
    private final ItemsSketch<String> values = new ItemsSketch<>(TOP_MAP);
    private final HllSketch distinct = new HllSketch(HLL_LG_K);
    private long count;
    private long zeros;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;

    /** A present value as its text: numbers also go to the numeric sketches. */
    void add(String text) {
        values.update(text);
        distinct.update(text);
        double number = parseNumber(text);
        if (!Double.isNaN(number)) {
            addNumber(number);
        }
    }

    /** A typed number (JSON). */
    void add(double number, String text) {
        values.update(text);
        distinct.update(text);
        addNumber(number);
    }

    private void addNumber(double number) {
        if (Double.isInfinite(number)) {
            return;
        }
        numbers.update(number);
        count++;
        zeros += number == 0 ? 1 : 0;
        min = Math.min(min, number);
        max = Math.max(max, number);
        double delta = number - mean;
        mean += delta / count;
        m2 += delta * (number - mean);
    }

    /** The text as a number when it reads as one (integers, decimals, exponents); NaN otherwise. */
    static double parseNumber(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 40) {
            return Double.NaN;
        }
        char first = t.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return Double.NaN; // most text fails here, without the cost of an exception
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The finished statistics of a column of the given type. */
    ColumnStatistics finish(ColumnType type) {
        boolean numeric = type == ColumnType.INTEGER || type == ColumnType.FLOAT;
        List<ColumnStatistics.Frequency> top = new ArrayList<>();
        long seen = values.getStreamLength();
        for (ItemsSketch.Row<String> row : values.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            if (top.size() == TOP_KEPT) {
                break;
            }
            top.add(new ColumnStatistics.Frequency(row.getItem(), row.getEstimate()));
        }
        long distinctEstimate = Math.round(distinct.getEstimate());
        boolean exactValues = values.getNumActiveItems() < TOP_MAP * 3 / 4 && values.getMaximumError() == 0;
        Map<String, Long> counts = new LinkedHashMap<>();
        if (exactValues && !numeric) {
            // Few enough distinct values that every count is exact: keep them all for drift.
            for (ItemsSketch.Row<String> row : values.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
                counts.put(row.getItem(), row.getEstimate());
            }
        }
        if (!numeric || count == 0) {
            return ColumnStatistics.categorical(seen, exactValues ? counts.size() : distinctEstimate, exactValues, top, counts);
        }
        return ColumnStatistics.numeric(seen, distinctEstimate, top, count, zeros, min, max, mean,
                count > 1 ? Math.sqrt(m2 / (count - 1)) : 0, numbers.toByteArray());
    }
}
