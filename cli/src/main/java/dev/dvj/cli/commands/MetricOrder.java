package dev.dvj.cli.commands;

import dev.dvj.core.DvjException;
import dev.dvj.core.experiments.RevisionValues;

import java.util.Comparator;
import java.util.Map;

/** Orders revisions by one metric for {@code metrics show --sort-by}: best first, missing last. */
final class MetricOrder {
    private MetricOrder() {
    }

    static Comparator<RevisionValues> by(String metric, boolean ascending) {
        Comparator<Double> values = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return Comparator.comparing((RevisionValues r) -> valueOf(r, metric), Comparator.nullsLast(values));
    }

    /** The metric's numeric value at a revision; null when absent or not a number. */
    static Double valueOf(RevisionValues revision, String metric) {
        return valueOf(revision.values(), metric);
    }

    /** The numeric value of a key ({@code acc} or {@code FILE:acc}) among values by file; null when absent. */
    static Double valueOf(Map<String, Map<String, Object>> byFile, String metric) {
        int colon = metric.indexOf(':');
        String file = colon < 0 ? null : metric.substring(0, colon);
        String key = colon < 0 ? metric : metric.substring(colon + 1);
        if (key.isEmpty()) {
            throw DvjException.invalid("--sort-by " + metric + ": name a metric, e.g. acc or metrics.json:acc");
        }
        for (Map.Entry<String, Map<String, Object>> values : byFile.entrySet()) {
            if ((file == null || file.equals(values.getKey())) && values.getValue().get(key) instanceof Number n) {
                return n.doubleValue();
            }
        }
        return null;
    }
}
