package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.PlotImages;
import dev.dvj.cli.PlotsPage;
import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.plots.PlotsCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "plots", description = {"Draw the plots files pipeline stages write, now or across revisions, as an HTML page."},
        footer = {"", "Examples:",
        "  dvj plots show",
        "  dvj plots show loss.csv -x step -y loss -o loss.html",
        "  dvj plots diff HEAD~1 workspace"},
        subcommands = {PlotsCmd.Show.class, PlotsCmd.Diff.class})
public final class PlotsCmd extends BaseCommand {

    @Override
    public Integer call() {
        throw DvjException.invalid("name a subcommand: dvj plots show, dvj plots diff");
    }

    /** What show and diff share: the fields, the page written, JSON. */
    abstract static class Drawing extends BaseCommand {
        @Option(names = {"-x"}, paramLabel = "FIELD", description = "The field on the x axis (default: step or epoch, else the row number).")
        String x;

        @Option(names = {"-y"}, paramLabel = "FIELD", description = "A field to draw (repeatable; default: every numeric field).")
        List<String> y = new ArrayList<>();

        @Option(names = {"-t", "--template"}, paramLabel = "NAME", description = {"How to draw: linear (default), simple, smooth,",
                "scatter, bar_horizontal, confusion, confusion_normalized (x actual, y predicted)."})
        String template;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "The page to write (default: dvj_plots/index.html).")
        Path out;

        @Option(names = "--json", description = "Print the series as JSON instead of writing a page.")
        boolean json;

        @Option(names = "--no-images", description = "Write only the page, not a PNG and an SVG image of each plot beside it.")
        boolean noImages;

        Integer draw(Repository repository, PlotsCommand.Result result, String title) {
            if (json) {
                printJson(result);
                return ExitCodes.OK;
            }
            Path page = out != null ? path(out) : repository.root().resolve("dvj_plots").resolve("index.html");
            try {
                AtomicFiles.write(page, PlotsPage.render(title, result));
            } catch (IOException e) {
                throw DvjException.data("cannot write " + page + ": " + e.getMessage(), e);
            }
            say("wrote " + result.plots().size() + " plot(s) to " + page);
            if (!noImages) {
                List<Path> images = PlotImages.write(result, page.toAbsolutePath().getParent());
                say("wrote " + images.size() + " image(s) beside it (PNG and SVG)");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = {"Draw plots files as they are in the workspace."})
    public static final class Show extends Drawing {
        @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Plots files (default: every plots: output in dvj.yaml).")
        List<String> targets = new ArrayList<>();

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                return draw(repository, new PlotsCommand(repository).show(targets, x, y, template), "dvj plots");
            }
        }
    }

    @Command(name = "diff", description = {"Draw plots files at several revisions on the same charts, one line per field and revision."})
    public static final class Diff extends Drawing {
        @Parameters(paramLabel = "REV", arity = "0..*", description = {"Revisions, 'workspace' for the workspace",
                "(default: HEAD and the workspace)."})
        List<String> revs = new ArrayList<>();

        @Option(names = "--targets", paramLabel = "FILE", split = ",", description = "Only these plots files.")
        List<String> targets = new ArrayList<>();

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                List<String> chosen = revs.isEmpty() ? List.of("HEAD", "workspace") : revs;
                return draw(repository, new PlotsCommand(repository).diff(targets, chosen, x, y, template), "dvj plots diff " + String.join(" ", chosen));
            }
        }
    }
}
