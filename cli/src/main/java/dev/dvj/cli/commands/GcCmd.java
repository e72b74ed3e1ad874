package dev.dvj.cli.commands;

import dev.dvj.cli.Ages;
import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.HistoryOptions;
import dev.dvj.core.DvjException;
import dev.dvj.core.api.GcCommand;
import dev.dvj.core.sync.ObjectGc;
import dev.dvj.core.api.OutputSelection;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.RemoteDatabases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.time.Duration;
import java.util.List;

@Command(name = "gc", description = {"Delete the objects nothing in the chosen scope needs, from the cache or a remote.",
        "The workspace is always kept; choose what else to keep with -w, -a, -T, -A or --rev; -c for a remote."}, footer = {"", "Examples:",
        "  dvj gc -w --dry-run",
        "  dvj gc -a -T -f",
        "  dvj gc -c -r origin -A -f"})
public final class GcCmd extends BaseCommand {
    @Option(names = {"-w", "--workspace"}, description = "Keep only what the workspace's pointers reference.")
    boolean workspace;

    @Mixin
    HistoryOptions history;

    @Option(names = {"-c", "--cloud"}, description = "Collect garbage on a remote instead of the cache.")
    boolean cloud;

    @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "Remote for -c (default: core.remote).")
    String remoteName;

    @Option(names = "--grace", paramLabel = "AGE", description = {"With -c: keep unreferenced objects written less than",
            "AGE ago (e.g. 3d, 12h, 30m, 0 for none); default gc.grace, else 3d. Another clone may",
            "have just pushed them for a commit this one cannot see yet."})
    String grace;

    @Option(names = "--dry-run", description = "Only list what would be deleted.")
    boolean dryRun;

    @Option(names = {"-f", "--force"}, description = "Delete without asking.")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (!workspace && !history.any()) {
            throw DvjException.invalid("choose what to keep: -w (the workspace), -a (all branches), -T (all tags), "
                    + "-A (all commits) or --rev REV");
        }
        OutputSelection keep = history.selection(List.of());
        try (Repository repository = openRepository()) {
            ObjectGc.Result plan = collect(repository, keep, true);
            if (plan.removed().isEmpty() || dryRun) {
                report(plan);
                return ExitCodes.OK;
            }
            if (!force && !confirmed(plan)) {
                throw DvjException.invalid(plan.removed().size() + " object(s) would be deleted; rerun with -f to delete "
                        + "them (or --dry-run to list them)");
            }
            report(collect(repository, keep, false));
            return ExitCodes.OK;
        }
    }

    private ObjectGc.Result collect(Repository repository, OutputSelection keep, boolean onlyPlan) {
        if (!cloud) {
            return new GcCommand(repository).run(keep, onlyPlan);
        }
        Duration age = Ages.parse(grace != null ? grace : repository.config().get("gc.grace", "3d"),
                grace != null ? "--grace" : "gc.grace");
        try (ObjectDatabase remote = RemoteDatabases.open(repository, remoteName)) {
            return ObjectGc.collectRemote(repository.objects(), remote, keep.resolve(repository), onlyPlan, age,
                    repository.env().clock().instant());
        }
    }

    /** Asks on the terminal; without one (CI, scripts) only -f deletes. */
    private boolean confirmed(ObjectGc.Result plan) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("Delete %d object(s)%s? [y/N] ", plan.removed().size(),
                plan.bytes() >= 0 ? " (" + Format.size(plan.bytes()) + ")" : "");
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }

    private void report(ObjectGc.Result result) {
        if (json) {
            printJson(result);
            return;
        }
        String where = cloud ? "the remote" : "the cache";
        if (result.leftovers() > 0) {
            say("removed " + result.leftovers() + " temp file(s) that interrupted writers left in " + where);
        }
        if (result.recent() > 0) {
            say("kept " + result.recent() + " unreferenced object(s) newer than the grace period (--grace)");
        }
        if (result.packed() > 0) {
            say((result.dryRun() ? "would pack " : "packed ") + result.packed() + " loose object(s) into packs");
        }
        if (result.inPacks() > 0) {
            say("kept " + result.inPacks() + " unreferenced object(s) inside packs that are still mostly referenced"
                    + " (a pack is rewritten once under half of it is)");
        }
        if (result.removed().isEmpty()) {
            say("No object to delete: every " + (result.recent() > 0 ? "older " : "") + "object in " + where
                    + " is referenced (" + result.kept() + " kept).");
            return;
        }
        if (result.dryRun()) {
            result.removed().forEach(id -> say("would delete " + id));
        }
        say((result.dryRun() ? "would delete " : "deleted ") + result.removed().size() + " object(s) from " + where
                + (result.bytes() >= 0 ? " (" + Format.size(result.bytes()) + ")" : "") + "; kept " + result.kept());
    }
}
