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
import dev.dvj.cli.commands.InstallCmd;
import dev.dvj.cli.commands.LineageCmd;
import dev.dvj.cli.commands.LogCmd;
import dev.dvj.cli.commands.LsCmd;
import dev.dvj.cli.commands.MetricsCmd;
import dev.dvj.cli.commands.PlotsCmd;
import dev.dvj.cli.commands.ReportCmd;
import dev.dvj.cli.commands.ExpCmd;
import dev.dvj.cli.commands.DriftCmd;
import dev.dvj.cli.commands.SchemaCmd;
import dev.dvj.cli.commands.ValidateCmd;
import dev.dvj.cli.commands.MvCmd;
import dev.dvj.cli.commands.ParamsCmd;
import dev.dvj.cli.commands.FsckCmd;
import dev.dvj.cli.commands.GcCmd;
import dev.dvj.cli.commands.CompletionCmd;
import dev.dvj.cli.commands.ConfigCmd;
import dev.dvj.cli.commands.PullCmd;
import dev.dvj.cli.commands.PushCmd;
import dev.dvj.cli.commands.FetchCmd;
import dev.dvj.cli.commands.GetCmd;
import dev.dvj.cli.commands.ImportCmd;
import dev.dvj.cli.commands.UpdateCmd;
import dev.dvj.cli.commands.RemoteCmd;
import dev.dvj.cli.commands.ReproCmd;
import dev.dvj.cli.commands.RmCmd;
import dev.dvj.cli.commands.ShowCmd;
import dev.dvj.cli.commands.StageCmd;
import dev.dvj.cli.commands.StatusCmd;
import dev.dvj.cli.commands.UnprotectCmd;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "dvj", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
        description = "Git-like data versioning: big files in a content-addressed cache, small pointers in Git.",
        footer = {"", "Exit codes: 0 ok, 1 differences found, 2 invalid input, 3 not a dvj repository,",
                "4 data error, 5 remote error, 6 conflict (lock held, unsaved changes), 7 a stage failed,",
                "8 Git refused a commit (a hook, signing), 70 internal error.",
                "See docs/cli.md."})
public final class DvjCommand implements Callable<Integer> {
    /** Every subcommand's name, in the order help lists them. */
    static final List<String> SUBCOMMANDS = List.of("init", "add", "status", "commit", "checkout", "diff", "ls", "show",
            "log", "rm", "mv", "unprotect", "remote", "push", "fetch", "pull", "get", "import", "update", "gc", "fsck", "stage", "repro", "dag", "lineage",
            "params", "metrics", "plots", "report", "exp", "drift", "schema", "validate", "config", "install", "completion");

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

    /**
     * A new instance of the named subcommand. A switch rather than a table of constructor
     * references: linking 25 of those loaded every command class on every run (about 10 ms).
     */
    static Object newSubcommand(String name) {
        return switch (name) {
            case "init" -> new InitCmd();
            case "add" -> new AddCmd();
            case "status" -> new StatusCmd();
            case "commit" -> new CommitCmd();
            case "checkout" -> new CheckoutCmd();
            case "diff" -> new DiffCmd();
            case "ls" -> new LsCmd();
            case "show" -> new ShowCmd();
            case "log" -> new LogCmd();
            case "rm" -> new RmCmd();
            case "mv" -> new MvCmd();
            case "unprotect" -> new UnprotectCmd();
            case "remote" -> new RemoteCmd();
            case "push" -> new PushCmd();
            case "fetch" -> new FetchCmd();
            case "pull" -> new PullCmd();
            case "get" -> new GetCmd();
            case "import" -> new ImportCmd();
            case "update" -> new UpdateCmd();
            case "gc" -> new GcCmd();
            case "fsck" -> new FsckCmd();
            case "stage" -> new StageCmd();
            case "repro" -> new ReproCmd();
            case "dag" -> new DagCmd();
            case "lineage" -> new LineageCmd();
            case "params" -> new ParamsCmd();
            case "metrics" -> new MetricsCmd();
            case "plots" -> new PlotsCmd();
            case "report" -> new ReportCmd();
            case "exp" -> new ExpCmd();
            case "drift" -> new DriftCmd();
            case "schema" -> new SchemaCmd();
            case "validate" -> new ValidateCmd();
            case "config" -> new ConfigCmd();
            case "install" -> new InstallCmd();
            case "completion" -> new CompletionCmd();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
