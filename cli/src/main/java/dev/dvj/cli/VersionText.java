package dev.dvj.cli;

import dev.dvj.core.history.DataVersion;
import dev.dvj.core.profile.Profile;
import dev.dvj.core.profile.SchemaChange;
import dev.dvj.core.scm.CommitInfo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How data versions, profiles and their changes read in text output (show, log, diff --schema). */
public final class VersionText {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private VersionText() {
    }

    public static String date(CommitInfo commit) {
        return commit == null ? "not committed yet" : DATE.format(commit.time());
    }

    public static String date(Instant instant) {
        return DATE.format(instant);
    }

    /** e.g. {@code +column scratch_severity (integer)}, {@code rows +1000}, {@code completeness 97.1% -> 98.5%}. */
    public static List<String> changes(SchemaChange change) {
        List<String> parts = new ArrayList<>();
        if (change == null) {
            return parts;
        }
        change.added().forEach(c -> parts.add("+column " + c.name() + " (" + c.type().id() + ")"));
        change.removed().forEach(c -> parts.add("-column " + c));
        change.retyped().forEach(r -> parts.add("column " + r.column() + ": " + r.from() + " -> " + r.to()));
        if (change.rowsDelta() != 0) {
            parts.add("rows " + signed(change.rowsDelta()));
        }
        if (change.completenessBefore() != change.completenessAfter()) {
            parts.add("completeness " + percent(change.completenessBefore()) + " -> " + percent(change.completenessAfter()));
        }
        if (change.duplicatesBefore() != change.duplicatesAfter()) {
            parts.add("duplicate rows " + change.duplicatesBefore() + " -> " + change.duplicatesAfter());
        }
        for (dev.dvj.core.profile.Drift.ColumnDrift drift : change.drifted()) {
            parts.add("drift " + drift.column() + " " + String.format(java.util.Locale.ROOT, "%.3f", drift.distance())
                    + (drift.measure() == dev.dvj.core.profile.Drift.Measure.L_INFINITY ? " (l-infinity)" : " (jensen-shannon)"));
        }
        return parts;
    }

    /** e.g. {@code id (integer), score (float, nullable)}. */
    public static String schema(Profile profile) {
        List<String> columns = new ArrayList<>();
        for (Profile.Column column : profile.schema()) {
            columns.add(column.name() + " (" + column.type().id() + (column.nullable() ? ", nullable" : "") + ")");
        }
        return String.join(", ", columns);
    }

    /** e.g. {@code 98.5% complete, 0.2% invalid, 3 duplicate rows, 0 malformed rows}. */
    public static String quality(Profile profile) {
        return percent(profile.completeness()) + " complete, " + percent(profile.invalidPercent()) + " invalid, "
                + profile.duplicateRows() + " duplicate row(s), " + profile.malformedRows() + " malformed row(s)";
    }

    public static String percent(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        text = text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
        return text + "%";
    }

    public static String signed(long value) {
        return value >= 0 ? "+" + value : Long.toString(value);
    }

    /** The size line: bytes, files for directories, rows and columns for tables. */
    public static String size(DataVersion version) {
        StringBuilder text = new StringBuilder(Format.size(version.size()));
        if (version.nfiles() != null) {
            text.append(", ").append(version.nfiles()).append(" files");
        }
        if (version.profile() != null) {
            text.append(", ").append(version.profile().rows()).append(" rows, ")
                    .append(version.profile().schema().size()).append(" columns");
        }
        return text.toString();
    }
}
