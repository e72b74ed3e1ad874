package dev.dvj.core.profile;

/**
 * Which column types a text value fits, in one pass over its characters. Profiling calls this for
 * every cell of a table, so it is written out by hand: the equivalent regular expressions
 * (kept in TextShapeTest as the specification) made profiling a 200 MB CSV take ten times longer
 * than hashing it. The grammar, with {@code \d} an ASCII digit:
 * <ul>
 *   <li>boolean: {@code true} or {@code false}, any case;</li>
 *   <li>integer: {@code [-+]?\d{1,18}};</li>
 *   <li>float: {@code [-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?};</li>
 *   <li>datetime: {@code \d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?};</li>
 *   <li>string: anything.</li>
 * </ul>
 */
final class TextShape {
    private static final int STRING = ColumnType.STRING.bit();

    private TextShape() {
    }

    /** The bits ({@link ColumnType#bit()}) of every type the text fits; always includes STRING. */
    static int fits(String text) {
        int length = text.length();
        if (length == 0) {
            return STRING;
        }
        char first = text.charAt(0);
        if (isDigit(first) || first == '-' || first == '+' || first == '.') {
            return STRING | number(text, length) | (isDigit(first) && isDateTime(text, length) ? ColumnType.DATETIME.bit() : 0);
        }
        if ((first == 't' || first == 'T' || first == 'f' || first == 'F')
                && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return STRING | ColumnType.BOOLEAN.bit();
        }
        return STRING;
    }

    /** INTEGER and FLOAT bits for a text that starts like a number. */
    private static int number(String text, int length) {
        int i = 0;
        char c = text.charAt(0);
        if (c == '-' || c == '+') {
            i++;
        }
        int intStart = i;
        i = skipDigits(text, i, length);
        int intDigits = i - intStart;
        if (i == length) {
            if (intDigits == 0) {
                return 0;
            }
            return intDigits <= 18 ? ColumnType.INTEGER.bit() | ColumnType.FLOAT.bit() : ColumnType.FLOAT.bit();
        }
        int fractionDigits = 0;
        if (text.charAt(i) == '.') {
            int fractionStart = ++i;
            i = skipDigits(text, i, length);
            fractionDigits = i - fractionStart;
        }
        if (intDigits == 0 && fractionDigits == 0) {
            return 0;
        }
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < length && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            int exponentStart = i;
            i = skipDigits(text, i, length);
            if (i == exponentStart) {
                return 0;
            }
        }
        return i == length ? ColumnType.FLOAT.bit() : 0;
    }

    private static boolean isDateTime(String text, int length) {
        // yyyy-mm-dd
        if (length < 10 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2)
                || text.charAt(7) != '-' || !digits(text, 8, 2)) {
            return false;
        }
        if (length == 10) {
            return true;
        }
        // [T ]hh:mm
        char separator = text.charAt(10);
        if ((separator != 'T' && separator != ' ') || length < 16 || !digits(text, 11, 2)
                || text.charAt(13) != ':' || !digits(text, 14, 2)) {
            return false;
        }
        int i = 16;
        // (:ss(.fraction)?)?
        if (i < length && text.charAt(i) == ':') {
            if (i + 3 > length || !digits(text, i + 1, 2)) {
                return false;
            }
            i += 3;
            if (i < length && text.charAt(i) == '.') {
                int start = ++i;
                i = skipDigits(text, i, length);
                if (i == start || i - start > 9) {
                    return false;
                }
            }
        }
        if (i == length) {
            return true;
        }
        // (Z|[+-]hh:?mm)
        char zone = text.charAt(i);
        if (zone == 'Z') {
            return i + 1 == length;
        }
        if (zone != '+' && zone != '-' || !digits(text, i + 1, 2)) {
            return false;
        }
        i += 3;
        if (i < length && text.charAt(i) == ':') {
            i++;
        }
        return i + 2 == length && digits(text, i, 2);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipDigits(String text, int from, int length) {
        int i = from;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Whether text[from, from + count) exists and is all digits. */
    private static boolean digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
