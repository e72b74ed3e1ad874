package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.DvjException;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.pipeline.StageAddCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "stage", description = {"Define pipeline stages in dvj.yaml."}, footer = {"", "Examples:",
        "  dvj stage add -n train -d data/penguins.csv -o model.bin python train.py"},
        subcommands = StageCmd.Add.class)
public final class StageCmd extends BaseCommand {

    @Override
    public Integer call() {
        throw DvjException.invalid("name a subcommand: dvj stage add");
    }

    @Command(name = "add", description = {"Append a stage to dvj.yaml (comments and layout are kept).",
            "Run it with 'dvj repro NAME'."})
    public static final class Add extends BaseCommand {
        @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The stage's name.")
        String name;

        @Option(names = {"-d", "--deps"}, paramLabel = "PATH", description = "A file or folder the command reads.")
        List<String> deps = new ArrayList<>();

        @Option(names = {"-p", "--params"}, paramLabel = "KEY", description = {"A params.yaml key the command reads",
                "(or FILE:KEY,KEY; FILE: for a whole file)."})
        List<String> params = new ArrayList<>();

        @Option(names = {"-o", "--outs"}, paramLabel = "PATH", description = "An output, stored in the cache.")
        List<String> outs = new ArrayList<>();

        @Option(names = {"-O", "--outs-no-cache"}, paramLabel = "PATH", description = "An output left to Git, not cached.")
        List<String> outsNoCache = new ArrayList<>();

        @Option(names = {"-m", "--metrics"}, paramLabel = "PATH", description = "A metrics file (JSON or YAML), cached.")
        List<String> metrics = new ArrayList<>();

        @Option(names = {"-M", "--metrics-no-cache"}, paramLabel = "PATH",
                description = "A metrics file (JSON or YAML) left to Git, not cached.")
        List<String> metricsNoCache = new ArrayList<>();

        @Option(names = {"-w", "--wdir"}, paramLabel = "DIR", description = "Run the command in DIR; paths are relative to it.")
        String wdir;

        @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command (quote it, or give it after --).")
        List<String> command;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                Stage stage = new StageAddCommand(repository).run(new StageAddCommand.Spec(name, commandLine(command),
                        deps, params, outs, outsNoCache, metrics, metricsNoCache, wdir));
                say("Added stage '" + stage.name() + "' to dvj.yaml; run it with 'dvj repro " + stage.name() + "'.");
                return ExitCodes.OK;
            }
        }

        /**
         * One argument is a shell command as the user quoted it. Several (after --) are the
         * words of one command: each is quoted for the shell where it needs it, so
         * {@code -- python3 -c "print('hello world')"} runs as typed, not split at its space.
         */
        static String commandLine(List<String> words) {
            if (words.size() == 1) {
                return words.get(0);
            }
            List<String> quoted = new ArrayList<>();
            for (String word : words) {
                quoted.add(ShellQuote.quote(word));
            }
            return String.join(" ", quoted);
        }
    }
}
