package dev.dvj.core.experiments;

import dev.dvj.core.scm.CommitInfo;
import dev.dvj.core.scm.HistoryScope;
import dev.dvj.core.workspace.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code dvj exp show}: base commits and their experiments as rows of one table, each with its
 * params, metrics and the source data versions its metrics came from.
 */
public final class ExperimentTable {
    private final Repository repository;

    public ExperimentTable(Repository repository) {
        this.repository = repository;
    }

    /**
     * One row: a base commit ({@code experiment} null) or an experiment on one.
     *
     * @param name     the experiment's name, or the commit's label (branch, tag or short id)
     * @param status   {@code base}, {@code queued}, {@code success} or {@code failed}
     * @param params   file to dotted key to value
     * @param metrics  file to dotted key to value (empty for a queued experiment)
     * @param data     source data path to its version's label (a tag, else the short oid)
     * @param errors   file to why its values could not be read
     */
    public record Row(String name, String commit, String base, Instant created, String status, Experiment experiment,
                      Map<String, Map<String, Object>> params, Map<String, Map<String, Object>> metrics,
                      Map<String, String> data, Map<String, String> errors) {
    }

    /**
     * HEAD and its experiments; with {@code allCommits}, every commit reachable from a branch or
     * tag, newest first, each followed by its experiments, and then the experiments whose base is
     * no longer on any of them.
     */
    public List<Row> rows(boolean allCommits) {
        ExperimentStore store = new ExperimentStore(repository);
        Map<String, List<Experiment>> byBase = new LinkedHashMap<>();
        for (Experiment experiment : store.list()) {
            byBase.computeIfAbsent(experiment.base(), b -> new ArrayList<>()).add(experiment);
        }
        Set<String> bases = new LinkedHashSet<>();
        if (repository.scm().hasCommits()) {
            bases.add(repository.scm().resolve("HEAD"));
        }
        if (allCommits) {
            bases.addAll(repository.scm().commitsIn(HistoryScope.ALL_COMMITS));
            bases.addAll(byBase.keySet());
            // Experiments' own commits are reachable from their refs, but are rows of their bases.
            byBase.values().forEach(list -> list.forEach(e -> bases.remove(e.commit())));
        }
        ExperimentValues values = new ExperimentValues(repository);
        List<Row> rows = new ArrayList<>();
        for (String base : bases) {
            rows.add(baseRow(values, base));
            for (Experiment experiment : byBase.getOrDefault(base, List.of())) {
                rows.add(experimentRow(values, experiment));
            }
        }
        return rows;
    }

    private Row baseRow(ExperimentValues values, String commit) {
        RevisionValues params = values.params(commit);
        RevisionValues metrics = values.metrics(commit);
        CommitInfo info = params.commit();
        return new Row(info.label(), commit, null, info.time(), "base", null, params.values(), metrics.values(),
                labels(metrics), errors(params, metrics));
    }

    private Row experimentRow(ExperimentValues values, Experiment experiment) {
        RevisionValues params = values.params(experiment.commit());
        // A queued or failed experiment's metrics files are its base's (or a failed stage's
        // leftovers): shown, they would credit it with figures it never produced.
        boolean succeeded = experiment.status() == Experiment.Status.SUCCESS;
        RevisionValues metrics = succeeded ? values.metrics(experiment.commit()) : null;
        Map<String, String> errors = new TreeMap<>(params.errors());
        if (metrics != null) {
            errors.putAll(metrics.errors());
        }
        return new Row(experiment.name(), experiment.commit(), experiment.base(), experiment.created(),
                experiment.status().name().toLowerCase(java.util.Locale.ROOT), experiment, params.values(),
                metrics == null ? Map.of() : metrics.values(), metrics == null ? Map.of() : labels(metrics), errors);
    }

    private static Map<String, String> labels(RevisionValues metrics) {
        Map<String, String> labels = new TreeMap<>();
        metrics.data().forEach((path, used) -> labels.put(path, used.label()));
        return labels;
    }

    private static Map<String, String> errors(RevisionValues params, RevisionValues metrics) {
        Map<String, String> errors = new TreeMap<>(params.errors());
        errors.putAll(metrics.errors());
        return errors;
    }
}
