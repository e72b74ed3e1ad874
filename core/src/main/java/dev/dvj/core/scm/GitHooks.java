package dev.dvj.core.scm;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.TempFiles;
import dev.dvj.core.workspace.WorkspaceBoundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The Git hooks {@code dvj install} writes, as DVC's {@code dvc install} does: after a branch
 * checkout the data follows ({@code dvj checkout}), before a commit {@code dvj status} shows what
 * is not recorded, before a push the data goes to the default remote first ({@code dvj push}, and a
 * failed data push stops the Git push).
 *
 * <p>A hook already there is kept: it is renamed {@code <hook>.dvj-chained} (Git runs only the
 * exact hook names) and dvj's hook runs it first, with the same arguments and input, stopping
 * when it fails. {@link #uninstall} puts it back. Hooks go only to a folder inside the repository
 * or its Git folder, with no symbolic link on the way: a {@code core.hooksPath} elsewhere is
 * refused, as dvj never writes outside the repository.
 */
public final class GitHooks {
    public static final List<String> NAMES = List.of("post-checkout", "pre-commit", "pre-push");
    static final String MARK = "# Installed by dvj install";
    static final String CHAINED_SUFFIX = ".dvj-chained";

    /** What happened to one hook. */
    public enum Action { INSTALLED, UPDATED, CHAINED, REMOVED, RESTORED, ABSENT }

    public record Change(String hook, Action action, Path file) {
    }

    private final Path folder;

    private GitHooks(Path folder) {
        this.folder = folder;
    }

    /**
     * The hooks folder of a repository: {@code core.hooksPath} (relative to the work tree), else
     * {@code <git dir>/hooks}; refused unless it lies inside the work tree or the Git folder with
     * no symbolic link on the way.
     */
    public static GitHooks of(Path workTree, Path gitDir, String hooksPath) {
        Path folder = hooksPath == null || hooksPath.isBlank() ? gitDir.resolve("hooks")
                : workTree.resolve(hooksPath.startsWith("~/") ? System.getProperty("user.home") + hooksPath.substring(1) : hooksPath);
        folder = folder.toAbsolutePath().normalize();
        Path base = folder.startsWith(gitDir.toAbsolutePath().normalize()) ? gitDir.toAbsolutePath().normalize()
                : folder.startsWith(workTree.toAbsolutePath().normalize()) ? workTree.toAbsolutePath().normalize() : null;
        if (base == null) {
            throw DvjException.invalid("core.hooksPath points outside this repository (" + folder
                    + "); dvj install writes only inside it: install the hooks there by hand, or unset core.hooksPath");
        }
        new WorkspaceBoundary(base).requireRealFolder(folder);
        return new GitHooks(folder);
    }

    public Path folder() {
        return folder;
    }

    /** Writes (or rewrites) dvj's hooks, each calling {@code launcher}, chaining any other hook there. */
    public List<Change> install(String launcher) throws IOException {
        Files.createDirectories(folder);
        List<Change> changes = new ArrayList<>();
        for (String name : NAMES) {
            Path hook = folder.resolve(name);
            Action action = Action.INSTALLED;
            if (Files.exists(hook, LinkOption.NOFOLLOW_LINKS)) {
                if (isOurs(hook)) {
                    action = Action.UPDATED;
                } else {
                    Path chained = folder.resolve(name + CHAINED_SUFFIX);
                    if (Files.exists(chained, LinkOption.NOFOLLOW_LINKS)) {
                        throw DvjException.conflict(hook + " is not dvj's, and " + chained + " already exists: "
                                + "move one of them away, then run dvj install again; nothing was changed for " + name);
                    }
                    Files.move(hook, chained, StandardCopyOption.ATOMIC_MOVE);
                    action = Action.CHAINED;
                }
            }
            writeExecutable(hook, script(name, launcher));
            changes.add(new Change(name, action, hook));
        }
        return changes;
    }

    /** Removes dvj's hooks and puts back the hooks they chained; leaves other hooks alone. */
    public List<Change> uninstall() throws IOException {
        List<Change> changes = new ArrayList<>();
        for (String name : NAMES) {
            Path hook = folder.resolve(name);
            if (!Files.exists(hook, LinkOption.NOFOLLOW_LINKS) || !isOurs(hook)) {
                changes.add(new Change(name, Action.ABSENT, hook));
                continue;
            }
            Path chained = folder.resolve(name + CHAINED_SUFFIX);
            if (Files.exists(chained, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(chained, hook, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                changes.add(new Change(name, Action.RESTORED, hook));
            } else {
                Files.delete(hook);
                changes.add(new Change(name, Action.REMOVED, hook));
            }
        }
        return changes;
    }

    private static boolean isOurs(Path hook) throws IOException {
        if (Files.isSymbolicLink(hook) || !Files.isRegularFile(hook)) {
            return false;
        }
        byte[] head = new byte[512];
        int length;
        try (var in = Files.newInputStream(hook)) {
            length = in.readNBytes(head, 0, head.length);
        }
        return new String(head, 0, length, StandardCharsets.UTF_8).contains(MARK);
    }

    /** The hook's shell script: the chained hook first, then dvj. */
    static String script(String name, String launcher) {
        String dvj = shellQuote(launcher);
        String body = switch (name) {
            // Only a branch checkout (flag 1) moves HEAD; a checkout of files leaves the data as it is.
            case "post-checkout" -> "[ \"$3\" = 1 ] || exit 0\nexec " + dvj + " checkout\n";
            // Shows what is changed but not recorded; never stops the commit.
            case "pre-commit" -> dvj + " status || true\n";
            // The data goes first: a commit pushed without its data could not be pulled.
            case "pre-push" -> "exec " + dvj + " push\n";
            default -> throw new IllegalArgumentException(name);
        };
        return "#!/bin/sh\n"
                + MARK + " (" + name + "); 'dvj install --uninstall' removes it and puts back any hook it chained.\n"
                + "chained=\"$0" + CHAINED_SUFFIX + "\"\n"
                + "if [ -x \"$chained\" ]; then \"$chained\" \"$@\" || exit $?; fi\n"
                + body;
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Made executable before it is renamed into place: Git skips a hook it finds not executable. */
    private static void writeExecutable(Path hook, String script) throws IOException {
        Path temp = AtomicFiles.tempBeside(hook);
        try {
            Files.writeString(temp, script, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                temp.toFile().setExecutable(true);
            }
            AtomicFiles.replace(temp, hook);
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }
}
