package dev.dvj.core.profile;

/**
 * Running counts for one column: how many values are missing and how many fit each type. The
 * inferred type is the most specific one that at least 90% of the present values fit, so a stray
 * "n/a" in a numeric column is counted as invalid rather than turning the column into text.
 */
final class ColumnStats {
    static final double FIT_SHARE = 0.9;
    final String name;
    long missing;
    long present;
    final long[] fits = new long[ColumnType.values().length];
    /** The column's distribution, when statistics were asked for; null otherwise. */
    final ColumnSketch sketch;

    ColumnStats(String name) {
        this(name, false);
    }

    ColumnStats(String name, boolean statistics) {
        this.name = name;
        this.sketch = statistics ? new ColumnSketch() : null;
    }

    /** Counts for one part of a table, with its sketch (when statistics are asked) of this kind. */
    ColumnStats(String name, ColumnSketch.Kind kind) {
        this.name = name;
        this.sketch = kind == null ? null : new ColumnSketch(kind);
    }

    /** Adds a later part's counts of the same column. */
    void merge(ColumnStats later) {
        missing += later.missing;
        present += later.present;
        for (int type = 0; type < fits.length; type++) {
            fits[type] += later.fits[type];
        }
        if (sketch != null) {
            sketch.merge(later.sketch);
        }
    }

    void addText(String text) {
        if (Missing.is(text)) {
            missing++;
            return;
        }
        if (sketch != null) {
            sketch.add(text);
        }
        present++;
        addShape(TextShape.fits(text));
    }

    /** {@link #addText} of the ASCII cell {@code bytes[from, to)}, whose {@link RowHash#cell} is {@code hash}. */
    void addCell(byte[] bytes, int from, int to, long hash) {
        if (Missing.is(bytes, from, to)) {
            missing++;
            return;
        }
        if (sketch != null) {
            sketch.add(bytes, from, to, hash);
        }
        present++;
        addShape(TextShape.fits(bytes, from, to));
    }

    private void addShape(int shape) {
        for (int type = 0; type < fits.length; type++) {
            fits[type] += (shape >>> type) & 1;
        }
    }

    /** A typed JSON value: numbers and booleans fit their own type (an integer also fits FLOAT). */
    void addTyped(ColumnType type, double number, String text) {
        if (sketch != null) {
            if (Double.isNaN(number)) {
                sketch.add(text);
            } else {
                sketch.add(number, text);
            }
        }
        addTyped(type);
    }

    void addTyped(ColumnType type) {
        present++;
        fits[type.ordinal()]++;
        fits[ColumnType.STRING.ordinal()]++;
        if (type == ColumnType.INTEGER) {
            fits[ColumnType.FLOAT.ordinal()]++;
        }
    }

    void addMissing() {
        missing++;
    }

    ColumnType type() {
        if (present == 0) {
            return ColumnType.STRING;
        }
        for (ColumnType type : ColumnType.values()) {
            if (fits[type.ordinal()] >= Math.ceil(FIT_SHARE * present)) {
                return type;
            }
        }
        return ColumnType.STRING;
    }

    long invalid() {
        return present - fits[type().ordinal()];
    }
}
