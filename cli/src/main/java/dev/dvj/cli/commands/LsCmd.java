package dev.dvj.cli.commands;

import dev.dvj.cli.ExitCodes;
import dev.dvj.cli.Format;
import dev.dvj.core.api.ListCommand;
import dev.dvj.core.imports.SourceRepository;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "ls", description = {"List tracked data in the workspace, at a Git revision, or in another repository."}, footer = {"", "Examples:",
        "  dvj ls",
        "  dvj ls --rev v1.0 --json",
        "  dvj ls ../penguins-data data",
        "  dvj ls https://github.com/org/data.git images/cat --rev v2"})
public final class LsCmd extends SourceCmd {
    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "Another repository: a local path, or any Git URL.")
    String url;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "With URL: only what is at or under this path (a tracked folder lists its files).")
    String path;

    @Option(names = "--rev", paramLabel = "REV", description = "List what was tracked at this revision.")
    String rev;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (url != null) {
            return listSource();
        }
        try (Repository repository = openRepository()) {
            return print(new ListCommand(repository).run(rev), this::shown);
        }
    }

    /** One line per output (or file): short id, size, file count, path as {@code shownAs} gives it, description. */
    private Integer print(ListCommand.Result result, java.util.function.UnaryOperator<String> shownAs) {
        if (json) {
            printJson(result);
            return ExitCodes.OK;
        }
        for (ListCommand.Listed listed : result.outputs()) {
            String files = listed.nfiles() == null ? "" : listed.nfiles() + " files";
            say(String.format("%-10s %10s %10s  %s%s", Format.shortOid(listed.oid()), Format.size(listed.size()),
                    files, shownAs.apply(listed.path()), listed.desc() == null ? "" : "  # " + listed.desc()));
        }
        return ExitCodes.OK;
    }

    private Integer listSource() {
        Repository repository = repositoryOrNull();
        Path scratch = scratch(repository);
        try {
            // Paths of another repository, as it names them.
            return print(ListCommand.remote(SourceRepository.against(url, workDir()), path, rev, scratch, env()), p -> p);
        } finally {
            deleteScratch(repository, scratch);
            if (repository != null) {
                repository.close();
            }
        }
    }
}
