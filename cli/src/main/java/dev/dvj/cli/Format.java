package dev.dvj.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Human-readable numbers for text output. */
public final class Format {
    private Format() {
    }

    public static String size(Long bytes) {
        if (bytes == null) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * A param or metric value for a table cell: absent is "-", numbers in plain notation, rounded
     * to {@code decimals} places when given (metrics; params are shown exactly).
     */
    public static String value(Object value, Integer decimals) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Number number && !(value instanceof Boolean)) {
            try {
                BigDecimal exact = new BigDecimal(number.toString());
                if (decimals != null && exact.scale() > decimals) {
                    exact = exact.setScale(decimals, RoundingMode.HALF_EVEN);
                }
                return exact.stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return number.toString(); // NaN, Infinity
            }
        }
        return String.valueOf(value);
    }

    public static String shortOid(String oid) {
        return oid == null ? "-" : oid.substring(0, 8);
    }
}
