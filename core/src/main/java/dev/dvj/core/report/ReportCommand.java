package dev.dvj.core.report;

import dev.dvj.core.DvjException;
import dev.dvj.core.experiments.ExperimentTable;
import dev.dvj.core.history.DataHistory;
import dev.dvj.core.history.DataVersion;
import dev.dvj.core.pipeline.Dag;
import dev.dvj.core.pipeline.DagGraph;
import dev.dvj.core.pipeline.PipelineLoader;
import dev.dvj.core.plots.PlotsCommand;
import dev.dvj.core.profile.Drift;
import dev.dvj.core.profile.SchemaChange;
import dev.dvj.core.profile.TableProfiler;
import dev.dvj.core.profile.TableStatistics;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dvj report}: one view of a project for people: the plots, the experiments table (HEAD's
 * commits and experiments, with params and metrics), every tracked table's versions with their
 * statistics and the drift from each version to the next, and the pipeline's lineage graph.
 * Each part is gathered by the command that owns it; a part that does not apply is left empty.
 */
public final class ReportCommand {
    private final Repository repository;

    public ReportCommand(Repository repository) {
        this.repository = repository;
    }

    /** A version of a table: its commit, id, rows, description, and its drift from the version before. */
    public record TableVersion(String commit, String date, String oid, long rows, int columns, String desc,
                               List<Drift.ColumnDrift> driftFromPrevious) {
    }

    /**
     * A tracked table: its versions, newest first, and the column statistics of the newest (as
     * {@code dvj show} describes them; empty when it has no stored statistics).
     */
    public record Table(String path, List<TableVersion> versions, List<ColumnSummary> statistics) {
    }

    /** One column of a version, as pandas' describe() gives it: numeric figures, or distinct values and the most frequent. */
    public record ColumnSummary(String column, String kind, long present, Long distinct, Double min, Double max, Double mean,
                                Double stddev, String top) {
    }

    public record Result(PlotsCommand.Result plots, List<ExperimentTable.Row> experiments, List<Table> tables, DagGraph lineage) {
    }

    public Result run() {
        return new Result(plots(), experiments(), tables(), lineage());
    }

    private PlotsCommand.Result plots() {
        try {
            return new PlotsCommand(repository).show(List.of(), null, List.of());
        } catch (DvjException e) {
            return new PlotsCommand.Result(List.of(), List.of()); // no plots declared, or none readable yet
        }
    }

    private List<ExperimentTable.Row> experiments() {
        if (!repository.scm().hasCommits()) {
            return List.of();
        }
        return new ExperimentTable(repository).rows(true);
    }

    /** Every tracked single-file table (CSV, TSV, JSON Lines) with its versions, newest first. */
    private List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        if (!repository.scm().hasCommits()) {
            return tables;
        }
        DataHistory history = new DataHistory(repository);
        for (TrackedOutput output : new Outputs(repository).all()) {
            if (output.pointer().isDirectory() || TableProfiler.formatOf(output.dataPath()) == null) {
                continue;
            }
            List<DataVersion> versions = history.log(repository.resolve(output.dataPath()), null, 0);
            List<TableVersion> rows = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                DataVersion version = versions.get(i);
                TableStatistics previous = i + 1 < versions.size() ? versions.get(i + 1).statistics() : null;
                // From the statistics the history read already; none when either version has none (not fetched).
                List<Drift.ColumnDrift> drift = previous == null || version.statistics() == null ? List.of()
                        : Drift.between(previous, version.statistics(), SchemaChange.DRIFT_THRESHOLD, Map.of(), false);
                rows.add(new TableVersion(version.commit() == null ? null : version.commit().id(),
                        version.commit() == null ? null : version.commit().time().toString(), version.oid(),
                        version.profile() == null ? 0 : version.profile().rows(),
                        version.profile() == null ? 0 : version.profile().schema().size(), version.desc(), drift));
            }
            tables.add(new Table(output.dataPath(), rows, versions.isEmpty() ? List.of() : summary(versions.get(0).statistics())));
        }
        return tables;
    }

    private static List<ColumnSummary> summary(TableStatistics statistics) {
        List<ColumnSummary> columns = new ArrayList<>();
        if (statistics == null) {
            return columns;
        }
        statistics.columns().forEach((name, column) -> columns.add(new ColumnSummary(name, column.kind(), column.present(),
                column.distinct(), column.min(), column.max(), column.mean(), column.stddev(),
                column.top() == null || column.top().isEmpty() ? null : column.top().get(0).value())));
        return columns;
    }

    private DagGraph lineage() {
        try {
            return DagGraph.data(Dag.of(PipelineLoader.workspace(repository)));
        } catch (DvjException e) {
            return new DagGraph(List.of(), List.of());
        }
    }
}
