package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.DvjException;
import dev.dvj.core.experiments.ExperimentValues;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "params", description = {"Compare the params pipeline stages read across revisions."}, footer = {"", "Examples:",
        "  dvj params diff",
        "  dvj params diff v1.0 v2.0"},
        subcommands = ParamsCmd.Diff.class)
public final class ParamsCmd extends BaseCommand {

    @Override
    public Integer call() {
        throw DvjException.invalid("name a subcommand: dvj params diff");
    }

    @Command(name = "diff", description = {"Params whose values differ between two revisions: those dvj.yaml's stages",
            "read (or all of params.yaml when no stage names any)."})
    public static final class Diff extends BaseCommand {
        @Mixin
        DiffTableOptions options;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                ExperimentValues.Comparison comparison = new ExperimentValues(repository)
                        .diff(options.a(), options.b(), false, options.all);
                if (options.json) {
                    printJson(comparison);
                } else {
                    DiffTableOptions.print(comparison, "Param", false, null, options.markdown, out(),
                            spec.commandLine().getErr());
                }
                return ExitCodes.OK;
            }
        }
    }
}
