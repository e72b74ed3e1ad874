package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.scm.GitObjects;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code dvj exp apply NAME}: brings an experiment into the workspace: the files it changed from
 * its base commit (params, dvj.lock, metrics, code changes it ran with), then the data its
 * dvj.lock names, from the cache. The files are staged in Git, so {@code dvj commit} then
 * records the experiment on the branch.
 */
public final class ExperimentApply {
    private final Repository repository;

    public ExperimentApply(Repository repository) {
        this.repository = repository;
    }

    /** @param files the repository-relative files written or deleted */
    public record Result(Experiment experiment, List<String> files, CheckoutCommand.Result checkout) {
    }

    /**
     * Refuses (conflict, nothing changed) when a file Git tracks or a tracked output has changes
     * not committed or cached that the apply would overwrite, unless {@code force}.
     */
    public Result apply(String name, boolean force) {
        ExperimentStore store = new ExperimentStore(repository);
        Experiment experiment = store.find(name);
        GitObjects git = store.git();
        Map<String, GitObjects.Blob> files = git.changesBetween(experiment.base(), experiment.commit());
        if (!force) {
            refuseUnsavedFiles(git, files);
            refuseUnsavedData();
        }
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, GitObjects.Blob> file : files.entrySet()) {
            Path target = repository.boundary().writable(file.getKey());
            GitObjects.Blob blob = file.getValue();
            try {
                if (blob == null) {
                    Files.deleteIfExists(target);
                } else if (!blob.symlink()) {
                    Files.createDirectories(target.getParent());
                    AtomicFiles.write(target, blob.bytes());
                    if (blob.executable()) {
                        target.toFile().setExecutable(true, false);
                    }
                } else {
                    continue; // a symlink an experiment changed is left for the user to bring over
                }
            } catch (IOException e) {
                throw DvjException.data("cannot write " + target + ": " + e.getMessage(), e);
            }
            written.add(file.getKey());
        }
        // Staged, as repro stages what it writes: 'dvj commit' then records the experiment whole.
        repository.scm().stage(written);
        CheckoutCommand.Result checkout = new CheckoutCommand(repository).run(List.of(), null, true);
        return new Result(experiment, written, checkout);
    }

    /** Files the apply would write that differ from HEAD in the work tree, and from what it would write. */
    private void refuseUnsavedFiles(GitObjects git, Map<String, GitObjects.Blob> files) {
        List<String> unsaved = new ArrayList<>();
        for (Map.Entry<String, GitObjects.Blob> change : git.workTreeChanges().entrySet()) {
            if (!files.containsKey(change.getKey())) {
                continue; // a change the apply does not touch stays as it is
            }
            GitObjects.Blob incoming = files.get(change.getKey());
            boolean same = (incoming == null ? change.getValue() == null
                    : change.getValue() != null && Arrays.equals(incoming.bytes(), change.getValue().bytes()));
            if (!same) {
                unsaved.add(change.getKey());
            }
        }
        if (!unsaved.isEmpty()) {
            throw DvjException.conflict("the workspace has changes not committed to Git: "
                    + String.join(", ", unsaved.subList(0, Math.min(5, unsaved.size())))
                    + (unsaved.size() > 5 ? " and " + (unsaved.size() - 5) + " more" : "")
                    + " (commit or stash them first, or use --force to overwrite); nothing was changed");
        }
    }

    /** Tracked outputs whose workspace data is not in the cache: the checkout after the apply would lose them. */
    private void refuseUnsavedData() {
        try (CheckoutCommand.Pending plan = new CheckoutCommand(repository).prepare(List.of(), null, false, Map.of(),
                java.util.Set.of())) {
            // Planned only to find unsaved data; closing it writes nothing.
        } catch (DvjException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                throw e;
            }
            // Objects missing from the cache concern the current pointers, which the apply replaces.
        }
    }
}
