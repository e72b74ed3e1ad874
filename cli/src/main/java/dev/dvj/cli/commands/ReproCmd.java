package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.VersionProvider;
import dev.dvj.core.pipeline.ReproCommand;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

@Command(name = "repro", description = {"Run the pipeline stages whose command, deps, params or outputs changed.",
        "Changed since dvj.lock recorded them; in dependency order, recording the results in dvj.lock."}, footer = {"", "Examples:",
        "  dvj repro",
        "  dvj repro train",
        "  dvj repro --dry",
        "  dvj repro -f -s evaluate"})
public final class ReproCmd extends BaseCommand {
    @Parameters(paramLabel = "STAGE", arity = "0..*", description = "Stages to bring up to date, with what they depend on (default: all).")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Run the selected stages even if nothing changed.")
    boolean force;

    @Option(names = {"-s", "--single-item"}, description = "Only the named stages, not the stages they depend on.")
    boolean single;

    @Option(names = "--downstream", description = "The named stages and every stage that depends on them.")
    boolean downstream;

    @Option(names = "--dry", description = "Print what would run, and why, without running anything.")
    boolean dry;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Run up to N independent stages at once (default: 1).")
    int jobs;

    @Option(names = {"-k", "--keep-going"}, description = "After a failure, still run the stages that do not depend on it.")
    boolean keepGoing;

    @Option(names = "--no-run-cache", description = {"Run changed stages even when an earlier run with the same inputs",
            "is in the run-cache (its outputs would otherwise be restored)."})
    boolean noRunCache;

    @Option(names = "--json", description = "Print the result as JSON (stage output goes to stderr).")
    boolean json;

    @Override
    public Integer call() {
        ReproCommand.Options options = new ReproCommand.Options(targets, force, single, downstream, dry, jobs, keepGoing,
                !noRunCache, VersionProvider.version());
        try (Repository repository = openRepository()) {
            ReproCommand.Result result = new ReproCommand(repository).run(options, new Printer());
            if (json) {
                printJson(result);
            } else {
                summarize(result);
            }
            return result.failed() ? ExitCodes.STAGE_FAILED : ExitCodes.OK;
        }
    }

    /** Streams stage output as it comes; with -j above 1 each line says which stage wrote it. */
    private final class Printer implements ReproCommand.Listener {
        @Override
        public synchronized void starting(Stage stage, List<String> reasons) {
            note("Running stage '" + stage.name() + "' (" + String.join(", ", reasons) + "):");
            stage.commands().forEach(c -> note("> " + c));
        }

        @Override
        public synchronized void line(Stage stage, String text, boolean stderr) {
            PrintWriter to = stderr || json ? spec.commandLine().getErr() : out();
            to.println(jobs > 1 ? "[" + stage.name() + "] " + text : text);
            to.flush();
        }

        @Override
        public synchronized void finished(ReproCommand.StageResult result) {
            if (result.outcome() == ReproCommand.Outcome.RESTORED) {
                note("Stage '" + result.stage() + "' (" + String.join(", ", result.reasons())
                        + "): restored its outputs from the run-cache, not running it.");
            }
        }

        @Override
        public synchronized void warning(String text) {
            warn(text);
        }

        private void note(String text) {
            if (!quiet()) {
                PrintWriter to = json ? spec.commandLine().getErr() : out();
                to.println(text);
                to.flush();
            }
        }
    }

    private void summarize(ReproCommand.Result result) {
        PrintWriter err = spec.commandLine().getErr();
        int ran = 0;
        int restored = 0;
        for (ReproCommand.StageResult stage : result.stages()) {
            switch (stage.outcome()) {
                case UP_TO_DATE -> say("Stage '" + stage.stage() + "' is up to date.");
                case WOULD_RUN -> {
                    say("Would run stage '" + stage.stage() + "' (" + String.join(", ", stage.reasons()) + "):");
                    stage.commands().forEach(c -> say("> " + c));
                }
                case RAN -> ran++;
                case RESTORED -> restored++;
                case NOT_RUN -> say("Stage '" + stage.stage() + "' was not run: a stage it depends on failed.");
                case FAILED -> {
                    err.println("dvj: error: " + stage.error());
                    stage.stderrTail().forEach(line -> err.println("  | " + line));
                }
            }
        }
        if (!result.failed() && !dry) {
            if (ran + restored == 0) {
                say("Pipeline is up to date; nothing to run.");
            } else {
                String done = ran == 0 ? "" : "Ran " + ran + " stage(s)";
                if (restored > 0) {
                    done += (ran == 0 ? "Restored " : ", restored ") + restored + " from the run-cache";
                }
                say(done + "; dvj.lock is updated and staged in Git.");
            }
        }
    }
}
