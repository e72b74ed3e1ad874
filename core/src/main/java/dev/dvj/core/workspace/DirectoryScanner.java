package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the regular files under a directory with their stat, in one walk that reuses the attributes
 * the walk already read. Skips {@code .git}, {@code .dvj} and what {@code .dvjignore} excludes;
 * follows symbolic links to files (a symlink checkout points into the cache) but not to folders.
 */
public final class DirectoryScanner {
    private final Repository repository;

    public DirectoryScanner(Repository repository) {
        this.repository = repository;
    }

    public List<ScannedFile> scan(Path directory) {
        String base = repository.relative(directory);
        List<ScannedFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(directory)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    if (name.equals(".git") || name.equals(Repository.DVJ_DIR)
                            || repository.ignore().isIgnored(repoPath(dir), true)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    BasicFileAttributes target = attrs;
                    if (attrs.isSymbolicLink()) {
                        if (!Files.exists(file)) {
                            throw DvjException.data("broken symbolic link " + file);
                        }
                        target = Files.readAttributes(file, BasicFileAttributes.class);
                    }
                    if (!target.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    String inRepo = repoPath(file);
                    if (!repository.ignore().isIgnored(inRepo, false)) {
                        files.add(new ScannedFile(inRepo.substring(base.length() + 1), file, FileStat.of(target)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    throw DvjException.data("cannot read " + file + ": " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw DvjException.data("cannot scan " + directory + ": " + e.getMessage(), e);
        }
        return files;
    }

    private String repoPath(Path path) {
        return repository.relative(path);
    }
}
