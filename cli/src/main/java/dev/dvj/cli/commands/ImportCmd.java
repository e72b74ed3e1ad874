package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.api.ImportCommand;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "import", description = {"Bring data another dvj repository tracks into this one, recording where it came from.",
        "The pointer names the source (URL, path, revision, commit); 'dvj update' moves it to a newer version."},
        footer = {"", "Examples:",
        "  dvj import ../penguins-data data/penguins.csv",
        "  dvj import https://github.com/org/data.git images --rev v2 -o data/images"})
public final class ImportCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "URL", description = "The repository: a local path, or any Git URL (https, ssh, file).")
    String url;

    @Parameters(index = "1", paramLabel = "PATH", description = "What it tracks: an output, or a file or folder inside a tracked folder.")
    String path;

    @Option(names = "--rev", paramLabel = "REV", description = {"A branch, tag or commit of the repository (default: its HEAD).",
            "Recorded: 'dvj update' follows it."})
    String rev;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to put it (default: its name, in the current folder).")
    Path out;

    @Option(names = {"-f", "--force"}, description = "Replace OUT and its pointer if they exist.")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Repository repository = openRepository()) {
            Path target = path(out != null ? out : Path.of(Path.of(path).getFileName().toString()));
            ImportCommand.Result result = new ImportCommand(repository).withProgress(TerminalProgress.forCommand(quiet(), json))
                    .run(url, workDir(), path, rev, target, force);
            if (json) {
                printJson(result);
            } else {
                say("imported " + result.source() + " of " + url + " at " + result.commit().substring(0, 8) + " as " + shown(result.path())
                        + " (" + (result.nfiles() == null ? "" : result.nfiles() + " files, ") + Format.size(result.size()) + "); staged "
                        + shown(result.pointer()));
            }
            return ExitCodes.OK;
        }
    }
}
