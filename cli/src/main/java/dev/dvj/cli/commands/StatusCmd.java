package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.HistoryOptions;
import dev.dvj.core.DvjException;
import dev.dvj.core.api.FileChanges;
import dev.dvj.core.api.StatusCommand;
import dev.dvj.core.pipeline.PipelineStatus;
import dev.dvj.core.api.StatusCommand.OutputStatus;
import dev.dvj.core.api.StatusCommand.State;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.dvj.core.workspace.TrackedOutput;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.RemoteDatabases;
import dev.dvj.core.sync.Transfer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "status", description = {"Compare tracked data with its pointers.",
        "Exit status: 0 when everything matches, 1 when anything differs."}, footer = {"", "Examples:",
        "  dvj status",
        "  dvj status -c",
        "  dvj status data/images --json"})
public final class StatusCmd extends BaseCommand {
    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Data paths or pointer files (default: all).")
    List<Path> targets = List.of();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = {"-c", "--cloud"}, description = {"Compare the cache with a remote instead: which outputs are",
            "not pushed (exit 1), only on the remote, or missing on both."})
    boolean cloud;

    @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "Remote for -c (default: core.remote).")
    String remoteName;

    @Option(names = "--verify", description = {"With -c: read back every object on the remote and check its hash",
            "(sizes are always checked). Costs a download of all of it."})
    boolean verify;

    @Mixin
    HistoryOptions history;

    @Override
    public Integer call() {
        if (cloud) {
            return cloudStatus();
        }
        if (history.any()) {
            throw DvjException.invalid("--rev, -a, -T and -A compare data versions with a remote: use them with -c");
        }
        try (Repository repository = openRepository()) {
            StatusCommand.Result result = new StatusCommand(repository).run(targets.stream().map(this::path).toList());
            if (json) {
                printJson(new Report(result.clean(), result.outputs(), result.stages()));
            } else {
                render(result);
            }
            return result.clean() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
        }
    }

    /** Where an output's objects are, compared with a remote. */
    enum CloudState {
        IN_SYNC, NOT_PUSHED, NOT_FETCHED, MISSING
    }

    /**
     * @param oid     the data version compared (an output appears once per version with --rev, -a, -T, -A)
     * @param damaged objects the remote holds with the wrong size or bytes (counted as not on it)
     */
    record CloudOutput(String path, String oid, CloudState state, int localOnly, int remoteOnly, int missing, int damaged) {
    }

    record CloudReport(String remote, boolean pushed, List<CloudOutput> outputs) {
    }

    private Integer cloudStatus() {
        try (Repository repository = openRepository(); ObjectDatabase remote = RemoteDatabases.open(repository, remoteName)) {
            Transfer transfer = new Transfer(repository.objects(), remote, 4 * Runtime.getRuntime().availableProcessors());
            List<TrackedOutput> selected = history.selection(targets.stream().map(this::path).toList()).resolve(repository);
            boolean versions = history.any();
            List<Transfer.Comparison> comparisons = transfer.compare(selected, verify);
            List<CloudOutput> outputs = new ArrayList<>();
            for (int i = 0; i < selected.size(); i++) {
                TrackedOutput output = selected.get(i);
                Transfer.Comparison c = comparisons.get(i);
                CloudState state = !c.neither().isEmpty() ? CloudState.MISSING : !c.localOnly().isEmpty()
                        ? CloudState.NOT_PUSHED : !c.remoteOnly().isEmpty() ? CloudState.NOT_FETCHED : CloudState.IN_SYNC;
                String oid = output.pointer().oid() == null ? null : output.pointer().oid().toString();
                outputs.add(new CloudOutput(output.dataPath(), oid, state, c.localOnly().size(), c.remoteOnly().size(),
                        c.neither().size(), c.damaged().size()));
            }
            boolean pushed = outputs.stream().allMatch(o -> o.state() == CloudState.IN_SYNC || o.state() == CloudState.NOT_FETCHED);
            if (json) {
                printJson(new CloudReport(remote.name(), pushed, outputs));
            } else {
                for (CloudOutput o : outputs) {
                    String detail = switch (o.state()) {
                        case IN_SYNC -> "";
                        case NOT_PUSHED -> "  (" + o.localOnly() + " object(s) only in the cache)";
                        case NOT_FETCHED -> "  (" + o.remoteOnly() + " object(s) only on the remote)";
                        case MISSING -> "  (" + o.missing() + " object(s) neither in the cache nor on the remote)";
                    };
                    String damage = o.damaged() == 0 ? "" : "  (" + o.damaged() + " object(s) damaged on the remote: "
                            + (o.state() == CloudState.MISSING ? "no good copy is in this cache" : "'dvj push' replaces them") + ")";
                    say(String.format("  %-12s %s%s%s", o.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ":",
                            shown(o.path()) + (versions && o.oid() != null ? " @" + o.oid().substring(0, 8) : ""), detail, damage));
                }
                say(pushed ? "Everything is pushed to " + remote.name() + "." : "Some data is not pushed to " + remote.name()
                        + " (use 'dvj push').");
            }
            return pushed ? ExitCodes.OK : ExitCodes.DIFFERENCES;
        }
    }

    private void renderStages(List<PipelineStatus.StageStatus> stages) {
        if (stages.stream().noneMatch(PipelineStatus.StageStatus::changed)) {
            return;
        }
        say("Pipeline stages that 'dvj repro' would run:");
        for (PipelineStatus.StageStatus stage : stages) {
            if (stage.changed()) {
                say("  " + stage.stage() + ": " + String.join(", ", stage.reasons()));
            }
        }
    }

    /** The JSON shape: {@code clean} first so scripts need not count. */
    record Report(boolean clean, List<OutputStatus> outputs, List<PipelineStatus.StageStatus> stages) {
    }

    private void render(StatusCommand.Result result) {
        if (result.clean()) {
            say(result.outputs().isEmpty() && result.stages().isEmpty() ? "No data is tracked yet; add some with 'dvj add PATH'."
                    : result.stages().isEmpty() ? "Data and pointers are up to date." : "Data, pointers and pipeline are up to date.");
            return;
        }
        renderStages(result.stages());
        if (result.outputs().stream().allMatch(o -> o.state() == State.UNCHANGED)) {
            return;
        }
        say("Tracked data that differs from its pointers:");
        for (OutputStatus status : result.outputs()) {
            if (status.state() == State.UNCHANGED) {
                continue;
            }
            String label = switch (status.state()) {
                case MODIFIED -> "modified:";
                case OUTDATED -> "outdated:";
                case DELETED -> "deleted:";
                case NEW -> "new:";
                case NOT_IN_CACHE -> "not in cache:";
                case PARTIAL -> "partial:";
                case UNCHANGED -> "";
            };
            FileChanges files = status.files();
            String detail = files == null ? "" : "  (" + files.added().size() + " added, " + files.modified().size()
                    + " modified, " + files.deleted().size() + " deleted)";
            say(String.format("  %-14s %s%s", label, shown(status.path()), detail));
            if (files != null) {
                files.added().forEach(f -> say("      added:     " + shown(status.path() + "/" + f)));
                files.modified().forEach(f -> say("      modified:  " + shown(status.path() + "/" + f)));
                files.deleted().forEach(f -> say("      deleted:   " + shown(status.path() + "/" + f)));
            }
        }
        boolean outdated = result.outputs().stream().anyMatch(o -> o.state() == State.OUTDATED);
        boolean partial = result.outputs().stream().anyMatch(o -> o.state() == State.PARTIAL);
        if (partial) {
            say("(partial: only a path inside it was pulled or checked out; 'dvj checkout PATH' brings the rest,"
                    + " and 'dvj commit' will not record it until then)");
        }
        boolean edited = result.outputs().stream().anyMatch(o -> o.state() == State.MODIFIED || o.state() == State.DELETED);
        if (outdated) {
            say("(outdated: the pointer changed, e.g. by 'git checkout', and the data holds another recorded version;"
                    + " use 'dvj checkout' to bring the data in line)");
        }
        if (edited || (!outdated && !partial)) {
            say("(use 'dvj commit' to record changes, 'dvj checkout' to restore the recorded data)");
        }
    }
}
