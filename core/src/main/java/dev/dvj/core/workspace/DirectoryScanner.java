package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the regular files under a directory with their stat: one stat call per entry, which also
 * yields the executable bit. Skips {@code .git}, {@code .dvj} and what {@code .dvjignore} excludes;
 * follows symbolic links to files (a symlink checkout points into the cache) but not to folders.
 */
public final class DirectoryScanner {
    private final Repository repository;

    public DirectoryScanner(Repository repository) {
        this.repository = repository;
    }

    public List<ScannedFile> scan(Path directory) {
        List<ScannedFile> files = new ArrayList<>();
        walk(directory, repository.relative(directory), "", files);
        return files;
    }

    private void walk(Path dir, String repoPrefix, String relPrefix, List<ScannedFile> files) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String repoPath = repoPrefix + "/" + name;
                BasicFileAttributes attrs = FileStat.attributes(entry, false);
                if (attrs.isSymbolicLink()) {
                    if (!Files.exists(entry)) {
                        throw DvjException.data("broken symbolic link " + entry);
                    }
                    attrs = FileStat.attributes(entry, true);
                    if (attrs.isDirectory()) {
                        continue;
                    }
                }
                if (attrs.isDirectory()) {
                    if (!name.equals(".git") && !name.equals(Repository.DVJ_DIR)
                            && !repository.ignore().isIgnored(repoPath, true)) {
                        walk(entry, repoPath, relPrefix + name + "/", files);
                    }
                } else if (attrs.isRegularFile() && !repository.ignore().isIgnored(repoPath, false)) {
                    files.add(new ScannedFile(relPrefix + name, entry, FileStat.of(attrs)));
                }
            }
        } catch (IOException e) {
            throw DvjException.data("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
