package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.scm.GitHooks;
import dev.dvj.core.scm.GitScm;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.util.List;

/**
 * {@code dvj install}: Git hooks that keep the data in step with Git (see {@link GitHooks}), or
 * with {@code uninstall} their removal.
 */
public final class InstallCommand {
    private final Repository repository;

    public InstallCommand(Repository repository) {
        this.repository = repository;
    }

    public record Result(String folder, List<GitHooks.Change> hooks) {
    }

    /** @param launcher the command the hooks run dvj with (an absolute path, or "dvj" from PATH) */
    public Result run(String launcher, boolean uninstall) {
        if (!(repository.scm() instanceof GitScm git)) {
            throw DvjException.invalid("dvj install writes Git hooks, and " + repository.root() + " is not in a Git repository");
        }
        GitHooks hooks = git.hooks();
        try {
            List<GitHooks.Change> changes = uninstall ? hooks.uninstall() : hooks.install(launcher);
            return new Result(hooks.folder().toString(), changes);
        } catch (IOException e) {
            throw DvjException.data("cannot write the hooks in " + hooks.folder() + ": " + e.getMessage(), e);
        }
    }
}
