package dev.dvj.core.profile;

import java.util.Set;

/** The spellings of a missing value in text data, as pandas and R read them. */
final class Missing {
    private static final Set<String> MARKERS = Set.of("", "NA", "N/A", "#N/A", "n/a", "null", "NULL", "None", "NaN", "nan");
    private static final int LONGEST_MARKER = 4; // and every marker but "" starts with N, n or #

    private Missing() {
    }

    static boolean is(String text) {
        if (text == null) {
            return true;
        }
        // Most cells are values: rule them out without the copy strip() makes.
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return true;
        }
        char first = text.charAt(start);
        return end - start <= LONGEST_MARKER && (first == 'N' || first == 'n' || first == '#')
                && MARKERS.contains(text.substring(start, end));
    }
}
