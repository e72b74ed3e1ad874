package dev.dvj.core.profile;

import java.util.Locale;

/** The types a column can be inferred as, most specific first. */
public enum ColumnType {
    BOOLEAN, INTEGER, FLOAT, DATETIME, STRING;

    /** The name used in pointers and output: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ColumnType parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** This type's bit in {@link TextShape#fits}. */
    int bit() {
        return 1 << ordinal();
    }
}
