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
 * One column's distribution, gathered in one pass with Apache DataSketches. What each value costs
 * decides what a profile of a 200 MB table costs, so a column settles on a kind after its first
 * {@value #DECIDE_AFTER} present values and then pays only for that kind:
 * <ul>
 *   <li><b>numeric</b> (at least 90% of them read as numbers): a KLL sketch of the values
 *   (quantiles, histograms over any bins; exact below {@value #KLL_K} values) and exact count,
 *   zeros, min, max, mean and variance (Welford);</li>
 *   <li><b>categorical</b>: every value's exact count while there are fewer than
 *   {@value #EXACT_VALUES} distinct values; past that the column is high-cardinality (ids,
 *   timestamps, free text), and only a HyperLogLog estimate of its distinct values goes on,
 *   seeded with the values counted so far.</li>
 * </ul>
 */
public final class ColumnSketch {
    /** KLL's accuracy parameter: about 1.65% rank error, and exact while it holds fewer values. */
    static final int KLL_K = 200;
    /** Present values seen before the column settles on numeric or categorical. */
    static final int DECIDE_AFTER = 1000;
    /** Distinct values counted exactly (below the frequent-items sketch's first purge). */
    static final int EXACT_VALUES = 384;
    private static final int ITEMS_MAP = 512;
    /** Top values kept in a profile. */
    static final int TOP_KEPT = 20;
    private static final int HLL_LG_K = 12;

    private KllDoublesSketch numbers = KllDoublesSketch.newHeapInstance(KLL_K);
    private ItemsSketch<String> values = new ItemsSketch<>(ITEMS_MAP);
    private HllSketch distinct;
    private long seen;
    private long numeric;
    private Boolean isNumeric;
    private long count;
    private long zeros;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;

    /** A present value as its text. */
    void add(String text) {
        seen++;
        if (isNumeric == null) {
            values.update(text);
            double number = NumberText.parse(text);
            if (!Double.isNaN(number)) {
                numeric++;
                addNumber(number);
            }
            decideAfter();
        } else if (isNumeric) {
            double number = NumberText.parse(text);
            if (!Double.isNaN(number)) {
                addNumber(number);
            }
        } else {
            addCategory(text);
        }
    }

    /** A typed number (JSON). */
    void add(double number, String text) {
        seen++;
        if (isNumeric == null) {
            values.update(text);
            numeric++;
            addNumber(number);
            decideAfter();
        } else if (isNumeric) {
            addNumber(number);
        } else {
            addCategory(text);
        }
    }

    private void decideAfter() {
        if (seen >= DECIDE_AFTER) {
            settle();
        }
    }

    /** Settles on numeric or categorical and drops the other kind's sketches. */
    private void settle() {
        isNumeric = numeric > 0 && numeric >= Math.ceil(ColumnStats.FIT_SHARE * seen);
        if (isNumeric) {
            values = null;
        } else {
            numbers = null;
            count = 0;
            if (values.getMaximumError() > 0) {
                startEstimating(); // already past exact counting
            }
        }
    }

    private void addCategory(String text) {
        if (distinct != null) {
            distinct.update(text);
            return;
        }
        values.update(text);
        if (values.getNumActiveItems() >= EXACT_VALUES) {
            startEstimating();
        }
    }

    /** Too many distinct values to count each: estimate how many there are from here on. */
    private void startEstimating() {
        distinct = new HllSketch(HLL_LG_K);
        for (ItemsSketch.Row<String> row : values.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            distinct.update(row.getItem());
        }
        values = null;
    }

    private void addNumber(double number) {
        if (Double.isInfinite(number) || Double.isNaN(number)) {
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

    /** The finished statistics. */
    ColumnStatistics finish() {
        if (isNumeric == null) {
            settle();
        }
        if (isNumeric) {
            return ColumnStatistics.numeric(seen, count, zeros, min, max, mean,
                    count > 1 ? Math.sqrt(m2 / (count - 1)) : 0, numbers.toByteArray());
        }
        if (distinct != null) {
            return ColumnStatistics.categorical(seen, Math.round(distinct.getEstimate()), false, List.of(), Map.of());
        }
        List<ColumnStatistics.Frequency> top = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ItemsSketch.Row<String> row : values.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            counts.put(row.getItem(), row.getEstimate());
            if (top.size() < TOP_KEPT) {
                top.add(new ColumnStatistics.Frequency(row.getItem(), row.getEstimate()));
            }
        }
        return ColumnStatistics.categorical(seen, counts.size(), true, top, counts);
    }
}
