package dev.dvj.core.experiments;

import dev.dvj.core.scm.CommitInfo;

import java.util.List;
import java.util.Map;

/**
 * The params or metrics of one revision.
 *
 * @param rev    how the user named it ({@code workspace}, {@code HEAD}, a tag, a short id)
 * @param commit the commit, or null for the workspace
 * @param values file to dotted key to value, both sorted
 * @param errors file to why it could not be read (missing, not in the cache, malformed)
 * @param data   for metrics: the source data versions (added with dvj) they were computed from,
 *               by path, as that revision's {@code dvj.lock} records them
 */
public record RevisionValues(String rev, CommitInfo commit, Map<String, Map<String, Object>> values,
                             Map<String, String> errors, Map<String, DataUsed> data) {

    /** A data version a revision's metrics came from: its oid, and the tags of the commit that recorded it. */
    public record DataUsed(String oid, List<String> tags) {
        /** A tag when the version has one, else the first 8 hex digits of its oid. */
        public String label() {
            return !tags.isEmpty() ? tags.get(0) : oid == null ? "-" : oid.substring(0, Math.min(8, oid.length()));
        }
    }

    RevisionValues named(String name) {
        return new RevisionValues(name, commit, values, errors, data);
    }
}
