package dev.dvj.core.profile;

import java.util.Locale;
import java.util.regex.Pattern;

/** The types a column can be inferred as, most specific first. */
public enum ColumnType {
    BOOLEAN, INTEGER, FLOAT, DATETIME, STRING;

    private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern FLOAT_TEXT = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATETIME_TEXT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

    /** The name used in pointers and output: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ColumnType parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** Whether a non-missing text value fits this type (every value fits STRING; integers fit FLOAT). */
    boolean accepts(String text) {
        return switch (this) {
            case BOOLEAN -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
            case INTEGER -> INTEGER_TEXT.matcher(text).matches();
            case FLOAT -> FLOAT_TEXT.matcher(text).matches();
            case DATETIME -> DATETIME_TEXT.matcher(text).matches();
            case STRING -> true;
        };
    }
}
