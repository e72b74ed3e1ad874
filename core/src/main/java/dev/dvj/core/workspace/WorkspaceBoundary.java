package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps dvj's writes and deletes inside the repository. Every folder on the way from the root to
 * a path dvj writes or removes must be a real folder: a symbolic link there, whether a teammate
 * committed it to Git or a user made it to keep data on another disk, would carry the write (or a
 * delete) to wherever it points. dvj itself links only files to cache objects
 * ({@code cache.type: symlink}), never folders, so every folder link is someone else's and is
 * refused. The last component of a path may be a link: dvj replaces it by a rename or removes it,
 * and neither follows it.
 *
 * <p>Folders found real are remembered until {@link #forget} (each command that takes the
 * repository lock starts afresh), so 20,000 files in 100 folders cost 100 checks, not 20,000.
 */
public final class WorkspaceBoundary {
    private final Path root;
    private final Set<Path> realFolders = ConcurrentHashMap.newKeySet();

    public WorkspaceBoundary(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The path of a repository-relative file or folder that dvj is about to write or delete,
     * after checking that every folder above it is a real folder inside the repository.
     */
    public Path writable(String repoPath) {
        Path path = repoPath.isEmpty() ? root : root.resolve(repoPath).normalize();
        if (!path.startsWith(root)) {
            throw outside(repoPath);
        }
        if (!path.equals(root)) {
            requireRealFolder(path.getParent());
        }
        return path;
    }

    /**
     * Refuses a folder that is, or lies under, a symbolic link (up to the repository root), or
     * that lies outside the repository. Folders that do not exist yet pass: dvj creates them real.
     */
    public void requireRealFolder(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw outside(absolute.toString());
        }
        if (realFolders.contains(absolute)) {
            return;
        }
        // Down from the root, so the message names the first link on the way.
        Path current = root;
        for (Path name : root.relativize(absolute)) {
            if (name.toString().isEmpty()) {
                continue; // the root itself
            }
            current = current.resolve(name);
            if (realFolders.contains(current)) {
                continue;
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return; // the rest does not exist yet
            } catch (IOException e) {
                throw DvjException.data("cannot read " + relative(current) + ": " + e.getMessage(), e);
            }
            if (attrs.isSymbolicLink()) {
                throw linked(current);
            }
            if (!attrs.isDirectory()) {
                return; // a file where a folder should be: creating the folder fails with its own error
            }
            realFolders.add(current);
        }
    }

    /** Refuses a path that is itself a symbolic link, where dvj would have to treat it as a folder. */
    public void requireNotLinkedFolder(String repoPath) {
        Path path = writable(repoPath);
        if (Files.isSymbolicLink(path)) {
            throw linked(path);
        }
    }

    /** Forgets which folders were found real: the workspace may have changed since. */
    public void forget() {
        realFolders.clear();
    }

    private DvjException linked(Path link) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            target = "?";
        }
        return DvjException.invalid("refusing to write through '" + relative(link) + "', a symbolic link to " + target
                + ": dvj writes only inside the repository (replace the link with a real folder, or remove it)");
    }

    private DvjException outside(String path) {
        return DvjException.invalid("'" + path + "' is outside the repository " + root);
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }
}
