package dev.dvj.cli;

import dev.dvj.core.DvjException;
import dev.dvj.core.SystemEnv;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Builds the one {@link CommandLine} that both {@link Main} and the tests use: the writers, the
 * mapping of failures to exit codes, and the one-line error format.
 */
public final class CliFactory {
    private CliFactory() {
    }

    public static CommandLine create(SystemEnv env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new DvjCommand(env));
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> e instanceof DvjException d ? ExitCodes.of(d.kind()) : ExitCodes.INTERNAL);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
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

    private static boolean isVerbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("-v")) {
                return true;
            }
        }
        return false;
    }
}
