package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.workspace.Linker;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code dvj unprotect}: makes tracked data safe to edit in place. With {@code cache.type}
 * hardlink or symlink a workspace file shares its bytes with the cached object, so an in-place
 * edit (which root can make despite the read-only mode) would change the cached version too;
 * this replaces each such file with a writable copy of its own. The content, and so the pointer,
 * stays the same; the next {@code dvj add} or {@code commit} links the files again.
 */
public final class UnprotectCommand {
    private final Repository repository;

    public UnprotectCommand(Repository repository) {
        this.repository = repository;
    }

    /** @param filesCopied how many files got bytes of their own (0: none was linked) */
    public record Unprotected(String path, int filesCopied) {
    }

    public record Result(List<Unprotected> outputs) {
    }

    public Result run(List<Path> targets) {
        if (targets.isEmpty()) {
            throw DvjException.invalid("name the tracked files or directories to make editable");
        }
        try (RepositoryLock lock = repository.lock()) {
            List<TrackedOutput> selected = new ArrayList<>();
            for (Path target : targets) {
                PathArguments.requireTrackable(repository, target);
                selected.add(new Outputs(repository).forTarget(target));
            }
            List<Unprotected> results = new ArrayList<>();
            for (TrackedOutput output : selected) {
                results.add(new Unprotected(output.dataPath(), unprotect(output)));
            }
            return new Result(results);
        } finally {
            repository.flush();
        }
    }

    private int unprotect(TrackedOutput output) {
        Path data = repository.boundary().writable(output.dataPath());
        if (!Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
            throw DvjException.invalid("'" + output.dataPath() + "' is not in the workspace (run 'dvj checkout' first)");
        }
        List<Path> files;
        if (Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(data)) { // does not follow links to folders
                files = walk.filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS))
                        .filter(f -> !AtomicFiles.isTempName(f.getFileName().toString())).toList();
            } catch (IOException e) {
                throw DvjException.data("cannot read " + output.dataPath() + ": " + e.getMessage(), e);
            }
        } else {
            files = List.of(data);
        }
        int copied = 0;
        for (Path file : files) {
            try {
                // A new inode: the state cache no longer vouches for it, and status hashes it once.
                copied += Linker.makeIndependent(file) ? 1 : 0;
            } catch (IOException e) {
                throw DvjException.data("cannot make " + repository.relative(file) + " editable: " + e.getMessage(), e);
            }
        }
        return copied;
    }
}
