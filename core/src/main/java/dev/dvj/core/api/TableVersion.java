package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.history.DataHistory;
import dev.dvj.core.workspace.TrackedOutput;
import dev.dvj.core.profile.StoredProfile;
import dev.dvj.core.profile.TableProfiler;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One version of a table with its profile, for drift and validation: a recorded version (its
 * stored profile, or else its data read from the cache and profiled) or the workspace's file as
 * it is now (profiled on the spot).
 *
 * @param label the revision, or {@code workspace}
 * @param oid   the recorded version's id, or null for the workspace's file
 */
public record TableVersion(String path, String label, String oid, StoredProfile profile) {

    /** @param rev a revision, or null for the workspace's file */
    public static TableVersion of(Repository repository, Path target, String rev) {
        String path = PathArguments.requireTrackable(repository, target);
        String format = TableProfiler.formatOf(path);
        if (Files.isDirectory(repository.resolve(path))
                || (format == null && rev != null && isRecordedDirectory(repository, target, rev))) {
            return directory(repository, target, path, rev);
        }
        if (format == null) {
            throw DvjException.invalid(path + " is not a table dvj profiles (CSV, TSV or JSON Lines)");
        }
        if (rev == null) {
            Path file = repository.resolve(path);
            if (!Files.isRegularFile(file)) {
                throw DvjException.invalid(path + " is not a file in the workspace");
            }
            return new TableVersion(path, "workspace", null, profile(file, format, path));
        }
        TrackedOutput recorded = new DataHistory(repository).recordedAt(target, rev);
        if (recorded == null || recorded.pointer().oid() == null || recorded.pointer().nfiles() != null) {
            throw DvjException.invalid(path + " at " + rev + " is not a single recorded file");
        }
        String oid = recorded.pointer().oid().toString();
        // Its stored profile when it has one with statistics: reading it costs nothing next to the data.
        StoredProfile.Lookup stored = DataProfiles.lookup(repository, recorded.pointer().meta());
        if (stored.stored() != null && stored.statistics() != null) {
            return new TableVersion(path, rev, oid, stored.stored());
        }
        ObjectId id = recorded.pointer().oid();
        CacheDirectory cache = repository.cache();
        if (!cache.has(id)) {
            throw DvjException.data(path + " at " + rev + " (" + oid.substring(0, 8)
                    + ") is not in the cache: fetch it with 'dvj fetch --rev " + rev + " " + path + "'");
        }
        if (!cache.isChunked(id)) {
            return new TableVersion(path, rev, oid, profile(cache.path(id), format, path));
        }
        // Kept as chunks: the profiler reads parts of a file in parallel, so it gets one, reassembled.
        Path whole = null;
        try {
            whole = cache.newTempFile();
            try (java.io.InputStream in = cache.open(id)) {
                Files.copy(in, whole);
            }
            return new TableVersion(path, rev, oid, profile(whole, format, path));
        } catch (IOException e) {
            throw DvjException.data("cannot read " + path + " at " + rev + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(whole);
        }
    }

    private static boolean isRecordedDirectory(Repository repository, Path target, String rev) {
        try {
            TrackedOutput recorded = new DataHistory(repository).recordedAt(target, rev);
            return recorded != null && recorded.pointer().nfiles() != null;
        } catch (DvjException e) {
            return false; // no recorded version: what is wrong with the path is said next
        }
    }

    /**
     * A directory of CSV or TSV shards: a recorded version through its stored profile; the
     * workspace's folder profiled now, its table files in path order (as a manifest lists them).
     */
    private static TableVersion directory(Repository repository, Path target, String path, String rev) {
        if (rev != null) {
            TrackedOutput recorded = new DataHistory(repository).recordedAt(target, rev);
            if (recorded == null || recorded.pointer().oid() == null) {
                throw DvjException.invalid(path + " at " + rev + " is not a recorded version");
            }
            StoredProfile.Lookup stored = DataProfiles.lookup(repository, recorded.pointer().meta());
            if (stored.stored() == null || stored.statistics() == null) {
                throw DvjException.invalid(path + " at " + rev + " has no table profile to compare"
                        + (stored.absence() == StoredProfile.Absence.NOT_IN_CACHE ? " in the cache (dvj pull brings it)"
                        : " (a directory is profiled when all its table files are CSV, or all TSV)"));
            }
            return new TableVersion(path, rev, recorded.pointer().oid().toString(), stored.stored());
        }
        java.util.List<Path> files = new java.util.ArrayList<>();
        java.util.Set<String> formats = new java.util.TreeSet<>();
        Path folder = repository.resolve(path);
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            // The files a recorded version of the folder would hold: .dvjignore'd ones left out.
            walk.filter(Files::isRegularFile).filter(f -> TableProfiler.formatOf(f.getFileName().toString()) != null)
                    .filter(f -> !repository.ignore().isIgnored(repository.relative(f), false))
                    .sorted(java.util.Comparator.comparing(f -> folder.relativize(f).toString().replace('\\', '/')))
                    .forEach(f -> {
                        files.add(f);
                        formats.add(TableProfiler.formatOf(f.getFileName().toString()));
                    });
        } catch (IOException e) {
            throw DvjException.data("cannot list " + path + ": " + e.getMessage(), e);
        }
        if (files.isEmpty() || formats.size() != 1 || formats.contains("jsonl")) {
            throw DvjException.invalid(path + " is not a table dvj profiles: a directory's table files must all be CSV, or all TSV");
        }
        try {
            TableProfiler.Profiled profiled = TableProfiler.profileFiles(files, formats.iterator().next(), true);
            return new TableVersion(path, "workspace", null, new StoredProfile(profiled.profile(), profiled.statistics()));
        } catch (IOException e) {
            throw DvjException.data("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover in the cache's temp folder, which the next command's lock clears
            }
            dev.dvj.core.io.TempFiles.done(file);
        }
    }

    private static StoredProfile profile(Path file, String format, String path) {
        try {
            TableProfiler.Profiled profiled = TableProfiler.profileWith(file, format, true);
            return new StoredProfile(profiled.profile(), profiled.statistics());
        } catch (IOException e) {
            throw DvjException.data("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
