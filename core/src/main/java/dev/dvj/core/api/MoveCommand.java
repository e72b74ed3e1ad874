package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.workspace.GitIgnoreFile;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code dvj mv}: moves tracked data and its pointer together, fixes both .gitignore files and
 * stages the result. Moving into an existing folder keeps the name, like mv(1).
 */
public final class MoveCommand {
    private final Repository repository;

    public MoveCommand(Repository repository) {
        this.repository = repository;
    }

    public record Result(String from, String to, String pointer) {
    }

    public Result run(Path source, Path destination) {
        try (RepositoryLock lock = repository.lock()) {
            PathArguments.requireTrackable(repository, source);
            TrackedOutput output = PathArguments.requireNotPipelineOutput(new Outputs(repository).forTarget(source));
            Path from = repository.resolve(output.dataPath());
            Path to = destination.toAbsolutePath().normalize();
            if (to.getFileName().toString().endsWith(PointerFormat.SUFFIX)) {
                String name = to.getFileName().toString();
                to = to.resolveSibling(name.substring(0, name.length() - PointerFormat.SUFFIX.length()));
            }
            if (Files.isDirectory(to) && !Files.exists(Outputs.pointerFor(to))) {
                to = to.resolve(from.getFileName());
            }
            String toPath = PathArguments.requireTrackable(repository, to);
            if (Files.exists(to) || Files.exists(Outputs.pointerFor(to))) {
                throw DvjException.invalid("'" + toPath + "' already exists; dvj mv does not overwrite");
            }
            if (to.startsWith(from)) {
                throw DvjException.invalid("cannot move '" + output.dataPath() + "' into itself");
            }
            Set<String> toStage = new LinkedHashSet<>();
            try {
                Files.createDirectories(to.getParent());
                if (Files.exists(from)) {
                    Files.move(from, to);
                }
                toStage.addAll(PointerWriter.write(repository, toPath,
                        output.pointer().withPath(to.getFileName().toString())));
                Files.deleteIfExists(repository.resolve(output.pointerPath()));
                toStage.add(output.pointerPath());
                if (GitIgnoreFile.remove(from.getParent(), from.getFileName().toString())) {
                    toStage.add(repository.relative(from.resolveSibling(GitIgnoreFile.NAME)));
                }
            } catch (IOException e) {
                throw DvjException.data("cannot move " + output.dataPath() + " to " + toPath + ": " + e.getMessage(), e);
            }
            repository.state().rename(output.dataPath(), toPath);
            repository.directoryStates().rename(output.dataPath(), toPath);
            repository.scm().stage(toStage);
            return new Result(output.dataPath(), toPath, repository.relative(Outputs.pointerFor(to)));
        } finally {
            repository.flush();
        }
    }
}
