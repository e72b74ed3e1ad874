package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.history.DataHistory;
import dev.dvj.core.history.DataVersion;
import dev.dvj.core.profile.Drift;
import dev.dvj.core.profile.TableProfiler;
import dev.dvj.core.profile.TableStatistics;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code dvj drift PATH [A [B]]}: how far each column of a table moved between two versions:
 * a revision's recorded version (its stored profile, or else its data read from the cache) or the
 * workspace's file as it is now (profiled on the spot).
 */
public final class DriftCommand {
    private final Repository repository;

    public DriftCommand(Repository repository) {
        this.repository = repository;
    }

    /** @param threshold the default threshold; {@code thresholds} per column override it */
    public record Options(double threshold, Map<String, Double> thresholds, boolean psi) {
    }

    /**
     * @param before a revision, or null for the workspace
     * @param after  a revision, or null for the workspace
     * @param beforeOid the version compared: its oid, or null for a workspace file
     */
    public record Result(String path, String before, String beforeOid, String after, String afterOid, long beforeRows,
                         long afterRows, List<Drift.ColumnDrift> columns) {
        public boolean drifted() {
            return columns.stream().anyMatch(Drift.ColumnDrift::drifted);
        }
    }

    private record Side(String label, String oid, TableStatistics statistics) {
    }

    public Result run(Path target, String before, String after, Options options) {
        String path = PathArguments.requireTrackable(repository, target);
        String format = TableProfiler.formatOf(path);
        if (format == null) {
            throw DvjException.invalid(path + " is not a table dvj profiles (CSV, TSV or JSON Lines): no drift to measure");
        }
        Side a = side(target, path, format, before);
        Side b = side(target, path, format, after);
        List<Drift.ColumnDrift> columns = Drift.between(a.statistics(), b.statistics(), options.threshold(),
                options.thresholds(), options.psi());
        return new Result(path, a.label(), a.oid(), b.label(), b.oid(), a.statistics().rows(), b.statistics().rows(), columns);
    }

    private Side side(Path target, String path, String format, String rev) {
        if (rev == null) {
            Path file = repository.resolve(path);
            if (!Files.isRegularFile(file)) {
                throw DvjException.invalid(path + " is not a file in the workspace");
            }
            return new Side("workspace", null, statistics(file, format, path));
        }
        DataHistory history = new DataHistory(repository);
        DataVersion version = history.show(target, rev);
        if (version.oid() == null || version.nfiles() != null) {
            throw DvjException.invalid(path + " at " + rev + " is not a single recorded file");
        }
        // The version's stored profile when it has one: reading it costs nothing next to the data.
        TableStatistics stored = history.profile(target, rev).statistics();
        if (stored != null) {
            return new Side(rev, version.oid(), stored);
        }
        Path object = repository.cache().path(ObjectId.parse(version.oid()));
        if (!Files.isRegularFile(object)) {
            throw DvjException.data(path + " at " + rev + " (" + version.oid().substring(0, 8)
                    + ") is not in the cache: fetch it with 'dvj fetch --rev " + rev + " " + path + "'");
        }
        return new Side(rev, version.oid(), statistics(object, format, path));
    }

    private static TableStatistics statistics(Path file, String format, String path) {
        try {
            return TableProfiler.profileWith(file, format, true).statistics();
        } catch (IOException e) {
            throw DvjException.data("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
