package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.profile.Profile;
import dev.dvj.core.profile.TableProfiler;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata a new data version's pointer carries: the user's own {@code meta} keys kept, and
 * for a CSV, TSV or JSON Lines file up to {@code profile.max_size} bytes (default 256 MiB; 0 turns
 * profiles off) a fresh schema and quality profile.
 */
final class DataProfiles {
    static final long DEFAULT_MAX_SIZE = 256L << 20;

    private DataProfiles() {
    }

    static Map<String, Object> metaFor(Repository repository, String dataPath, Snapshot snapshot, Map<String, Object> previous) {
        Map<String, Object> meta = new LinkedHashMap<>(previous == null ? Map.of() : previous);
        meta.remove("schema");
        meta.remove("quality");
        Profile profile = profileOf(repository, dataPath, snapshot);
        if (profile != null) {
            meta.putAll(profile.toMeta());
        }
        return meta;
    }

    /** The workspace file's profile now; null when it is not a table, too big, or unreadable. */
    static Profile profileOf(Repository repository, String dataPath, Snapshot snapshot) {
        String format = TableProfiler.formatOf(dataPath);
        if (format == null || snapshot.isDirectory() || snapshot.size() > maxSize(repository)) {
            return null;
        }
        try {
            return TableProfiler.profile(repository.resolve(dataPath), format);
        } catch (IOException e) {
            return null; // the data itself is stored; a profile is extra and never fails recording a version
        }
    }

    private static long maxSize(Repository repository) {
        String value = repository.config().get("profile.max_size", Long.toString(DEFAULT_MAX_SIZE));
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw DvjException.invalid("config profile.max_size: '" + value + "' is not a number of bytes");
        }
    }
}
