package dev.dvj.cli;

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

    public static String shortOid(String oid) {
        return oid == null ? "-" : oid.substring(0, 8);
    }
}
