package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.DvjException;
import dev.dvj.core.api.ValidateCommand;
import dev.dvj.core.profile.TableSchema;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "schema", description = {"Write a table's expectations, to check its versions against with 'dvj validate'."}, footer = {"", "Examples:",
        "  dvj schema infer data/penguins.csv"},
        subcommands = SchemaCmd.Infer.class)
public final class SchemaCmd extends BaseCommand {

    @Override
    public Integer call() {
        throw DvjException.invalid("name a subcommand: dvj schema infer");
    }

    @Command(name = "infer", description = {"Write the schema one version of a table satisfies, as editable YAML.",
            "Types, required columns, numeric ranges, allowed values, missing shares, uniqueness and",
            "duplicate rows, as tight as that version's figures: loosen what may vary."},
            footer = {"", "Examples:",
                    "  dvj schema infer data/penguins.csv              writes data/penguins.csv.schema.yaml",
                    "  dvj schema infer data/penguins.csv --rev v1 -o schemas/penguins.yaml"})
    public static final class Infer extends BaseCommand {
        @Parameters(paramLabel = "PATH", description = "A tracked CSV, TSV or JSON Lines file.")
        Path target;

        @Option(names = "--rev", paramLabel = "REV", description = "The version at this revision (default: the workspace's file).")
        String rev;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default: PATH.schema.yaml).")
        Path output;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                Path data = path(target);
                Path out = output != null ? path(output)
                        : repository.resolve(ValidateCommand.defaultSchema(repository.relative(data)));
                TableSchema schema = new ValidateCommand(repository).infer(data, rev, out);
                say("Wrote " + repository.relative(out) + " (" + schema.columns().size() + " columns); edit it, commit it, and"
                        + " check versions with 'dvj validate " + repository.relative(data) + "'.");
                return ExitCodes.OK;
            }
        }
    }
}
