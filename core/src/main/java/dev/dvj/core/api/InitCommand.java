package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.scm.GitScm;
import dev.dvj.core.workspace.IgnoreRules;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates {@code .dvj/} at the top of the Git work tree containing a folder (or, with
 * {@code --no-scm}, in the folder itself). The folder is built under a temporary name and renamed
 * at the end, so an interrupted init leaves no half-made repository.
 */
public final class InitCommand {
    static final String CONFIG_HEADER = """
            # dvj project configuration (committed). Secrets belong in config.local.yaml, which Git ignores.
            # See docs/config.md for every key.
            """;
    static final String PRIVATE_FILES = """
            # dvj's private files: never committed
            /cache/
            /tmp/
            /config.local.yaml
            """;
    static final String IGNORE_HEADER = """
            # Paths dvj leaves out of tracked directories, in .gitignore syntax.
            """;

    public record Result(Path root, boolean created, boolean git) {
    }

    private InitCommand() {
    }

    public static Result run(Path dir, SystemEnv env, boolean noScm) {
        Path start = dir.toAbsolutePath().normalize();
        GitScm git = null;
        Path root = start;
        if (!noScm) {
            git = GitScm.find(start).orElseThrow(() -> new DvjException(ErrorKind.NOT_A_REPOSITORY,
                    "not inside a Git work tree: " + start + " (run 'git init' first, or 'dvj init --no-scm')"));
            root = git.workTree().toAbsolutePath().normalize();
        }
        try {
            if (Files.isDirectory(root.resolve(Repository.DVJ_DIR))) {
                return new Result(root, false, git != null);
            }
            createLayout(root, noScm);
            if (git != null) {
                git.stage(List.of(".dvj/config.yaml", ".dvj/.gitignore", IgnoreRules.FILE_NAME));
            }
            return new Result(root, true, git != null);
        } catch (IOException e) {
            throw DvjException.data("cannot create " + root.resolve(Repository.DVJ_DIR) + ": " + e.getMessage(), e);
        } finally {
            if (git != null) {
                git.close();
            }
        }
    }

    private static void createLayout(Path root, boolean noScm) throws IOException {
        Path staging = Files.createTempDirectory(root, ".dvj-init-");
        try {
            String config = CONFIG_HEADER + (noScm ? "core:\n  no_scm: true\n" : "");
            Files.writeString(staging.resolve("config.yaml"), config);
            Files.writeString(staging.resolve(".gitignore"), PRIVATE_FILES);
            Files.createDirectories(staging.resolve("cache"));
            Files.createDirectories(staging.resolve("tmp"));
            Files.move(staging, root.resolve(Repository.DVJ_DIR));
        } finally {
            FileTrees.delete(staging);
        }
        Path ignore = root.resolve(IgnoreRules.FILE_NAME);
        if (!Files.exists(ignore)) {
            AtomicFiles.write(ignore, IGNORE_HEADER);
        }
    }
}
