package dev.dvj.core.scm;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What dvj needs from version control: staging the small files it writes, committing, and reading
 * pointer files as they were at any revision. {@link GitScm} is the real one; {@link NoScm} serves
 * repositories initialized with {@code --no-scm}.
 */
public interface Scm extends AutoCloseable {

    boolean isGit();

    /** True when the index tracks this repository-relative path, or any file below it. */
    boolean tracks(String path);

    /**
     * True when Git would ignore this repository-relative path, which need not exist yet, and
     * does not track it already: a file there would never be committed.
     */
    boolean ignores(String path);

    /** Stages these repository-relative paths: existing files are added, missing ones removed. */
    void stage(Collection<String> paths);

    /** True when the index differs from HEAD (or HEAD is unborn and the index is not empty). */
    boolean hasStagedChanges();

    /** Commits the index; returns the new commit's id. */
    String commit(String message);

    /** The full commit id a revision expression names; an unknown revision is invalid input. */
    String resolve(String rev);

    Optional<byte[]> readAt(String rev, String path);

    /** Every file at rev whose path ends with suffix, by repository-relative path. */
    Map<String, byte[]> filesAt(String rev, String suffix);

    /** True once HEAD names a commit (false in a fresh repository). */
    boolean hasCommits();

    /** The commits reachable from rev that changed path (a file), newest first. */
    java.util.List<String> commitsTouching(String path, String rev);

    /** Author, time, subject and the refs naming a commit. */
    CommitInfo describe(String rev);

    /** The commits a history scope covers: every branch tip, every tagged commit, or every commit. */
    java.util.Set<String> commitsIn(HistoryScope scope);

    @Override
    void close();
}
