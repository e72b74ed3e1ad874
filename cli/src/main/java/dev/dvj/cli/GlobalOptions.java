package dev.dvj.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options every command accepts, before or after its name ({@code dvj -C dir status} and
 * {@code dvj status -C dir} mean the same).
 */
public final class GlobalOptions {
    @Option(names = "-C", paramLabel = "DIR", description = "Run as if dvj was started in DIR.")
    Path directory;

    @Option(names = {"-v", "--verbose"}, description = "Show debugging detail and stack traces of errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors.")
    boolean quiet;
}
