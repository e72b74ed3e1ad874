package dev.dvj.core.api;

import dev.dvj.core.profile.Drift;
import dev.dvj.core.profile.TableStatistics;
import dev.dvj.core.workspace.Repository;

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

    public Result run(Path target, String before, String after, Options options) {
        TableVersion a = TableVersion.of(repository, target, before);
        TableVersion b = TableVersion.of(repository, target, after);
        TableStatistics first = a.profile().statistics();
        TableStatistics second = b.profile().statistics();
        List<Drift.ColumnDrift> columns = Drift.between(first, second, options.threshold(), options.thresholds(), options.psi());
        return new Result(a.path(), a.label(), a.oid(), b.label(), b.oid(), first.rows(), second.rows(), columns);
    }
}
