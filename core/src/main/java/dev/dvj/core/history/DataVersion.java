package dev.dvj.core.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.dvj.core.profile.Profile;
import dev.dvj.core.profile.SchemaChange;
import dev.dvj.core.profile.TableStatistics;
import dev.dvj.core.scm.CommitInfo;

/**
 * One recorded version of a tracked file or directory.
 *
 * @param pointerPath the pointer file, or {@code dvj.lock} for a stage's output
 * @param commit      the commit that recorded this version, or null when it is not committed yet
 * @param profile     schema and quality for tabular files, else null
 * @param sizeDelta   bytes more than the version before it, null for the first
 * @param change      schema and quality changes from the version before it, null unless both are profiled
 * @param statistics  the column statistics of its profile, when it has them (what drift is measured
 *                    from; left out of JSON, where {@code dvj show} gives a summary)
 */
public record DataVersion(String path, String pointerPath, String oid, Long size, Integer nfiles, String desc,
                          CommitInfo commit, Profile profile, Long sizeDelta, SchemaChange change,
                          @JsonIgnore TableStatistics statistics) {

    DataVersion after(DataVersion older) {
        long delta = (size == null ? 0 : size) - (older.size() == null ? 0 : older.size());
        return new DataVersion(path, pointerPath, oid, size, nfiles, desc, commit, profile, delta,
                SchemaChange.between(older.profile(), profile, older.statistics(), statistics), statistics);
    }
}
