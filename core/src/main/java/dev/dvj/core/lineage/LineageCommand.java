package dev.dvj.core.lineage;

import dev.dvj.core.pipeline.RunLog;

import dev.dvj.core.DvjException;
import dev.dvj.core.api.PathArguments;
import dev.dvj.core.history.DataHistory;
import dev.dvj.core.history.DataVersion;
import dev.dvj.core.history.RevisionView;
import dev.dvj.core.pipeline.Dag;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.pipeline.StageOutput;
import dev.dvj.core.pipeline.Workspace;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.scm.CommitInfo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds lineage trees from {@code dvj.yaml}, {@code dvj.lock} and pointer files as they are in the
 * workspace or at a commit (read through JGit, no checkout). Upstream, each output leads to its
 * stage (command, the param values and run record of the lock) and that stage's deps, down to
 * source data (with the commit and description of the exact version the stage consumed) and code
 * in Git (with its last commit). Downstream, each path leads to the outputs of every stage that
 * reads it.
 */
public final class LineageCommand {
    private final Repository repository;

    public LineageCommand(Repository repository) {
        this.repository = repository;
    }

    /**
     * @param rev   a revision, or null for the workspace (where stale paths are marked)
     * @param depth how many stages deep to go; 0 for no limit
     */
    public LineageNode run(Path target, String rev, boolean downstream, int depth) {
        Walk walk = new Walk(RevisionView.of(repository, rev), rev, depth <= 0 ? Integer.MAX_VALUE : depth);
        String path = walk.normalize(PathArguments.requireTrackable(repository, target));
        LineageNode root = downstream ? walk.downstream(path, 0) : walk.upstream(path, null, 0);
        if (root.kind() == LineageNode.Kind.UNTRACKED && root.children().isEmpty()) {
            throw DvjException.invalid("'" + path + "' is not tracked by dvj or Git" + (rev == null ? "" : " at " + rev)
                    + ", and no stage writes or reads it");
        }
        return root;
    }

    /** The source data versions (added with dvj) an output was computed from, by path; empty for none. */
    public Map<String, LineageNode> sourceData(String path, String rev) {
        return sourceData(path, RevisionView.of(repository, rev));
    }

    /** The same, on a view the caller has (and may have read the pipeline and lock of already). */
    public Map<String, LineageNode> sourceData(String path, RevisionView view) {
        Map<String, LineageNode> data = new java.util.TreeMap<>();
        Walk walk = new Walk(view, view.commit(), Integer.MAX_VALUE);
        walk.codeOrigins = false; // only data nodes are kept: the commits of code are not needed
        collectData(walk.upstream(path, null, 0), data);
        return data;
    }

    private static void collectData(LineageNode node, Map<String, LineageNode> data) {
        if (node.kind() == LineageNode.Kind.DATA) {
            data.putIfAbsent(node.path(), node);
        }
        node.children().forEach(child -> collectData(child, data));
    }

    private final class Walk {
        private final RevisionView view;
        private final String rev;
        private final int maxDepth;
        private final Dag dag;
        private final Map<String, StageLock> lock;
        private final Workspace workspace;
        /** Whether code nodes name the commit that last changed them (a history walk each). */
        boolean codeOrigins = true;
        /** This machine's run log, read on first use. */
        private List<RunLog.Entry> runs;

        Walk(RevisionView view, String rev, int maxDepth) {
            this.view = view;
            this.rev = rev;
            this.maxDepth = maxDepth;
            this.dag = Dag.of(view.pipeline());
            this.lock = view.lock();
            this.workspace = rev == null ? new Workspace(repository) : null;
        }

        /** A pointer file names its data; a path inside a stage's output folder stays as given. */
        String normalize(String path) {
            return path.endsWith(PointerFormat.SUFFIX) ? path.substring(0, path.length() - PointerFormat.SUFFIX.length()) : path;
        }

        /** @param recordedOid the oid a consuming stage's lock recorded for this path, if any */
        LineageNode upstream(String path, String recordedOid, int depth) {
            Stage writer = dag.writerOf(path);
            if (writer == null) {
                return source(path, recordedOid);
            }
            String outPath = coveringOutput(writer, path);
            StageLock stageLock = lock.get(writer.name());
            StageLock.LockedPath recorded = stageLock == null ? null : stageLock.out(outPath);
            String oid = recordedOid != null ? recordedOid : recorded == null ? null : recorded.oid();
            boolean stale = stageLock == null || (recorded != null && differs(outPath, recorded.oid()));
            List<LineageNode> children = new ArrayList<>();
            boolean truncated = depth >= maxDepth && !writer.deps().isEmpty();
            if (!truncated) {
                for (String dep : writer.deps()) {
                    StageLock.LockedPath used = stageLock == null ? null : stageLock.dep(dep);
                    children.add(upstream(dep, used == null ? null : used.oid(), depth + 1));
                }
            }
            return new LineageNode(LineageNode.Kind.OUTPUT, outPath, oid, stale, stageInfo(writer, stageLock), null,
                    children, truncated);
        }

        /** The path itself, then the outputs of every stage reading it, recursively. */
        LineageNode downstream(String path, int depth) {
            LineageNode self = upstream(path, null, maxDepth); // no upstream children: just what the path is
            List<LineageNode> children = new ArrayList<>();
            boolean truncated = false;
            for (Stage stage : dag.ordered()) {
                if (stage.deps().stream().noneMatch(dep -> Dag.overlaps(dep, path))) {
                    continue;
                }
                if (depth >= maxDepth) {
                    truncated = true;
                    break;
                }
                for (StageOutput out : stage.outs()) {
                    LineageNode output = downstream(out.path(), depth + 1);
                    children.add(output);
                }
            }
            return new LineageNode(self.kind(), self.path(), self.oid(), self.stale(), self.stage(), self.origin(),
                    children, truncated);
        }

        private String coveringOutput(Stage writer, String path) {
            for (StageOutput out : writer.outs()) {
                if (path.equals(out.path()) || path.startsWith(out.path() + "/")) {
                    return out.path();
                }
            }
            return path;
        }

        private LineageNode.StageInfo stageInfo(Stage stage, StageLock stageLock) {
            return new LineageNode.StageInfo(stage.name(), stageLock != null ? stageLock.cmd() : stage.cmdText(),
                    stageLock == null ? Map.of() : stageLock.params(), stageLock == null ? null : stageLock.run(),
                    rev == null ? lastFailure(stage.name(), stageLock == null ? null : stageLock.run()) : null);
        }

        /** The stage's last logged run, when it failed after the run the lock records. */
        private RunLog.Entry lastFailure(String stage, StageLock.RunRecord recorded) {
            if (runs == null) {
                runs = new RunLog(repository).entries();
            }
            RunLog.Entry last = null;
            for (RunLog.Entry entry : runs) {
                if (entry.stage().equals(stage)) {
                    last = entry;
                }
            }
            if (last == null || !"failed".equals(last.outcome())) {
                return null;
            }
            boolean after = recorded == null || recorded.started() == null || last.run().started() == null
                    || last.run().started().compareTo(recorded.started()) > 0;
            return after ? last : null;
        }

        /** Data added with dvj (with the version the stage used), a file in Git, or untracked. */
        private LineageNode source(String path, String recordedOid) {
            boolean hasPointer = view.read(path + PointerFormat.SUFFIX) != null;
            if (hasPointer) {
                TrackedOutput output = pointer(path);
                String oid = recordedOid != null ? recordedOid
                        : output == null || output.pointer().oid() == null ? null : output.pointer().oid().toString();
                LineageNode.Origin origin = dataOrigin(path, oid);
                if (output != null && output.pointer().source() != null) {
                    // Imported: its source repository is where its lineage goes on.
                    origin = new LineageNode.Origin(origin == null ? null : origin.commit(), origin == null ? null : origin.desc(),
                            output.pointer().source());
                }
                return new LineageNode(LineageNode.Kind.DATA, path, oid, oid != null && differs(path, oid), null,
                        origin, List.of(), false);
            }
            if (inGit(path)) {
                return new LineageNode(LineageNode.Kind.CODE, path, recordedOid,
                        recordedOid != null && differs(path, recordedOid), null, codeOrigins ? codeOrigin(path) : null, List.of(), false);
            }
            boolean stale = recordedOid != null && differs(path, recordedOid);
            return new LineageNode(LineageNode.Kind.UNTRACKED, path, recordedOid, stale, null, null, List.of(), false);
        }

        private TrackedOutput pointer(String path) {
            byte[] bytes = view.read(path + PointerFormat.SUFFIX);
            return bytes == null ? null : Outputs.parse(path + PointerFormat.SUFFIX, bytes);
        }

        /** The commit that recorded exactly this version of the data, found in the path's history. */
        private LineageNode.Origin dataOrigin(String path, String oid) {
            try {
                if (rev == null) {
                    for (DataVersion version : new DataHistory(repository).log(repository.resolve(path), null, 0)) {
                        if (Objects.equals(version.oid(), oid)) {
                            return new LineageNode.Origin(version.commit(), version.desc());
                        }
                    }
                    return null;
                }
                DataVersion version = new DataHistory(repository).origin(repository.resolve(path), rev, oid);
                return version == null ? null : new LineageNode.Origin(version.commit(), version.desc());
            } catch (DvjException e) {
                // No history to search (e.g. --no-scm): the version is shown without its commit.
            }
            return null;
        }

        private LineageNode.Origin codeOrigin(String path) {
            if (!repository.scm().isGit() || !repository.scm().hasCommits()) {
                return null;
            }
            List<String> commits = repository.scm().commitsTouching(path, rev == null ? "HEAD" : rev);
            CommitInfo last = commits.isEmpty() ? null : repository.scm().describe(commits.get(0));
            return last == null ? null : new LineageNode.Origin(last, last.subject());
        }

        private boolean inGit(String path) {
            if (!repository.scm().isGit()) {
                return false;
            }
            return rev == null ? repository.scm().tracks(path) : view.read(path) != null && repository.scm()
                    .readAt(view.commit(), path).isPresent();
        }

        /** In the workspace only: whether the path's content now differs from a recorded oid. */
        private boolean differs(String path, String oid) {
            if (workspace == null || oid == null) {
                return false;
            }
            StageLock.LockedPath now = workspace.content(path, false, true);
            return now == null || !oid.equals(now.oid());
        }
    }
}
