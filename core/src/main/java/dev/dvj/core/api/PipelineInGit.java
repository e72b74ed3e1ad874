package dev.dvj.core.api;

import dev.dvj.core.pipeline.Dag;
import dev.dvj.core.pipeline.Pipeline;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.scm.Scm;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a commit needs in Git for its pipeline to be reproducible from it: {@code dvj.yaml}, and
 * for every stage {@code dvj.lock} records, its params files and the deps that are neither data
 * dvj tracks nor another stage's output (its code, mostly). A commit without them still names the
 * data, but nobody can rerun what produced it.
 */
final class PipelineInGit {
    private PipelineInGit() {
    }

    /** One warning per file a recorded stage needs that Git does not track. */
    static List<String> untrackedInputs(Repository repository) {
        Map<String, StageLock> locks = new Outputs(repository).readLock();
        if (locks.isEmpty()) {
            return List.of();
        }
        Scm scm = repository.scm();
        List<String> warnings = new ArrayList<>();
        for (String file : List.of(Pipeline.FILE, LockFile.FILE)) {
            if (Files.exists(repository.resolve(file)) && !scm.tracks(file)) {
                warnings.add(file + " is not in Git: this commit would not say how its outputs were made ('git add " + file + "')");
            }
        }
        Set<String> stageOutputs = new LinkedHashSet<>();
        locks.values().forEach(lock -> lock.outs().forEach(out -> stageOutputs.add(out.path())));
        for (Map.Entry<String, StageLock> stage : locks.entrySet()) {
            for (String params : stage.getValue().params().keySet()) {
                if (Files.exists(repository.resolve(params)) && !scm.tracks(params)) {
                    warnings.add(params + " (params of stage '" + stage.getKey() + "') is not in Git: the stage could not be"
                            + " rerun from this commit ('git add " + params + "')");
                }
            }
            for (StageLock.LockedPath dep : stage.getValue().deps()) {
                String path = dep.path();
                if (stageOutputs.stream().anyMatch(out -> Dag.overlaps(out, path)) || isDvjData(repository, path)
                        || !Files.exists(repository.resolve(path))) {
                    continue;
                }
                if (!scm.tracks(path)) {
                    warnings.add(path + " (a dependency of stage '" + stage.getKey() + "') is in neither Git nor dvj: the stage"
                            + " could not be rerun from this commit ('git add " + path + "', or 'dvj add' it if it is data)");
                }
            }
        }
        return warnings;
    }

    /** True when a pointer tracks the path or a folder around it. */
    private static boolean isDvjData(Repository repository, String path) {
        for (String at = path; !at.isEmpty(); at = at.contains("/") ? at.substring(0, at.lastIndexOf('/')) : "") {
            if (Files.exists(Outputs.pointerFor(repository.resolve(at)))) {
                return true;
            }
        }
        return false;
    }
}
