package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Clearing a stage's outputs before it runs, so a stale result can never pass for a new one. */
final class StageOutputs {
    private StageOutputs() {
    }

    /**
     * Deletes an output file or folder. Its content is in the cache if it was ever recorded, so
     * nothing recorded is lost. Symlinks are removed, never followed.
     */
    static void remove(Repository repository, StageOutput out) {
        Path path = repository.boundary().writable(out.path());
        try {
            if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(path);
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw DvjException.data("cannot remove the old " + out.path() + " before running its stage: " + e.getMessage(), e);
        }
    }
}
