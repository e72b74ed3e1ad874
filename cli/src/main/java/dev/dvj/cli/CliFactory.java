package dev.dvj.cli;

import dev.dvj.core.DvjException;
import dev.dvj.core.SystemEnv;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.List;

/**
 * Builds the one {@link CommandLine} that both {@link Main} and the tests use: the writers, the
 * mapping of failures to exit codes, and the one-line error format.
 */
public final class CliFactory {
    private CliFactory() {
    }

    /** A command line with every subcommand, for help, completion and tests of the whole model. */
    public static CommandLine create(SystemEnv env, PrintWriter out, PrintWriter err) {
        return create(env, out, err, null);
    }

    /**
     * A command line for these arguments. Building picocli's model costs about 20 ms per command on
     * a cold JVM, so when the arguments name one known subcommand only that one is registered; for
     * anything else (help, no command, a typo) all are, so help and suggestions stay complete.
     */
    public static CommandLine create(SystemEnv env, PrintWriter out, PrintWriter err, String[] args) {
        skipUnusedConverters();
        CommandLine cli = new CommandLine(new DvjCommand(env));
        String named = args == null ? null : subcommandNamed(args);
        // 'dvj --version' alone prints the version and needs no subcommand at all.
        boolean versionOnly = args != null && args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        for (String name : DvjCommand.SUBCOMMANDS) {
            if (!versionOnly && (named == null || named.equals(name))) {
                cli.addSubcommand(name, DvjCommand.newSubcommand(name));
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> e instanceof DvjException d ? ExitCodes.of(d.kind()) : ExitCodes.INTERNAL);
        cli.setParameterExceptionHandler((e, ignoredArgs) -> {
            CommandLine command = e.getCommandLine();
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && suggest(unmatched, command)) {
                return ExitCodes.INVALID_INPUT;
            }
            command.getErr().println("dvj: error: " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            PrintWriter errors = command.getErr();
            boolean verbose = isVerbose(parseResult);
            if (e instanceof DvjException dvj) {
                errors.println("dvj: error: " + dvj.getMessage());
                if (verbose) {
                    dvj.printStackTrace(errors);
                }
                return ExitCodes.of(dvj.kind());
            }
            errors.println("dvj: internal error: " + e + (verbose ? "" : " (run with -v for details)"));
            if (verbose) {
                e.printStackTrace(errors);
            }
            return ExitCodes.INTERNAL;
        });
        return cli;
    }

    /**
     * A mistyped command or option, answered in git's words with picocli's suggestions:
     * {@code dvj: 'sttaus' is not a dvj command. See 'dvj --help'.} then the most similar ones.
     * False when there is nothing to suggest (the caller prints the plain error).
     */
    static boolean suggest(CommandLine.UnmatchedArgumentException unmatched, CommandLine command) {
        List<String> words = unmatched.getUnmatched();
        List<String> suggestions = unmatched.getSuggestions();
        if (words.isEmpty() || suggestions.isEmpty()) {
            return false;
        }
        String word = words.get(0);
        String name = command.getCommandSpec().qualifiedName();
        boolean option = word.startsWith("-");
        if (!option && command.getSubcommands().isEmpty()) {
            return false; // an extra argument, not a mistyped command
        }
        PrintWriter err = command.getErr();
        err.println(option ? "dvj: error: unknown option '" + word + "'. See '" + name + " --help'."
                : "dvj: '" + word + "' is not a " + name + " command. See '" + name + " --help'.");
        err.println();
        String kind = option ? "option" : "command";
        err.println(suggestions.size() == 1 ? "The most similar " + kind + " is" : "The most similar " + kind + "s are");
        suggestions.forEach(s -> err.println("\t" + s));
        return true;
    }

    /**
     * No dvj option takes a java.time or java.sql type, and picocli registers a converter for each
     * of those by reflection on every start (about 30 of them, loading both packages' classes), so
     * they are left out through picocli's own switch. A value set by the user is kept.
     */
    private static void skipUnusedConverters() {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.time\\..*,java\\.sql\\..*");
        }
    }

    /** The first argument that is not a global option (or -C's value), if it names a subcommand. */
    static String subcommandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-C")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return DvjCommand.SUBCOMMANDS.contains(arg) ? arg : null;
            } else if (!arg.equals("-v") && !arg.equals("--verbose") && !arg.equals("-q") && !arg.equals("--quiet")
                    && !arg.startsWith("-C")) {
                return null;
            }
        }
        return null;
    }

    private static boolean isVerbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("-v")) {
                return true;
            }
        }
        return false;
    }
}
