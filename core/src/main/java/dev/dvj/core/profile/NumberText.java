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
        byte[] ascii = CellBytes.asciiOrNull(text);
        return ascii == null ? Double.NaN : parse(ascii, 0, ascii.length); // a number is spelled in ASCII
    }

    /** {@link #parse(String)} of the ASCII cell {@code bytes[from, to)}. */
    static double parse(byte[] bytes, int from, int to) {
        int start = from;
        int end = to;
        while (start < end && bytes[start] <= ' ' && bytes[start] >= 0) {
            start++;
        }
        while (end > start && bytes[end - 1] <= ' ' && bytes[end - 1] >= 0) {
            end--;
        }
        if (start == end || end - start > 40) {
            return Double.NaN;
        }
        int i = start;
        boolean negative = false;
        byte first = bytes[i];
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long mantissa = 0;
        int fraction = -1;
        boolean anyDigit = false;
        for (; i < end; i++) {
            byte c = bytes[i];
            if (c >= '0' && c <= '9') {
                if (mantissa >= 100_000_000_000_000_000L) {
                    return slow(bytes, start, end); // 18 significant digits: past what a long holds safely
                }
                anyDigit = true;
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else if (c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'I' || c == 'N') {
                return slow(bytes, start, end);
            } else {
                return Double.NaN;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        double value = mantissa;
        if (fraction > 0) {
            if (fraction >= POWERS.length || mantissa >= (1L << 53)) {
                return slow(bytes, start, end);
            }
            value = mantissa / POWERS[fraction];
        } else if (mantissa >= (1L << 53)) {
            return slow(bytes, start, end);
        }
        return negative ? -value : value;
    }

    private static double slow(byte[] bytes, int start, int end) {
        try {
            double value = Double.parseDouble(new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1));
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
