package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What get and ls URL share: a scratch folder for a clone of the source, inside a repository when dvj runs in one. */
abstract class SourceCmd extends BaseCommand {
    /** The repository dvj runs in, or null outside any. */
    Repository repositoryOrNull() {
        try {
            return openRepository();
        } catch (DvjException e) {
            if (e.kind() == ErrorKind.NOT_A_REPOSITORY) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Where a source is cloned: the repository's temp folder, or outside any repository a fresh
     * folder in the system's temp folder (deleted by {@link #deleteScratch}).
     */
    static Path scratch(Repository repository) {
        if (repository != null) {
            return repository.dvjDir().resolve("tmp").resolve("sources");
        }
        try {
            return Files.createTempDirectory("dvj-source-");
        } catch (IOException e) {
            throw DvjException.data("cannot create a temp folder: " + e.getMessage(), e);
        }
    }

    /** Removes a scratch folder made outside any repository. */
    static void deleteScratch(Repository repository, Path scratch) {
        if (repository == null) {
            try {
                dev.dvj.core.io.FileTrees.delete(scratch);
            } catch (IOException e) {
                // a leftover in the system's temp folder
            }
        }
    }
}
