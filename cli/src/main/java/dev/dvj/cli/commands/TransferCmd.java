package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.Format;
import dev.dvj.cli.HistoryOptions;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.Progress;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.pipeline.RunCache;
import dev.dvj.core.sync.RunCacheTransfer;
import dev.dvj.core.sync.Transfer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** What push, fetch and pull share: targets, the remote, parallelism and the summary line. */
abstract class TransferCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "0..*", description = {"Data paths or pointer files (default: all); fetch and pull also",
            "take a file or folder inside a tracked directory, and move only that part."})
    List<Path> targets = List.of();

    @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "Remote to use (default: core.remote).")
    String remoteName;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Objects to transfer at once (default: 4 per CPU).")
    Integer jobs;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--run-cache", description = {"Also transfer the run-cache: what earlier stage runs produced,",
            "so 'dvj repro' elsewhere can restore outputs instead of rerunning stages."})
    boolean runCache;

    @Mixin
    HistoryOptions history;

    /** The workspace's outputs (or the targets), plus those of the revisions the history options name. */
    List<TrackedOutput> selected(Repository repository) {
        return history.selection(targets.stream().map(this::path).toList()).resolve(repository);
    }

    /**
     * As {@link #selected}, but a target may be a file or folder inside a tracked directory, which
     * then moves only in that part (fetch and pull).
     */
    List<TrackedOutput> selectedReaching(Repository repository) {
        return history.selection(targets.stream().map(this::path).toList()).resolveReaching(repository);
    }

    /** A bar on a terminal, nothing for scripts, --json or -q. */
    Progress progress() {
        return TerminalProgress.forCommand(quiet(), json);
    }

    int jobs() {
        return jobs != null ? jobs : defaultJobs();
    }

    /** Objects moved at once when -j is not given: transfers wait on the network more than on the CPU. */
    static int defaultJobs() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /**
     * A transfer's result as --json prints it: the objects' figures, and the run-cache's when
     * --run-cache was given.
     */
    record Report(@JsonUnwrapped Transfer.Result objects, RunCacheTransfer.Result runCache) {
    }

    /** Moves the run-cache when --run-cache asks for it; null otherwise. */
    RunCacheTransfer.Result transferRunCache(Repository repository, ObjectDatabase remote, boolean push) {
        if (!runCache) {
            return null;
        }
        RunCacheTransfer transfer = new RunCacheTransfer(new RunCache(repository.cache()), new Transfer(repository.objects(), remote, jobs()));
        RunCacheTransfer.Result result = push ? transfer.push() : transfer.fetch();
        if (!json) {
            say(result.entries() + " run-cache entr" + (result.entries() == 1 ? "y" : "ies") + (push ? " pushed" : " fetched")
                    + " (with " + result.objects().transferred() + " object(s) of their outputs), " + result.present()
                    + " already there" + (result.skipped() == 0 ? "" : ", " + result.skipped()
                    + " skipped (outputs no longer in the cache)"));
        }
        return result;
    }

    void summarize(String verb, Transfer.Result result) {
        say(result.transferred() + " object(s) " + verb + " (" + Format.size(result.bytes())
                + (result.repaired() == 0 ? "" : "; " + result.repaired() + " replacing damaged copies") + "), "
                + result.present() + " already there" + (result.missing().isEmpty() ? ""
                : ", " + result.missing().size() + " missing on both sides, e.g. " + result.missing().get(0)));
    }
}
