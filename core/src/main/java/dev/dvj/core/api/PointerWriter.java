package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.workspace.GitIgnoreFile;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes a pointer and its .gitignore line, and stages both. Shared by add, commit, checkout and mv. */
final class PointerWriter {
    private PointerWriter() {
    }

    /**
     * Refuses data whose pointer Git would never commit: the data itself tracked by Git, or its
     * pointer ignored (so "staged" would be untrue, and the version lost). For every command that
     * records a new output: add, import.
     */
    static void requireCommittable(Repository repository, String dataPath) {
        if (repository.scm().tracks(dataPath)) {
            throw DvjException.invalid("'" + dataPath + "' is already tracked by Git; run 'git rm -r --cached "
                    + dataPath + "' first to hand it over to dvj");
        }
        String pointerPath = repository.relative(Outputs.pointerFor(repository.resolve(dataPath)));
        if (repository.scm().ignores(pointerPath)) {
            throw DvjException.invalid("'" + pointerPath + "' would be ignored by Git, so this data version would never be"
                    + " committed; 'git check-ignore -v " + pointerPath + "' shows the rule to change (Git cannot un-ignore a file"
                    + " inside an ignored folder: ignore the folder's contents, 'dir/*', and un-ignore pointers, '!dir/*.dvj')");
        }
    }

    /** Writes the pointer beside the data at {@code dataPath} and returns the paths to stage. */
    static List<String> write(Repository repository, String dataPath, Pointer pointer) {
        return write(repository, dataPath + PointerFormat.SUFFIX, dataPath, pointer);
    }

    /**
     * For a pointer already right on disk: makes sure of its .gitignore line and returns the paths
     * to stage anyway. A run killed after writing them but before staging (or one that found Git's
     * index locked) left them unstaged, and the next run must not call that "unchanged".
     */
    static List<String> restage(Repository repository, String pointerPath, String dataPath) {
        Path data = repository.boundary().writable(dataPath);
        if (!repository.scm().isGit()) {
            return List.of(pointerPath);
        }
        try {
            GitIgnoreFile.add(data.getParent(), data.getFileName().toString());
        } catch (IOException e) {
            throw DvjException.data("cannot write " + data.resolveSibling(GitIgnoreFile.NAME) + ": " + e.getMessage(), e);
        }
        return List.of(pointerPath, repository.relative(data.resolveSibling(GitIgnoreFile.NAME)));
    }

    /** Writes a pointer at {@code pointerPath} describing {@code dataPath}; returns the paths to stage. */
    static List<String> write(Repository repository, String pointerPath, String dataPath, Pointer pointer) {
        Path data = repository.boundary().writable(dataPath);
        Path pointerFile = repository.boundary().writable(pointerPath);
        try {
            AtomicFiles.write(pointerFile, PointerFormat.write(pointer));
            boolean git = repository.scm().isGit();
            if (git) {
                GitIgnoreFile.add(data.getParent(), data.getFileName().toString());
            }
            return git ? List.of(pointerPath, repository.relative(data.resolveSibling(GitIgnoreFile.NAME))) : List.of(pointerPath);
        } catch (IOException e) {
            throw DvjException.data("cannot write " + pointerFile + ": " + e.getMessage(), e);
        }
    }
}
