package dev.dvj.core.profile;

/**
 * Reads numbers written as text, fast: a plain decimal ({@code -12.5}, {@code 3}) of up to 15
 * significant digits is read from its digits directly (one multiply or divide by a power of ten, as exact as
 * Java's parser for the values tables hold); anything else (exponents, long digit strings) goes
 * to {@link Double#parseDouble}. Profiling a table reads every cell, and the JDK's parser, with
 * an exception for every word that is not a number, was most of that cost.
 */
final class NumberText {
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private NumberText() {
    }

    /** The number the text holds (surrounding blanks allowed), or NaN when it holds none. */
    static double parse(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        if (start == end || end - start > 40) {
            return Double.NaN;
        }
        int i = start;
        boolean negative = false;
        char first = text.charAt(i);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long mantissa = 0;
        int fraction = -1;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (mantissa >= 100_000_000_000_000_000L) {
                    return slow(text, start, end); // 18 significant digits: past what a long holds safely
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else if (c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'I' || c == 'N') {
                return slow(text, start, end);
            } else {
                return Double.NaN;
            }
        }
        boolean anyDigit = false;
        for (int j = start; j < end; j++) {
            char c = text.charAt(j);
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                break;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        double value = mantissa;
        if (fraction > 0) {
            if (fraction >= POWERS.length || mantissa >= (1L << 53)) {
                return slow(text, start, end);
            }
            value = mantissa / POWERS[fraction];
        } else if (mantissa >= (1L << 53)) {
            return slow(text, start, end);
        }
        return negative ? -value : value;
    }

    private static double slow(String text, int start, int end) {
        try {
            double value = Double.parseDouble(text.substring(start, end));
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
