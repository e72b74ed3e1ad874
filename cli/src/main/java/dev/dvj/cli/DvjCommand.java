package dev.dvj.cli;

import dev.dvj.core.SystemEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.dvj.cli.commands.AddCmd;
import dev.dvj.cli.commands.CheckoutCmd;
import dev.dvj.cli.commands.CommitCmd;
import dev.dvj.cli.commands.DagCmd;
import dev.dvj.cli.commands.DiffCmd;
import dev.dvj.cli.commands.InitCmd;
import dev.dvj.cli.commands.LineageCmd;
import dev.dvj.cli.commands.LogCmd;
import dev.dvj.cli.commands.LsCmd;
import dev.dvj.cli.commands.MetricsCmd;
import dev.dvj.cli.commands.MvCmd;
import dev.dvj.cli.commands.ParamsCmd;
import dev.dvj.cli.commands.GcCmd;
import dev.dvj.cli.commands.CompletionCmd;
import dev.dvj.cli.commands.ConfigCmd;
import dev.dvj.cli.commands.PullCmd;
import dev.dvj.cli.commands.PushCmd;
import dev.dvj.cli.commands.FetchCmd;
import dev.dvj.cli.commands.RemoteCmd;
import dev.dvj.cli.commands.ReproCmd;
import dev.dvj.cli.commands.RmCmd;
import dev.dvj.cli.commands.ShowCmd;
import dev.dvj.cli.commands.StageCmd;
import dev.dvj.cli.commands.StatusCmd;
import dev.dvj.cli.commands.UnprotectCmd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "dvj", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Git-like data versioning: big files in a content-addressed cache, small pointers in Git.",
        footer = {"", "Exit codes: 0 ok, 1 differences found, 2 invalid input, 3 not a dvj repository,",
                "4 data error, 5 remote error, 6 conflict (lock held, unsaved changes), 7 a stage failed,",
                "8 Git refused a commit (a hook, signing), 70 internal error.",
                "See docs/cli.md."})
public final class DvjCommand implements Callable<Integer> {
    /** Every subcommand, in the order help lists them. */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private final SystemEnv env;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    public DvjCommand(SystemEnv env) {
        this.env = env;
    }

    public SystemEnv env() {
        return env;
    }

    public GlobalOptions global() {
        return global;
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("init", InitCmd::new);
        all.put("add", AddCmd::new);
        all.put("status", StatusCmd::new);
        all.put("commit", CommitCmd::new);
        all.put("checkout", CheckoutCmd::new);
        all.put("diff", DiffCmd::new);
        all.put("ls", LsCmd::new);
        all.put("show", ShowCmd::new);
        all.put("log", LogCmd::new);
        all.put("rm", RmCmd::new);
        all.put("mv", MvCmd::new);
        all.put("unprotect", UnprotectCmd::new);
        all.put("remote", RemoteCmd::new);
        all.put("push", PushCmd::new);
        all.put("fetch", FetchCmd::new);
        all.put("pull", PullCmd::new);
        all.put("gc", GcCmd::new);
        all.put("stage", StageCmd::new);
        all.put("repro", ReproCmd::new);
        all.put("dag", DagCmd::new);
        all.put("lineage", LineageCmd::new);
        all.put("params", ParamsCmd::new);
        all.put("metrics", MetricsCmd::new);
        all.put("config", ConfigCmd::new);
        all.put("completion", CompletionCmd::new);
        return all;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
