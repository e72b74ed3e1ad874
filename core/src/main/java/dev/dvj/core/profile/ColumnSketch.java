package dev.dvj.core.profile;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.ArrayList;
import java.util.Comparator;
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
 *   seeded with the values counted so far. It is fed each value's 64-bit {@link RowHash#cell},
 *   which the row's hash needed anyway, rather than the value's bytes to hash again.</li>
 * </ul>
 *
 * <p>A big table is profiled in parts at once ({@link TableProfiler}), one sketch per column per
 * part, merged in file order. So that every part tallies a column the same way, its kind is
 * decided before the parts start, from the table's first rows ({@link Kind#SETTLING} sketches),
 * and each part's sketch is made with that kind; a column with too few values there to decide is
 * {@link Kind#DEFERRED}: every part keeps both kinds and the merged sketch decides by all of them.
 */
public final class ColumnSketch {
    /** How a sketch tallies its values. */
    enum Kind {
        /** Numbers only: values that do not read as one are not tallied. */
        NUMERIC,
        /** Every value as a category. */
        CATEGORICAL,
        /** Both, until {@value #DECIDE_AFTER} values are in; then numeric or categorical. */
        SETTLING,
        /** Both, until {@link #finish}: decided by all of the column's values. */
        DEFERRED
    }

    /** KLL's accuracy parameter: about 1.65% rank error, and exact while it holds fewer values. */
    static final int KLL_K = 200;
    /** Present values seen before the column settles on numeric or categorical. */
    static final int DECIDE_AFTER = 1000;
    /** Distinct values counted exactly. */
    static final int EXACT_VALUES = 384;
    /** Top values kept in a profile. */
    static final int TOP_KEPT = 20;
    private static final int HLL_LG_K = 12;

    private Kind kind;
    private KllDoublesSketch numbers;
    /** Exact counts of the values, while there are fewer than {@value #EXACT_VALUES} of them. */
    private CategoryCounts values;
    private HllSketch distinct;
    private long seen;
    private long numeric;
    private long count;
    private long zeros;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;

    /** A sketch that settles on its own after its first {@value #DECIDE_AFTER} values. */
    ColumnSketch() {
        this(Kind.SETTLING);
    }

    ColumnSketch(Kind kind) {
        this.kind = kind;
        if (kind != Kind.CATEGORICAL) {
            numbers = KllDoublesSketch.newHeapInstance(KLL_K);
        }
        if (kind != Kind.NUMERIC) {
            values = new CategoryCounts();
        }
    }

    /** What this sketch tallies now: a settling one that has settled says which way. */
    Kind kind() {
        return kind;
    }

    /** A present value as its text. */
    void add(String text) {
        seen++;
        switch (kind) {
            case NUMERIC -> {
                double number = NumberText.parse(text);
                if (!Double.isNaN(number)) {
                    addNumber(number);
                }
            }
            case CATEGORICAL -> addCategory(text);
            default -> {
                double number = NumberText.parse(text);
                if (!Double.isNaN(number)) {
                    numeric++;
                    addNumber(number);
                }
                addBoth(text);
            }
        }
    }

    /**
     * A present ASCII cell, {@code bytes[from, to)}, whose {@link RowHash#cell} is {@code hash}:
     * tallied from the bytes, with no String made, once the column has settled.
     */
    void add(byte[] bytes, int from, int to, long hash) {
        switch (kind) {
            case NUMERIC -> {
                seen++;
                double number = NumberText.parse(bytes, from, to);
                if (!Double.isNaN(number)) {
                    addNumber(number);
                }
            }
            case CATEGORICAL -> {
                seen++;
                addCategory(bytes, from, to, hash);
            }
            default -> add(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** A typed number (JSON). */
    void add(double number, String text) {
        seen++;
        switch (kind) {
            case NUMERIC -> addNumber(number);
            case CATEGORICAL -> addCategory(text);
            default -> {
                numeric++;
                addNumber(number);
                addBoth(text);
            }
        }
    }

    /** The category side of a sketch not yet decided; a settling one may decide now. */
    private void addBoth(String text) {
        if (kind == Kind.DEFERRED) {
            addCategory(text);
            return;
        }
        values.add(text);
        if (seen >= DECIDE_AFTER) {
            settle();
        }
    }

    private boolean numericByShare() {
        return numeric > 0 && numeric >= Math.ceil(ColumnStats.FIT_SHARE * seen);
    }

    /** Settles on numeric or categorical and drops the other kind's sketches. */
    private void settle() {
        if (numericByShare()) {
            kind = Kind.NUMERIC;
            values = null;
            distinct = null;
        } else {
            kind = Kind.CATEGORICAL;
            numbers = null;
            count = 0;
            if (values != null && values.size() >= EXACT_VALUES) {
                startEstimating(); // already past exact counting
            }
        }
    }

    private void addCategory(String text) {
        if (distinct != null) {
            distinct.update(RowHash.cell(text));
            return;
        }
        values.add(text);
        if (values.size() >= EXACT_VALUES) {
            startEstimating();
        }
    }

    private void addCategory(byte[] bytes, int from, int to, long hash) {
        if (distinct != null) {
            distinct.update(hash);
            return;
        }
        values.add(bytes, from, to, hash);
        if (values.size() >= EXACT_VALUES) {
            startEstimating();
        }
    }

    /** Too many distinct values to count each: estimate how many there are from here on. */
    private void startEstimating() {
        HllSketch estimate = new HllSketch(HLL_LG_K);
        values.forEach((value, count) -> estimate.update(RowHash.cell(value)));
        distinct = estimate;
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

    /**
     * Adds a later part's tallies of the same column, made with the same kind (numeric,
     * categorical or deferred). Mean and variance combine by Chan's formula.
     */
    void merge(ColumnSketch later) {
        if (later.kind != kind || kind == Kind.SETTLING) {
            throw new IllegalStateException("merging a " + later.kind + " sketch into a " + kind + " one");
        }
        seen += later.seen;
        numeric += later.numeric;
        if (numbers != null) {
            numbers.merge(later.numbers);
            if (later.count > 0) {
                long total = count + later.count;
                double delta = later.mean - mean;
                mean += delta * later.count / total;
                m2 += later.m2 + delta * delta * ((double) count * later.count / total);
                count = total;
                zeros += later.zeros;
                min = Math.min(min, later.min);
                max = Math.max(max, later.max);
            }
        }
        if (kind != Kind.NUMERIC) {
            mergeCategories(later);
        }
    }

    /**
     * Exact counts stay exact while the two parts together have fewer than {@value #EXACT_VALUES}
     * distinct values, as one sketch over both parts' values would; past that, both go into one
     * distinct-count estimate.
     */
    private void mergeCategories(ColumnSketch later) {
        if (distinct == null && later.distinct == null) {
            long[] union = {values.size()};
            later.values.forEach((value, count) -> union[0] += values.contains(value) ? 0 : 1);
            if (union[0] < EXACT_VALUES) {
                values.addAll(later.values);
                return;
            }
        }
        if (distinct == null) {
            startEstimating();
        }
        if (later.distinct != null) {
            Union both = new Union(HLL_LG_K);
            both.update(distinct);
            both.update(later.distinct);
            distinct = both.getResult(TgtHllType.HLL_4);
        } else {
            HllSketch estimate = distinct;
            later.values.forEach((value, count) -> estimate.update(RowHash.cell(value)));
        }
    }

    /** The finished statistics. */
    ColumnStatistics finish() {
        if (kind == Kind.SETTLING || kind == Kind.DEFERRED) {
            settle();
        }
        if (kind == Kind.NUMERIC) {
            return ColumnStatistics.numeric(seen, count, zeros, min, max, mean,
                    count > 1 ? Math.sqrt(m2 / (count - 1)) : 0, numbers.toByteArray());
        }
        if (distinct != null) {
            // An estimate can exceed the values there are (HyperLogLog's error is about 1.6% either
            // way); there cannot be more distinct values than present ones.
            long estimate = Math.min(Math.round(distinct.getEstimate()), seen);
            return ColumnStatistics.categorical(seen, estimate, false, List.of(), Map.of());
        }
        List<ColumnStatistics.Frequency> rows = new ArrayList<>();
        values.forEach((value, count) -> rows.add(new ColumnStatistics.Frequency(value, count)));
        // Most frequent first, ties by value: the same table gives the same list, however it was split.
        rows.sort(Comparator.comparingLong((ColumnStatistics.Frequency row) -> -row.count())
                .thenComparing(ColumnStatistics.Frequency::value));
        List<ColumnStatistics.Frequency> top = rows.subList(0, Math.min(TOP_KEPT, rows.size()));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ColumnStatistics.Frequency row : rows) {
            counts.put(row.value(), row.count());
        }
        return ColumnStatistics.categorical(seen, counts.size(), true, top, counts);
    }
}
