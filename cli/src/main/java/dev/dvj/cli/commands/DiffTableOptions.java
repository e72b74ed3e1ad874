package dev.dvj.cli.commands;

import dev.dvj.cli.Format;
import dev.dvj.cli.Table;
import dev.dvj.core.experiments.ExperimentValues;
import dev.dvj.core.experiments.ValueDiff;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What 'params diff' and 'metrics diff' share: the two revisions, --all, and how to print. */
final class DiffTableOptions {
    @Parameters(paramLabel = "REV", arity = "0..2", description = {"Compare A with B: with none, HEAD with the workspace;",
            "with one, that revision with the workspace."})
    List<String> revs = new ArrayList<>();

    @Option(names = "--all", description = "Also list what did not change.")
    boolean all;

    @Option(names = "--md", description = "Print a Markdown table.")
    boolean markdown;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    String a() {
        return revs.isEmpty() ? null : revs.get(0);
    }

    String b() {
        return revs.size() < 2 ? null : revs.get(1);
    }

    /** Prints the changes as a table: Path, the key, one column per revision, and Change when asked. */
    static void print(ExperimentValues.Comparison comparison, String keyColumn, boolean withChange, Integer decimals,
                      boolean markdown, PrintWriter out, PrintWriter err) {
        warn(comparison.a().rev(), comparison.a().errors(), err);
        warn(comparison.b().rev(), comparison.b().errors(), err);
        List<String> header = new ArrayList<>(List.of("Path", keyColumn, comparison.a().rev(), comparison.b().rev()));
        if (withChange) {
            header.add("Change");
        }
        Table table = new Table(header);
        for (ValueDiff.Change change : comparison.changes()) {
            List<String> row = new ArrayList<>(List.of(change.file(), change.key(), Format.value(change.old(), decimals),
                    Format.value(change.now(), decimals)));
            if (withChange) {
                row.add(change.delta() == null ? "-" : Format.value(change.delta(), decimals));
            }
            table.row(row);
        }
        if (!table.isEmpty()) {
            table.print(out, markdown);
        } else if (!markdown) {
            out.println("No " + keyColumn.toLowerCase(java.util.Locale.ROOT) + " changes between " + comparison.a().rev()
                    + " and " + comparison.b().rev() + ".");
            out.flush();
        }
    }

    /** One line per file that could not be read at a revision; the rest of the table still prints. */
    static void warn(String rev, Map<String, String> errors, PrintWriter err) {
        errors.forEach((file, why) -> err.println("dvj: warning: " + file + " at " + rev + ": " + why));
        err.flush();
    }
}
