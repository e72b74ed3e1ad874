package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.history.RevisionView;
import dev.dvj.core.io.YamlNode;
import dev.dvj.core.lineage.LineageCommand;
import dev.dvj.core.pipeline.ParamRef;
import dev.dvj.core.pipeline.ParamsFile;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.pipeline.StageOutput;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.scm.HistoryScope;
import dev.dvj.core.workspace.Repository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the params a revision's stages use and the metrics files they write, as flat dotted keys.
 */
public final class ExperimentValues {
    /** How the workspace is named in tables and JSON. */
    public static final String WORKSPACE = "workspace";

    private final Repository repository;

    public ExperimentValues(Repository repository) {
        this.repository = repository;
    }

    /** Views by commit id ("" for the workspace): params and metrics of one revision parse its pipeline and lock once. */
    private final Map<String, RevisionView> views = new java.util.HashMap<>();

    private RevisionView view(String rev) {
        RevisionView view = RevisionView.of(repository, rev);
        return views.computeIfAbsent(view.commit() == null ? "" : view.commit(), k -> view);
    }

    /**
     * The params every stage of the revision's {@code dvj.yaml} reads (a key naming a subtree
     * gives all its leaves), or all of {@code params.yaml} when no stage names any.
     *
     * @param rev a revision, or null for the workspace
     */
    public RevisionValues params(String rev) {
        RevisionView view = view(rev);
        Map<String, Map<String, Object>> values = new TreeMap<>();
        Map<String, String> errors = new TreeMap<>();
        Map<String, Map<String, Object>> files = new TreeMap<>();
        boolean anyRef = false;
        for (Stage stage : view.pipeline().stages()) {
            for (ParamRef ref : stage.params()) {
                anyRef = true;
                Map<String, Object> file = paramsFile(view, ref.file(), files, errors);
                if (file == null) {
                    continue;
                }
                Map<String, Object> forFile = values.computeIfAbsent(ref.file(), f -> new TreeMap<>());
                if (ref.key() == null) {
                    forFile.putAll(ParamsFile.flatten(file));
                    continue;
                }
                Object value = ParamsFile.get(file, ref.key());
                if (value instanceof Map<?, ?> subtree) {
                    ParamsFile.flatten(subtree).forEach((k, v) -> forFile.put(ref.key() + "." + k, v));
                } else if (value != ParamsFile.MISSING) {
                    forFile.put(ref.key(), value);
                }
            }
        }
        if (!anyRef) {
            Map<String, Object> file = paramsFile(view, ParamsFile.DEFAULT, files, errors);
            errors.remove(ParamsFile.DEFAULT); // no stage asked for it: its absence is no error
            if (file != null && !file.isEmpty()) {
                values.put(ParamsFile.DEFAULT, ParamsFile.flatten(file));
            }
        }
        return new RevisionValues(label(rev), view.commitInfo(), values, errors, Map.of());
    }

    /**
     * Every metrics file the revision's stages declare, flattened; a file that is missing, not in
     * the cache, or malformed is reported in {@code errors} instead.
     */
    public RevisionValues metrics(String rev) {
        RevisionView view = view(rev);
        Map<String, Map<String, Object>> values = new TreeMap<>();
        Map<String, String> errors = new TreeMap<>();
        Map<String, RevisionValues.DataUsed> data = new TreeMap<>();
        for (Stage stage : view.pipeline().stages()) {
            for (StageOutput out : stage.outs()) {
                if (out.kind() != StageOutput.Kind.METRIC) {
                    continue;
                }
                new LineageCommand(repository).sourceData(out.path(), view).forEach((path, node) -> data.put(path,
                        new RevisionValues.DataUsed(node.oid(), node.origin() == null || node.origin().commit() == null
                                ? List.of() : node.origin().commit().tags())));
                byte[] bytes = view.read(out.path());
                boolean recorded = view.lock().containsKey(stage.name());
                if (bytes == null && !recorded) {
                    continue; // the stage has not run at this revision: no metrics yet, and no error
                }
                if (bytes == null) {
                    errors.put(out.path(), out.cache() ? "missing (not in the workspace or the cache: dvj pull)" : "missing");
                    continue;
                }
                String mismatch = mismatchWithLock(view, stage, out, bytes);
                if (mismatch != null) {
                    errors.put(out.path(), mismatch);
                    continue;
                }
                try {
                    YamlNode root = YamlNode.parse(bytes, out.path());
                    values.put(out.path(), ParamsFile.flatten(root.plain()));
                } catch (DvjException e) {
                    errors.put(out.path(), e.getMessage());
                }
            }
        }
        return new RevisionValues(label(rev), view.commitInfo(), values, errors, data);
    }

    /**
     * Why these metrics bytes are not the ones the stage wrote, as the revision's dvj.lock records
     * them; null when they are (or the lock records nothing to compare). A metrics file committed
     * without its lock, or a lock without its metrics file, would otherwise credit one data
     * version with another's figures.
     */
    private static String mismatchWithLock(RevisionView view, Stage stage, StageOutput out, byte[] bytes) {
        StageLock lock = view.lock().get(stage.name());
        StageLock.LockedPath recorded = lock == null ? null : lock.out(out.path());
        if (recorded == null || recorded.oid() == null) {
            return null;
        }
        String actual = Hashing.ofBytes(bytes, false).toString();
        if (actual.equals(recorded.oid())) {
            return null;
        }
        return "not the file stage '" + stage.name() + "' wrote (dvj.lock records " + shortOid(recorded.oid()) + ", "
                + (view.commit() == null ? "the workspace has " : "this commit has ") + shortOid(actual)
                + "): " + (view.commit() == null ? "edited since, or not written by 'dvj repro'"
                : "committed without the matching dvj.lock, so these figures are not shown");
    }

    private static String shortOid(String oid) {
        return oid.substring(0, Math.min(8, oid.length()));
    }

    /** The two revisions being compared and what differs between them. */
    public record Comparison(RevisionValues a, RevisionValues b, List<ValueDiff.Change> changes) {
    }

    /**
     * Compares params (or metrics) of revision {@code a} (default HEAD) with {@code b} (default the
     * workspace). Before the first commit, HEAD has no values: everything shows as new.
     */
    public Comparison diff(String a, String b, boolean metrics, boolean all) {
        RevisionValues before = a == null ? headOrEmpty(metrics) : read(a, metrics);
        RevisionValues after = read(b, metrics);
        return new Comparison(before, after, ValueDiff.between(before.values(), after.values(), all));
    }

    /**
     * Values of the workspace (when asked), then of each named revision, then of every commit in
     * the scopes, newest first; each commit once.
     */
    public List<RevisionValues> history(boolean workspace, List<String> revs, Set<HistoryScope> scopes, boolean metrics) {
        List<RevisionValues> rows = new ArrayList<>();
        if (workspace) {
            rows.add(read(null, metrics));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String rev : revs) {
            if (seen.add(repository.scm().resolve(rev))) {
                rows.add(read(rev, metrics));
            }
        }
        for (HistoryScope scope : scopes) {
            for (String commit : repository.scm().commitsIn(scope)) {
                if (seen.add(commit)) {
                    RevisionValues values = read(commit, metrics);
                    rows.add(values.named(values.commit().label()));
                }
            }
        }
        return rows;
    }

    private RevisionValues read(String rev, boolean metrics) {
        return metrics ? metrics(rev) : params(rev);
    }

    private RevisionValues headOrEmpty(boolean metrics) {
        if (!repository.scm().isGit() || !repository.scm().hasCommits()) {
            return new RevisionValues("HEAD", null, Map.of(), Map.of(), Map.of());
        }
        return read("HEAD", metrics);
    }

    private static String label(String rev) {
        return rev == null ? WORKSPACE : rev;
    }

    private static Map<String, Object> paramsFile(RevisionView view, String path, Map<String, Map<String, Object>> files,
                                                  Map<String, String> errors) {
        if (files.containsKey(path)) {
            return files.get(path);
        }
        Map<String, Object> parsed = null;
        byte[] bytes = view.read(path);
        if (bytes == null) {
            errors.put(path, "missing");
        } else {
            try {
                parsed = ParamsFile.parse(bytes, path);
            } catch (DvjException e) {
                errors.put(path, e.getMessage());
            }
        }
        files.put(path, parsed);
        return parsed;
    }
}
