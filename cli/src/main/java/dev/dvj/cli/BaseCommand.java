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
        return Repository.open(workDir(), env());
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
