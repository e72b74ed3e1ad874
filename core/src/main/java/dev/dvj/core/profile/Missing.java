package dev.dvj.core.profile;

import java.util.Set;

/** The spellings of a missing value in text data, as pandas and R read them. */
final class Missing {
    private static final Set<String> MARKERS = Set.of("", "NA", "N/A", "#N/A", "n/a", "null", "NULL", "None", "NaN", "nan");

    private Missing() {
    }

    static boolean is(String text) {
        return text == null || MARKERS.contains(text.strip());
    }
}
