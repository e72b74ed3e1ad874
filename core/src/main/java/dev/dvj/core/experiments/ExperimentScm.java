package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.scm.CommitInfo;
import dev.dvj.core.scm.HistoryScope;
import dev.dvj.core.scm.Scm;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Version control as an experiment's temporary workspace sees it: history is the repository's,
 * with HEAD meaning the experiment's start commit, and staging only notes which files the run
 * wants in Git; the runner then writes them into the experiment's commit, never into the user's
 * index or branch.
 */
final class ExperimentScm implements Scm {
    private final Scm repository;
    private final String start;
    private final Set<String> tracked;
    private final Set<String> staged = new LinkedHashSet<>();

    /**
     * @param start   the commit the workspace was written from (HEAD inside the workspace)
     * @param tracked the paths that commit holds
     */
    ExperimentScm(Scm repository, String start, Set<String> tracked) {
        this.repository = repository;
        this.start = start;
        this.tracked = tracked;
    }

    /** The paths the run staged, in the order it staged them. */
    synchronized Set<String> staged() {
        return new LinkedHashSet<>(staged);
    }

    private String rev(String rev) {
        return rev == null || rev.equals("HEAD") ? start : rev;
    }

    @Override
    public boolean isGit() {
        return true;
    }

    @Override
    public boolean tracks(String path) {
        if (tracked.contains(path)) {
            return true;
        }
        String prefix = path.isEmpty() ? "" : path + "/";
        return tracked.stream().anyMatch(p -> p.startsWith(prefix));
    }

    @Override
    public boolean ignores(String path) {
        return false;
    }

    @Override
    public synchronized void stage(Collection<String> paths) {
        staged.addAll(paths);
    }

    @Override
    public boolean hasStagedChanges() {
        return false;
    }

    @Override
    public String commit(String message) {
        throw DvjException.invalid("an experiment's workspace is committed by 'dvj exp run', not by its stages");
    }

    @Override
    public String resolve(String rev) {
        return repository.resolve(rev(rev));
    }

    @Override
    public Optional<byte[]> readAt(String rev, String path) {
        return repository.readAt(rev(rev), path);
    }

    @Override
    public Map<String, byte[]> filesAt(String rev, String suffix) {
        return repository.filesAt(rev(rev), suffix);
    }

    @Override
    public boolean hasCommits() {
        return true;
    }

    @Override
    public List<String> commitsTouching(String path, String rev) {
        return repository.commitsTouching(path, rev(rev));
    }

    @Override
    public CommitInfo describe(String rev) {
        return repository.describe(rev(rev));
    }

    @Override
    public Set<String> commitsIn(HistoryScope scope) {
        return repository.commitsIn(scope);
    }

    @Override
    public void close() {
        // The repository's Git stays open: its owner closes it.
    }
}
