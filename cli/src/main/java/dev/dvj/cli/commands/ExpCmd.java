package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.VersionProvider;
import dev.dvj.core.DvjException;
import dev.dvj.core.experiments.Experiment;
import dev.dvj.core.experiments.ExperimentApply;
import dev.dvj.core.experiments.ExperimentRunner;
import dev.dvj.core.experiments.ExperimentSharing;
import dev.dvj.core.experiments.ExperimentStore;
import dev.dvj.core.experiments.ExperimentValues;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.odb.RemoteDatabases;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.experiments.ParamOverride;
import dev.dvj.core.pipeline.ReproCommand;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "exp", description = {"Run pipeline variants as experiments beside your branch, compare them and apply the best."}, footer = {"", "Examples:",
        "  dvj exp run -S train.lr=0.01",
        "  dvj exp show --sort-by acc",
        "  dvj exp apply NAME"},
        subcommands = {ExpCmd.Run.class, ExpShowCmd.class, ExpCmd.Diff.class, ExpCmd.Apply.class, ExpCmd.Branch.class,
                ExpCmd.Remove.class, ExpCmd.Push.class, ExpCmd.Pull.class})
public final class ExpCmd extends BaseCommand {

    @Override
    public Integer call() {
        throw DvjException.invalid("name a subcommand: dvj exp run, show, diff, apply, branch, remove, push or pull");
    }

    @Command(name = "run", description = {"Run the pipeline with changed params as experiments, beside your branch.",
            "Each runs in a temporary workspace sharing the cache and is recorded as a commit under",
            "refs/exps/; your branch, index and files stay as they are."},
            footer = {"", "Examples:",
                    "  dvj exp run -S train.lr=0.01                 one experiment",
                    "  dvj exp run -S train.lr=0.1,0.01 -S train.depth=3,5 -j 2   a grid of 4, two at a time",
                    "  dvj exp run --queue -S train.seed=1,2,3       record three, run later",
                    "  dvj exp run --run-all -j 2                    run everything queued"})
    public static final class Run extends BaseCommand {
        @Parameters(paramLabel = "STAGE", arity = "0..*", description = "Stages to reproduce, with what they depend on (default: all).")
        List<String> stages = new ArrayList<>();

        @Option(names = {"-S", "--set-param"}, paramLabel = "[FILE:]KEY=VALUE",
                description = {"Set a param (FILE defaults to params.yaml). Comma-separated values make a grid:",
                        "one experiment per combination of all -S options."})
        List<String> set = new ArrayList<>();

        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Name the experiment (a grid's get -1, -2, ...).")
        String name;

        @Option(names = "--queue", description = "Record the experiments without running them (run them with --run-all).")
        boolean queue;

        @Option(names = "--run-all", description = "Run every queued experiment.")
        boolean runAll;

        @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
                description = "Run up to N experiments at once, each in its own workspace (default: 1).")
        int jobs;

        @Option(names = "--seed-param", paramLabel = "KEY", description = {"Give each experiment a fresh random value of this",
                "param ([FILE:]KEY), recorded with it: repeated runs of one setting then differ only by seed."})
        String seedParam;

        @Option(names = "--json", description = "Print the experiments as JSON (stage output goes to stderr).")
        boolean json;

        @Override
        public Integer call() {
            if (jobs < 1) {
                throw DvjException.invalid("-j " + jobs + ": run at least one experiment at a time");
            }
            if (runAll && (!set.isEmpty() || queue || name != null || !stages.isEmpty() || seedParam != null)) {
                throw DvjException.invalid("--run-all runs what is queued already; queue new experiments without it");
            }
            try (Repository repository = openRepository()) {
                ExperimentRunner runner = new ExperimentRunner(repository);
                List<Experiment> experiments;
                if (runAll) {
                    experiments = runner.runQueued(List.of(), jobs, VersionProvider.version(), new Printer());
                    if (experiments.isEmpty()) {
                        say("No queued experiments.");
                    }
                } else {
                    ExperimentRunner.Request request = new ExperimentRunner.Request(set, name, stages, seedParam);
                    experiments = queue ? runner.queue(request)
                            : runner.run(request, jobs, VersionProvider.version(), new Printer());
                }
                if (json) {
                    printJson(experiments.stream().map(ExpCmd::json).toList());
                } else if (queue) {
                    experiments.forEach(e -> say("Queued experiment " + e.name() + describe(e) + "."));
                    say("Run them with 'dvj exp run --run-all'.");
                } else if (!experiments.isEmpty()) {
                    say("Compare with 'dvj exp show'; bring one into the workspace with 'dvj exp apply NAME'.");
                }
                return experiments.stream().anyMatch(e -> e.status() == Experiment.Status.FAILED)
                        ? ExitCodes.STAGE_FAILED : ExitCodes.OK;
            }
        }

        /** Prints each experiment's stage output, prefixed with its name when several run at once. */
        private final class Printer implements ExperimentRunner.Listener {
            @Override
            public void starting(Experiment experiment) {
                note("Running experiment " + experiment.name() + describe(experiment) + "...");
            }

            @Override
            public ReproCommand.Listener stages(Experiment experiment) {
                String prefix = jobs > 1 ? "[" + experiment.name() + "] " : "";
                return new ReproCommand.Listener() {
                    @Override
                    public void starting(Stage stage, List<String> reasons) {
                        note(prefix + "Running stage '" + stage.name() + "' (" + String.join(", ", reasons) + ")");
                    }

                    @Override
                    public void line(Stage stage, String text, boolean stderr) {
                        print(stderr || json, prefix + text);
                    }

                    @Override
                    public void finished(ReproCommand.StageResult result) {
                        if (result.outcome() == ReproCommand.Outcome.RESTORED) {
                            note(prefix + "Stage '" + result.stage() + "': restored its outputs from the run-cache.");
                        }
                    }

                    @Override
                    public void warning(String text) {
                        warn(prefix + text);
                    }
                };
            }

            @Override
            public void finished(Experiment experiment) {
                if (experiment.status() == Experiment.Status.SUCCESS) {
                    note("Experiment " + experiment.name() + " succeeded.");
                } else {
                    synchronized (ExpCmd.class) {
                        PrintWriter err = spec.commandLine().getErr();
                        err.println("dvj: error: experiment " + experiment.name() + " failed: " + experiment.error());
                        experiment.stderr().forEach(line -> err.println("  | " + line));
                        err.flush();
                    }
                }
            }

            private void note(String text) {
                if (!quiet()) {
                    print(json, text);
                }
            }

            private void print(boolean toErr, String text) {
                synchronized (ExpCmd.class) {
                    PrintWriter to = toErr ? spec.commandLine().getErr() : out();
                    to.println(text);
                    to.flush();
                }
            }
        }
    }

    static String describe(Experiment experiment) {
        if (experiment.overrides().isEmpty()) {
            return "";
        }
        return " (" + String.join(" ", experiment.overrides().stream().map(ParamOverride::toString).toList()) + ")";
    }

    /** An experiment as --json prints it. */
    static Map<String, Object> json(Experiment experiment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", experiment.name());
        json.put("status", experiment.status());
        json.put("commit", experiment.commit());
        json.put("base", experiment.base());
        json.put("created", experiment.created());
        json.put("set", experiment.overrides().stream().map(ParamOverride::toString).toList());
        if (!experiment.stages().isEmpty()) {
            json.put("stages", experiment.stages());
        }
        if (experiment.error() != null) {
            json.put("exit", experiment.exit());
            json.put("error", experiment.error());
            json.put("stderr", experiment.stderr());
        }
        return json;
    }

    @Command(name = "diff", description = "Params and metrics that differ between two experiments or revisions.")
    public static final class Diff extends BaseCommand {
        @Parameters(index = "0", paramLabel = "A", description = "An experiment name or a revision.")
        String a;

        @Parameters(index = "1", paramLabel = "B", arity = "0..1",
                description = "An experiment name or a revision (default: A's base commit).")
        String b;

        @Option(names = "--all", description = "Also list values that did not change.")
        boolean all;

        @Option(names = "--precision", paramLabel = "N", defaultValue = "5",
                description = "Round numbers to N decimal places in tables (default: 5; JSON is exact).")
        int precision;

        @Option(names = "--md", description = "Print Markdown tables.")
        boolean markdown;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                String from = a;
                String to = b;
                if (to == null) {
                    to = a;
                    from = new ExperimentStore(repository).find(a).base().substring(0, 7);
                }
                ExperimentValues values = new ExperimentValues(repository);
                ExperimentValues.Comparison params = values.diff(from, to, false, all);
                ExperimentValues.Comparison metrics = values.diff(from, to, true, all);
                if (json) {
                    Map<String, Object> both = new LinkedHashMap<>();
                    both.put("params", params);
                    both.put("metrics", metrics);
                    printJson(both);
                } else {
                    PrintWriter err = spec.commandLine().getErr();
                    DiffTableOptions.print(params, "Param", false, null, markdown, out(), err);
                    out().println();
                    DiffTableOptions.print(metrics, "Metric", true, precision, markdown, out(), err);
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "apply", description = {"Bring an experiment into the workspace, staged for 'dvj commit'.",
            "Writes its params, dvj.lock, metrics and other files it changed, then checks out the",
            "data its dvj.lock names."})
    public static final class Apply extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The experiment.")
        String name;

        @Option(names = {"-f", "--force"}, description = "Overwrite uncommitted changes to the files and data it brings.")
        boolean force;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                ExperimentApply.Result result = new ExperimentApply(repository).apply(name, force);
                if (json) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("experiment", json(result.experiment()));
                    out.put("files", result.files());
                    out.put("checkout", result.checkout().outputs());
                    printJson(out);
                } else {
                    say("Applied experiment " + name + ": " + (result.files().isEmpty() ? "no files changed"
                            : String.join(", ", result.files())) + ".");
                    say("Record it on your branch with 'dvj commit -m \"...\"'.");
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "branch", description = "Make a Git branch of an experiment's commit (the experiment stays).")
    public static final class Branch extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The experiment.")
        String name;

        @Parameters(index = "1", paramLabel = "BRANCH", description = "The new branch's name.")
        String branch;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                Experiment experiment = new ExperimentStore(repository).branch(name, branch);
                say("Branch '" + branch + "' now points at experiment " + name + " (" + experiment.commit().substring(0, 7)
                        + "); 'git checkout " + branch + "' then 'dvj checkout' to use it.");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "remove", aliases = "rm", description = "Delete experiments (their data stays in the cache until 'dvj gc').")
    public static final class Remove extends BaseCommand {
        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "NAME", arity = "1..*", description = "The experiments to delete.")
            List<String> names;

            @Option(names = "--all", required = true, description = "Delete every experiment.")
            boolean all;
        }

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                ExperimentStore store = new ExperimentStore(repository);
                List<String> names = which.all ? store.list().stream().map(Experiment::name).toList() : which.names;
                if (!which.all) {
                    names.forEach(store::find); // all known, or nothing is deleted
                }
                names.forEach(store::remove);
                say("Removed " + names.size() + " experiment(s).");
                return ExitCodes.OK;
            }
        }
    }

    /** What exp push and exp pull share: the Git remote, the names, the dvj remote and parallelism. */
    abstract static class Sharing extends BaseCommand {
        @Parameters(index = "0", paramLabel = "GIT_REMOTE", description = "A Git remote's name (origin) or URL.")
        String gitRemote;

        @Parameters(index = "1..*", paramLabel = "NAME", arity = "0..*", description = "Experiments (default: all).")
        List<String> names = new ArrayList<>();

        @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "The dvj remote for their data (default: core.remote).")
        String remoteName;

        @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Objects to transfer at once (default: 4 per CPU).")
        Integer jobs;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Repository repository = openRepository();
                 ObjectDatabase remote = RemoteDatabases.open(repository, remoteName)) {
                Transfer transfer = new Transfer(repository.objects(), remote,
                        jobs != null ? jobs : TransferCmd.defaultJobs())
                        .withProgress(TerminalProgress.forCommand(quiet(), json));
                ExperimentSharing.Result result = share(new ExperimentSharing(repository), transfer);
                if (json) {
                    printJson(result);
                } else {
                    say(verb() + " " + result.experiments().size() + " experiment(s) " + (this instanceof Push ? "to " : "from ")
                            + gitRemote + ", with " + result.data().transferred() + " object(s) of data ("
                            + result.data().present() + " already there).");
                }
                return result.data().missing().isEmpty() ? ExitCodes.OK : ExitCodes.DATA;
            }
        }

        abstract ExperimentSharing.Result share(ExperimentSharing sharing,
                                                                          Transfer transfer);

        abstract String verb();
    }

    @Command(name = "push", description = {"Send experiments to a Git remote, and their data to a dvj remote first."})
    public static final class Push extends Sharing {
        @Override
        ExperimentSharing.Result share(ExperimentSharing sharing,
                                                                 Transfer transfer) {
            return sharing.push(gitRemote, names, transfer);
        }

        @Override
        String verb() {
            return "Pushed";
        }
    }

    @Command(name = "pull", description = "Fetch experiments from a Git remote (their refs) and their data from a dvj remote.")
    public static final class Pull extends Sharing {
        @Override
        ExperimentSharing.Result share(ExperimentSharing sharing,
                                                                 Transfer transfer) {
            return sharing.pull(gitRemote, names, transfer);
        }

        @Override
        String verb() {
            return "Pulled";
        }
    }
}
