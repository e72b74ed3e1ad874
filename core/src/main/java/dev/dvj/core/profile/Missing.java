package dev.dvj.core.profile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The spellings of a missing value in text data, as pandas and R read them. */
final class Missing {
    private static final List<String> SPELLINGS = List.of("", "NA", "N/A", "#N/A", "n/a", "null", "NULL", "None", "NaN", "nan");
    private static final Set<String> MARKERS = Set.copyOf(SPELLINGS);
    private static final byte[][] MARKER_BYTES = SPELLINGS.stream().filter(s -> !s.isEmpty())
            .map(s -> s.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final int LONGEST_MARKER = 4; // and every marker but "" starts with N, n or #

    private Missing() {
    }

    static boolean is(String text) {
        if (text == null) {
            return true;
        }
        byte[] ascii = CellBytes.asciiOrNull(text);
        if (ascii != null) {
            return is(ascii, 0, ascii.length);
        }
        // Other characters: only white space of their own (strip() knows Unicode's) around a marker.
        String stripped = text.strip();
        return stripped.isEmpty() || MARKERS.contains(stripped);
    }

    /** Whether the ASCII cell {@code bytes[from, to)} is missing: blank, or a marker with blanks around it. */
    static boolean is(byte[] bytes, int from, int to) {
        int start = from;
        int end = to;
        while (start < end && CellBytes.isWhitespace(bytes[start])) {
            start++;
        }
        while (end > start && CellBytes.isWhitespace(bytes[end - 1])) {
            end--;
        }
        if (start == end) {
            return true;
        }
        // Most cells are values: rule them out by length and first byte.
        byte first = bytes[start];
        if (end - start > LONGEST_MARKER || (first != 'N' && first != 'n' && first != '#')) {
            return false;
        }
        for (byte[] marker : MARKER_BYTES) {
            if (java.util.Arrays.equals(bytes, start, end, marker, 0, marker.length)) {
                return true;
            }
        }
        return false;
    }
}
