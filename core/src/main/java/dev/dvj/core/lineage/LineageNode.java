package dev.dvj.core.lineage;

import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.scm.CommitInfo;

import java.util.List;
import java.util.Map;

/**
 * One path in a lineage tree and what stands behind it (upstream) or on it (downstream).
 *
 * @param oid       the content the consuming stage recorded (upstream) or the lock records; null when unknown
 * @param stale     in the workspace, the path's content differs from what the lock records (or the
 *                  stage never ran)
 * @param stage     for an OUTPUT, the stage that writes it: command, params used and its run
 * @param origin    for DATA, the commit that recorded this version and its description; for CODE,
 *                  the last commit that changed the file
 * @param children  upstream: the stage's deps; downstream: the outputs of stages reading this path
 * @param truncated true when {@code --depth} stopped the walk here
 */
public record LineageNode(Kind kind, String path, String oid, boolean stale, StageInfo stage, Origin origin,
                          List<LineageNode> children, boolean truncated) {

    public enum Kind {
        /** Written by a pipeline stage. */
        OUTPUT,
        /** Source data recorded with dvj add / commit. */
        DATA,
        /** A file in Git: code, configuration. */
        CODE,
        /** Neither tracked by dvj nor by Git. */
        UNTRACKED
    }

    /**
     * @param lastFailure this machine's last run of the stage when it failed after the recorded
     *                    one ({@code .dvj/tmp/runs.jsonl}); null otherwise, and at other revisions
     */
    public record StageInfo(String name, String cmd, Map<String, Map<String, Object>> params, StageLock.RunRecord run,
                            dev.dvj.core.pipeline.RunLog.Entry lastFailure) {
    }

    /**
     * @param imported where imported data came from (another repository, {@code dvj import}); null otherwise
     */
    public record Origin(CommitInfo commit, String desc, dev.dvj.core.pointer.ImportSource imported) {
        public Origin(CommitInfo commit, String desc) {
            this(commit, desc, null);
        }
    }
}
