package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.ReportPage;
import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.report.ReportCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

@Command(name = "report", description = {"Write an HTML report: plots, metrics across commits, experiments, data versions with drift, lineage."},
        footer = {"", "Examples:",
        "  dvj report",
        "  dvj report -o public/report.html"})
public final class ReportCmd extends BaseCommand {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "The page to write (default: dvj_report.html).")
    Path out;

    @Option(names = "--json", description = "Print what the report shows as JSON instead of writing a page.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            ReportCommand.Result report = new ReportCommand(repository).run();
            if (json) {
                printJson(report);
                return ExitCodes.OK;
            }
            Path page = out != null ? path(out) : repository.root().resolve("dvj_report.html");
            try {
                AtomicFiles.write(page, ReportPage.render("dvj report: " + repository.root().getFileName(), report));
            } catch (IOException e) {
                throw DvjException.data("cannot write " + page + ": " + e.getMessage(), e);
            }
            say("wrote the report to " + page + " (" + report.plots().plots().size() + " plot(s), " + report.experiments().size()
                    + " commit(s) and experiment(s), " + report.tables().size() + " table(s))");
            return ExitCodes.OK;
        }
    }
}
