package dev.dvj.cli;

import dev.dvj.core.SystemEnv;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What every subcommand shares: the global options (given before or after the command name), the
 * writers of the command line, and opening the repository.
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    protected GlobalOptions local;

    @Spec
    protected CommandSpec spec;

    /** The top-level command, however deeply this one is nested (dvj remote add). */
    protected DvjCommand root() {
        return (DvjCommand) spec.root().userObject();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected SystemEnv env() {
        return root().env();
    }

    protected boolean quiet() {
        return local.quiet || root().global().quiet;
    }

    /** The folder dvj runs in: -C if given (relative to the real working folder), else that folder. */
    protected Path workDir() {
        Path base = Path.of("").toAbsolutePath();
        Path dir = local.directory != null ? local.directory : root().global().directory;
        return dir == null ? base : base.resolve(dir).normalize();
    }

    /** A user-supplied path, relative to the working folder. */
    protected Path path(Path given) {
        return workDir().resolve(given).normalize();
    }

    protected Repository openRepository() {
        Repository repository = Repository.open(workDir(), env());
        shownFrom = relativeFolder(repository.root());
        return repository;
    }

    /** Where dvj runs inside the repository (empty at its root), once it is open; null when outside it. */
    private Path shownFrom;

    private Path relativeFolder(Path root) {
        try {
            Path here = workDir().toRealPath();
            Path top = root.toRealPath();
            return here.startsWith(top) ? top.relativize(here) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * A repository-relative path as text output shows it: relative to the folder dvj runs in, as
     * git prints paths ({@code ../data/x.csv} from a subfolder). JSON keeps repository-relative
     * paths, which scripts can join with the root.
     */
    protected String shown(String repoPath) {
        if (shownFrom == null || shownFrom.toString().isEmpty() || repoPath == null) {
            return repoPath;
        }
        String relative = shownFrom.relativize(Path.of(repoPath)).toString().replace(java.io.File.separatorChar, '/');
        String folderMark = repoPath.endsWith("/") && !relative.isEmpty() ? "/" : ""; // diff marks directories
        return relative.isEmpty() ? "." : relative + folderMark;
    }

    /** Prints a line unless -q was given. */
    protected void say(String line) {
        if (!quiet()) {
            out().println(line);
        }
    }

    /** Prints "dvj: warning: ..." to stderr, even with -q: a warning is about the result being wrong. */
    protected void warn(String line) {
        spec.commandLine().getErr().println("dvj: warning: " + line);
    }

    protected void printJson(Object value) {
        out().println(Json.write(value));
    }
}
