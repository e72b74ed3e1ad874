package dev.dvj.core.experiments;

import dev.dvj.core.scm.CommitInfo;

import java.util.Map;

/**
 * The params or metrics of one revision.
 *
 * @param rev    how the user named it ({@code workspace}, {@code HEAD}, a tag, a short id)
 * @param commit the commit, or null for the workspace
 * @param values file to dotted key to value, both sorted
 * @param errors file to why it could not be read (missing, not in the cache, malformed)
 */
public record RevisionValues(String rev, CommitInfo commit, Map<String, Map<String, Object>> values,
                             Map<String, String> errors) {
}
