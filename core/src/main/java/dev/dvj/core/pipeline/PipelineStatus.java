package dev.dvj.core.pipeline;

import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which stages {@code dvj repro} would run, and why: the pipeline half of {@code dvj status}. */
public final class PipelineStatus {
    private PipelineStatus() {
    }

    /** @param reasons empty when the stage is up to date (or frozen) */
    public record StageStatus(String stage, boolean frozen, List<String> reasons) {
        public boolean changed() {
            return !reasons.isEmpty();
        }
    }

    public static List<StageStatus> of(Repository repository) {
        Pipeline pipeline = PipelineLoader.workspace(repository);
        if (pipeline.stages().isEmpty()) {
            return List.of();
        }
        Dag dag = Dag.of(pipeline);
        Map<String, StageLock> locks = new Outputs(repository).readLock();
        Workspace workspace = new Workspace(repository);
        List<StageStatus> statuses = new ArrayList<>();
        for (Stage stage : dag.ordered()) {
            statuses.add(new StageStatus(stage.name(), stage.frozen(), StageChanges.of(stage, locks.get(stage.name()), workspace)));
        }
        return statuses;
    }
}
