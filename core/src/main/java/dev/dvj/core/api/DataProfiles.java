package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.profile.Profile;
import dev.dvj.core.profile.StoredProfile;
import dev.dvj.core.profile.TableProfiler;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata a new data version's pointer carries: the user's own {@code meta} keys kept, and
 * for a CSV, TSV or JSON Lines file up to {@code profile.max_size} bytes (default 256 MiB; 0 turns
 * profiles off) a fresh profile (schema, quality and column statistics), stored as a cache object
 * that {@code meta.profile} names ({@link StoredProfile}).
 */
public final class DataProfiles {
    static final long DEFAULT_MAX_SIZE = 256L << 20;

    private DataProfiles() {
    }

    static Map<String, Object> metaFor(Repository repository, String dataPath, Snapshot snapshot, Map<String, Object> previous) {
        Map<String, Object> meta = new LinkedHashMap<>(previous == null ? Map.of() : previous);
        meta.remove("schema");
        meta.remove("quality");
        meta.remove(StoredProfile.META_KEY);
        StoredProfile profile = profileOf(repository, dataPath, snapshot, true);
        if (profile != null) {
            try {
                ObjectId id = repository.cache().insert(profile.toBytes(), false);
                meta.put(StoredProfile.META_KEY, id.toString());
            } catch (IOException e) {
                throw DvjException.data("cannot store the profile of " + dataPath + " in the cache: " + e.getMessage(), e);
            }
        }
        return meta;
    }

    /** The workspace file's schema and quality now; null when it is not a table, too big, or unreadable. */
    static Profile profileOf(Repository repository, String dataPath, Snapshot snapshot) {
        StoredProfile profile = profileOf(repository, dataPath, snapshot, false);
        return profile == null ? null : profile.profile();
    }

    private static StoredProfile profileOf(Repository repository, String dataPath, Snapshot snapshot, boolean statistics) {
        if (snapshot.isDirectory()) {
            return directoryProfile(repository, dataPath, snapshot, statistics);
        }
        String format = TableProfiler.formatOf(dataPath);
        if (format == null || snapshot.size() > maxSize(repository)) {
            return null;
        }
        // The stored object when the cache holds it as a file: exactly the bytes recorded, where
        // the workspace file may have changed since it was hashed.
        Path stored = repository.cache().path(snapshot.oid());
        Path source = Files.isRegularFile(stored) ? stored : repository.resolve(dataPath);
        try {
            TableProfiler.Profiled profiled = TableProfiler.profileWith(source, format, statistics);
            return new StoredProfile(profiled.profile(), profiled.statistics());
        } catch (IOException e) {
            return null; // the data itself is stored; a profile is extra and never fails recording a version
        }
    }

    /**
     * A directory of CSV (or TSV) shards is profiled as one table: its tracked files of that
     * format, in the manifest's order, columns matched by name (other files are left out). None,
     * or a mix of CSV and TSV, or more than {@code profile.max_size} of them: no profile.
     */
    private static StoredProfile directoryProfile(Repository repository, String dataPath, Snapshot snapshot,
                                                  boolean statistics) {
        dev.dvj.core.tree.Manifest manifest = repository.cache().manifestOrNull(snapshot.oid());
        if (manifest == null) {
            return null;
        }
        java.util.List<Path> files = new java.util.ArrayList<>();
        java.util.Set<String> formats = new java.util.TreeSet<>();
        long size = 0;
        for (dev.dvj.core.tree.ManifestEntry entry : manifest.entries()) {
            String format = TableProfiler.formatOf(entry.path());
            if (format != null) {
                formats.add(format);
                files.add(repository.resolve(dataPath + "/" + entry.path()));
                size += entry.size();
            }
        }
        if (files.isEmpty() || formats.size() != 1 || formats.contains("jsonl") || size > maxSize(repository)) {
            return null;
        }
        try {
            TableProfiler.Profiled profiled = TableProfiler.profileFiles(files, formats.iterator().next(), statistics);
            return new StoredProfile(profiled.profile(), profiled.statistics());
        } catch (IOException e) {
            return null; // the data itself is stored; a profile is extra and never fails recording a version
        }
    }

    /**
     * The profile a pointer's metadata names, read from the cache and checked against its id (a
     * damaged object counts as unreadable, never as figures), or the inline form of older pointers.
     */
    public static StoredProfile.Lookup lookup(Repository repository, Map<String, Object> meta) {
        return StoredProfile.of(meta, id -> {
            if (!repository.cache().has(id)) {
                return null;
            }
            try (java.io.InputStream in = repository.cache().open(id)) {
                byte[] bytes = in.readAllBytes();
                return Hashing.ofBytes(bytes, false).equals(id) ? bytes : new byte[0];
            } catch (IOException | DvjException e) {
                return new byte[0];
            }
        });
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
