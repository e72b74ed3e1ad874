package dev.dvj.core.scm;

import dev.dvj.core.DvjException;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Version control for a repository without Git: nothing to stage, no history to read. */
public final class NoScm implements Scm {

    @Override
    public boolean isGit() {
        return false;
    }

    @Override
    public boolean tracks(String path) {
        return false;
    }

    @Override
    public boolean ignores(String path) {
        return false;
    }

    @Override
    public void stage(Collection<String> paths) {
        // Nothing tracks these files but dvj itself.
    }

    @Override
    public boolean hasStagedChanges() {
        return false;
    }

    @Override
    public String commit(String message) {
        throw noHistory();
    }

    @Override
    public String resolve(String rev) {
        throw noHistory();
    }

    @Override
    public Optional<byte[]> readAt(String rev, String path) {
        throw noHistory();
    }

    @Override
    public Map<String, byte[]> filesAt(String rev, String suffix) {
        throw noHistory();
    }

    @Override
    public java.util.List<String> commitsTouching(String path, String rev) {
        throw noHistory();
    }

    @Override
    public boolean hasCommits() {
        return false;
    }

    @Override
    public CommitInfo describe(String rev) {
        throw noHistory();
    }

    @Override
    public java.util.Set<String> commitsIn(HistoryScope scope) {
        throw noHistory();
    }

    private static DvjException noHistory() {
        return DvjException.invalid("this repository was initialized with --no-scm: it has no Git history to read");
    }

    @Override
    public void close() {
    }
}
