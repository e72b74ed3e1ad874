package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Table;
import dev.dvj.core.api.ValidateCommand;
import dev.dvj.core.profile.Validation;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

@Command(name = "validate", description = {"Check a version of a table against its schema and list the anomalies.",
        "Missing or unexpected columns, wrong types, values out of range or not allowed, too many",
        "missing values, repeated unique values, duplicate rows. Exit 1 when there are any."},
        footer = {"", "Examples:",
                "  dvj validate data/penguins.csv                the workspace's file, against data/penguins.csv.schema.yaml",
                "  dvj validate data/penguins.csv --rev HEAD --json"})
public final class ValidateCmd extends BaseCommand {
    @Parameters(paramLabel = "PATH", description = "A tracked CSV, TSV or JSON Lines file.")
    Path target;

    @Option(names = "--rev", paramLabel = "REV", description = "The version at this revision (default: the workspace's file).")
    String rev;

    @Option(names = "--schema", paramLabel = "FILE", description = "The schema (default: PATH.schema.yaml).")
    Path schema;

    @Option(names = "--md", description = "Print a Markdown table.")
    boolean markdown;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            ValidateCommand.Result result = new ValidateCommand(repository).validate(path(target), rev,
                    schema == null ? null : path(schema));
            if (json) {
                printJson(result);
            } else if (result.valid()) {
                say(result.path() + " (" + result.version() + ", " + result.rows() + " rows) fits " + result.schema() + ".");
            } else {
                say(result.path() + " (" + result.version() + ", " + result.rows() + " rows) does not fit " + result.schema()
                        + ": " + result.anomalies().size() + " anomal" + (result.anomalies().size() == 1 ? "y" : "ies"));
                Table table = new Table(List.of("Column", "Anomaly", "Detail"));
                for (Validation.Anomaly anomaly : result.anomalies()) {
                    table.row(List.of(anomaly.column() == null ? "(table)" : anomaly.column(),
                            anomaly.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), anomaly.description()));
                }
                table.print(out(), markdown);
            }
            return result.valid() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
        }
    }
}
