package dev.dvj.core.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a table changed between two profiled versions: columns added, removed and retyped, the row
 * count and the completeness.
 *
 * @param completenessBefore percent of cells present in the older version
 */
public record SchemaChange(List<Profile.Column> added, List<String> removed, List<Retyped> retyped, long rowsDelta,
                           double completenessBefore, double completenessAfter) {

    public record Retyped(String column, String from, String to) {
    }

    public boolean schemaChanged() {
        return !added.isEmpty() || !removed.isEmpty() || !retyped.isEmpty();
    }

    /** The change from {@code before} to {@code after}; null unless both are profiled. */
    public static SchemaChange between(Profile before, Profile after) {
        if (before == null || after == null) {
            return null;
        }
        List<Profile.Column> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<Retyped> retyped = new ArrayList<>();
        Map<String, Profile.Column> old = new LinkedHashMap<>();
        before.schema().forEach(c -> old.put(c.name(), c));
        for (Profile.Column column : after.schema()) {
            Profile.Column was = old.remove(column.name());
            if (was == null) {
                added.add(column);
            } else if (was.type() != column.type()) {
                retyped.add(new Retyped(column.name(), was.type().id(), column.type().id()));
            }
        }
        removed.addAll(old.keySet());
        return new SchemaChange(added, removed, retyped, after.rows() - before.rows(), before.completeness(),
                after.completeness());
    }
}
