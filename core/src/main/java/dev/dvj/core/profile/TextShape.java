package dev.dvj.core.profile;

/**
 * Which column types a cell fits, in one pass over its bytes. Profiling calls this for
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
        byte[] ascii = CellBytes.asciiOrNull(text);
        return ascii == null ? STRING : fits(ascii, 0, ascii.length); // every other type is spelled in ASCII
    }

    /** {@link #fits(String)} of the ASCII cell {@code bytes[from, to)}. */
    static int fits(byte[] bytes, int from, int to) {
        if (from == to) {
            return STRING;
        }
        byte first = bytes[from];
        if (isDigit(first) || first == '-' || first == '+' || first == '.') {
            return STRING | number(bytes, from, to)
                    | (isDigit(first) && isDateTime(bytes, from, to) ? ColumnType.DATETIME.bit() : 0);
        }
        if ((first == 't' || first == 'T' || first == 'f' || first == 'F')
                && (equalsIgnoreCase(bytes, from, to, TRUE) || equalsIgnoreCase(bytes, from, to, FALSE))) {
            return STRING | ColumnType.BOOLEAN.bit();
        }
        return STRING;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** Whether the cell is {@code lower} in any case ({@code lower} is lower-case letters). */
    private static boolean equalsIgnoreCase(byte[] bytes, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if ((bytes[from + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** INTEGER and FLOAT bits for a cell that starts like a number. */
    private static int number(byte[] bytes, int from, int to) {
        int i = from;
        byte c = bytes[i];
        if (c == '-' || c == '+') {
            i++;
        }
        int intStart = i;
        i = skipDigits(bytes, i, to);
        int intDigits = i - intStart;
        if (i == to) {
            if (intDigits == 0) {
                return 0;
            }
            return intDigits <= 18 ? ColumnType.INTEGER.bit() | ColumnType.FLOAT.bit() : ColumnType.FLOAT.bit();
        }
        int fractionDigits = 0;
        if (bytes[i] == '.') {
            int fractionStart = ++i;
            i = skipDigits(bytes, i, to);
            fractionDigits = i - fractionStart;
        }
        if (intDigits == 0 && fractionDigits == 0) {
            return 0;
        }
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
                i++;
            }
            int exponentStart = i;
            i = skipDigits(bytes, i, to);
            if (i == exponentStart) {
                return 0;
            }
        }
        return i == to ? ColumnType.FLOAT.bit() : 0;
    }

    private static boolean isDateTime(byte[] bytes, int from, int to) {
        int length = to - from;
        // yyyy-mm-dd
        if (length < 10 || !digits(bytes, from, 4, to) || bytes[from + 4] != '-' || !digits(bytes, from + 5, 2, to)
                || bytes[from + 7] != '-' || !digits(bytes, from + 8, 2, to)) {
            return false;
        }
        if (length == 10) {
            return true;
        }
        // [T ]hh:mm
        byte separator = bytes[from + 10];
        if ((separator != 'T' && separator != ' ') || length < 16 || !digits(bytes, from + 11, 2, to)
                || bytes[from + 13] != ':' || !digits(bytes, from + 14, 2, to)) {
            return false;
        }
        int i = from + 16;
        // (:ss(.fraction)?)?
        if (i < to && bytes[i] == ':') {
            if (i + 3 > to || !digits(bytes, i + 1, 2, to)) {
                return false;
            }
            i += 3;
            if (i < to && bytes[i] == '.') {
                int start = ++i;
                i = skipDigits(bytes, i, to);
                if (i == start || i - start > 9) {
                    return false;
                }
            }
        }
        if (i == to) {
            return true;
        }
        // (Z|[+-]hh:?mm)
        byte zone = bytes[i];
        if (zone == 'Z') {
            return i + 1 == to;
        }
        if (zone != '+' && zone != '-' || !digits(bytes, i + 1, 2, to)) {
            return false;
        }
        i += 3;
        if (i < to && bytes[i] == ':') {
            i++;
        }
        return i + 2 == to && digits(bytes, i, 2, to);
    }

    private static boolean isDigit(byte b) {
        return CellBytes.isDigit(b);
    }

    private static int skipDigits(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && isDigit(bytes[i])) {
            i++;
        }
        return i;
    }

    /** Whether bytes[from, from + count) lies within the cell (before {@code to}) and is all digits. */
    private static boolean digits(byte[] bytes, int from, int count, int to) {
        if (from + count > to) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(bytes[i])) {
                return false;
            }
        }
        return true;
    }
}
