package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.workspace.GitIgnoreFile;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code dvj rm}: stops tracking outputs. The pointer and its .gitignore line go (and are staged);
 * the data stays in the workspace unless purged. The cache keeps the content until gc.
 */
public final class RemoveCommand {
    private final Repository repository;

    public RemoveCommand(Repository repository) {
        this.repository = repository;
    }

    public record Removed(String path, String pointer, boolean purged) {
    }

    public record Result(List<Removed> removed) {
    }

    public Result run(List<Path> targets, boolean purge) {
        if (targets.isEmpty()) {
            throw DvjException.invalid("name at least one pointer file (e.g. data.csv.dvj) to stop tracking");
        }
        try (RepositoryLock lock = repository.lock()) {
            Outputs outputs = new Outputs(repository);
            List<TrackedOutput> selected = new ArrayList<>();
            for (Path target : targets) {
                PathArguments.requireTrackable(repository, target);
                selected.add(PathArguments.requireNotPipelineOutput(outputs.forTarget(target)));
            }
            Set<String> toStage = new LinkedHashSet<>();
            List<Removed> removed = new ArrayList<>();
            for (TrackedOutput output : selected) {
                Path data = repository.boundary().writable(output.dataPath());
                try {
                    Files.deleteIfExists(repository.resolve(output.pointerPath()));
                    toStage.add(output.pointerPath());
                    if (GitIgnoreFile.remove(data.getParent(), data.getFileName().toString())) {
                        toStage.add(repository.relative(data.resolveSibling(GitIgnoreFile.NAME)));
                    }
                    if (purge) {
                        FileTrees.delete(data);
                    }
                } catch (IOException e) {
                    throw DvjException.data("cannot remove " + output.pointerPath() + ": " + e.getMessage(), e);
                }
                repository.directoryStates().forget(output.dataPath()); // no longer tracked
                removed.add(new Removed(output.dataPath(), output.pointerPath(), purge));
            }
            repository.scm().stage(toStage);
            return new Result(removed);
        } finally {
            repository.flush();
        }
    }
}
