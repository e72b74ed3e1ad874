package dev.dvj.cli.commands;

import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.cli.TerminalProgress;
import dev.dvj.core.api.GetCommand;
import dev.dvj.core.imports.SourceRepository;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "get", description = {"Download a file or folder that another dvj repository tracks, without tracking it here."},
        footer = {"", "Examples:",
        "  dvj get ../penguins-data data/penguins.csv",
        "  dvj get https://github.com/org/data.git images/cat --rev v2 -o cats"})
public final class GetCmd extends SourceCmd {
    @Parameters(index = "0", paramLabel = "URL", description = "The repository: a local path, or any Git URL (https, ssh, file).")
    String url;

    @Parameters(index = "1", paramLabel = "PATH", description = "What it tracks: an output, or a file or folder inside a tracked folder.")
    String path;

    @Option(names = "--rev", paramLabel = "REV", description = "A branch, tag or commit of the repository (default: its HEAD).")
    String rev;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write it (default: its name, in the current folder).")
    Path out;

    @Option(names = {"-f", "--force"}, description = "Replace OUT if it exists.")
    boolean force;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Objects to download at once (default: 4 per CPU).")
    Integer jobs;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Repository repository = repositoryOrNull();
        Path scratch = scratch(repository);
        try {
            Path target = path(out != null ? out : Path.of(Path.of(path).getFileName().toString()));
            GetCommand.Result result = GetCommand.run(SourceRepository.against(url, workDir()), path, rev, target, force, scratch, env(),
                    jobs != null ? jobs : TransferCmd.defaultJobs(), TerminalProgress.forCommand(quiet(), json));
            if (json) {
                printJson(result);
            } else {
                say("downloaded " + result.path() + " (" + (result.nfiles() == null ? "" : result.nfiles() + " files, ")
                        + Format.size(result.size()) + ") of " + url + " at " + result.commit().substring(0, 8) + " to " + result.out());
            }
            return ExitCodes.OK;
        } finally {
            deleteScratch(repository, scratch);
            if (repository != null) {
                repository.close();
            }
        }
    }
}
