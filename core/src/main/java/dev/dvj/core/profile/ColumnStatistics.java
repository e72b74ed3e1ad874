package dev.dvj.core.profile;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column's distribution in a data version, as {@link ColumnSketch} gathered it.
 *
 * @param kind          {@code numeric} or {@code categorical}
 * @param present       values present (not missing)
 * @param distinct      categorical columns: distinct present values, exact when {@code distinctExact},
 *                      else a HyperLogLog estimate; null for numeric columns
 * @param top           the most frequent values, most frequent first (counts exact for a column
 *                      with few distinct values, else upper bounds)
 * @param counts        categorical columns with few distinct values: every value's exact count, else empty
 * @param count         numeric columns: values that read as numbers
 * @param kll           numeric columns: the serialized KLL sketch of the values (quantiles and
 *                      histograms over any bins come from it)
 */
public record ColumnStatistics(String kind, long present, Long distinct, boolean distinctExact, List<Frequency> top,
                               Map<String, Long> counts, long count, long zeros, Double min, Double max, Double mean,
                               Double stddev, String kll) {

    public record Frequency(String value, long count) {
    }

    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    static ColumnStatistics categorical(long present, long distinct, boolean exact, List<Frequency> top, Map<String, Long> counts) {
        return new ColumnStatistics(CATEGORICAL, present, distinct, exact, List.copyOf(top), java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counts)),
                0, 0, null, null, null, null, null);
    }

    static ColumnStatistics numeric(long present, long count, long zeros, double min, double max, double mean, double stddev,
                                    byte[] kll) {
        return new ColumnStatistics(NUMERIC, present, null, false, List.of(), Map.of(), count, zeros,
                count == 0 ? null : min, count == 0 ? null : max, count == 0 ? null : mean, count == 0 ? null : stddev,
                Base64.getEncoder().encodeToString(kll));
    }

    /** A column's statistics as {@link TableStatistics#fromPlain} reads them. */
    static ColumnStatistics fromPlain(Object value, String what) {
        PlainFields fields = new PlainFields(value, what);
        List<Frequency> top = null;
        if (fields.raw("top") instanceof List<?> list) {
            top = new ArrayList<>();
            for (Object entry : list) {
                PlainFields frequency = new PlainFields(entry, what + ".top");
                top.add(new Frequency(frequency.text("value"), frequency.count("count")));
            }
        } else if (fields.raw("top") != null) {
            throw new IllegalArgumentException(what + ".top is not a list");
        }
        Map<String, Long> counts = null;
        PlainFields byValue = fields.objectOrNull("counts");
        if (byValue != null) {
            counts = new LinkedHashMap<>();
            for (String category : byValue.names()) {
                counts.put(category, byValue.count(category));
            }
        }
        return new ColumnStatistics(fields.text("kind"), fields.count("present"), fields.longOrNull("distinct"),
                fields.flag("distinctExact"), top, counts, fields.count("count"), fields.count("zeros"),
                fields.doubleOrNull("min"), fields.doubleOrNull("max"), fields.doubleOrNull("mean"),
                fields.doubleOrNull("stddev"), fields.text("kll"));
    }

    public boolean isNumeric() {
        return NUMERIC.equals(kind);
    }

    /** The numeric values' sketch; null for a categorical column. */
    public KllDoublesSketch sketch() {
        return kll == null ? null : KllDoublesSketch.heapify(Memory.wrap(Base64.getDecoder().decode(kll)));
    }

    /**
     * What {@code dvj show} prints of the column, as pandas' describe() does: count, mean, std,
     * min, quartiles and max for numbers; distinct values and the most frequent for the rest.
     */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kind", kind);
        summary.put("present", present);
        if (distinct != null) {
            summary.put("distinct", distinct);
        }
        if (isNumeric()) {
            summary.put("count", count);
            summary.put("zeros", zeros);
            summary.put("mean", mean);
            summary.put("std", stddev);
            summary.put("min", min);
            summary.putAll(quantiles());
            summary.put("max", max);
        }
        if (!isNumeric()) {
            summary.put("top", top.subList(0, Math.min(5, top.size())));
        }
        return summary;
    }

    /** Quantiles of a numeric column (p1, p5, p25, p50, p75, p95, p99), by name; empty otherwise. */
    public Map<String, Double> quantiles() {
        KllDoublesSketch sketch = sketch();
        Map<String, Double> quantiles = new LinkedHashMap<>();
        if (sketch == null || sketch.isEmpty()) {
            return quantiles;
        }
        for (double q : new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
            quantiles.put("p" + Math.round(q * 100), sketch.getQuantile(q));
        }
        return quantiles;
    }
}
