package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.workspace.ContentHasher;
import dev.dvj.core.workspace.GitIgnoreFile;
import dev.dvj.core.workspace.IgnoreRules;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.PartialCheckouts;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.Snapshot;
import dev.dvj.core.workspace.TrackedOutput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code dvj commit}: records the current content of changed outputs in the cache and their
 * pointers, then commits Git's index together with dvj's own files. Makes no empty commits.
 */
public final class CommitCommand {
    private final Repository repository;

    public CommitCommand(Repository repository) {
        this.repository = repository;
    }

    /**
     * @param commit   the new Git commit's id, or null when none was made
     * @param warnings files a recorded stage needs that Git does not track: from this commit the
     *                 pipeline could not be reproduced
     */
    public record Result(List<RecordedOutput> recorded, String commit, boolean nothingToCommit, List<String> warnings) {
    }

    public Result run(List<Path> targets, String message, boolean noGit) {
        try (RepositoryLock lock = repository.lock()) {
            List<TrackedOutput> outputs = new Outputs(repository).select(targets);
            ContentHasher hasher = new ContentHasher(repository);
            List<RecordedOutput> recorded = new ArrayList<>();
            Set<String> toStage = new LinkedHashSet<>();
            for (TrackedOutput output : outputs) {
                if (output.fromPipeline()) {
                    // dvj.lock records what the stage's command wrote; only repro may change that.
                    if (!targets.isEmpty()) {
                        throw DvjException.invalid("'" + output.dataPath() + "' is written by a pipeline stage (see "
                                + output.pointerPath() + "); record a new version with 'dvj repro'");
                    }
                    continue;
                }
                Snapshot snapshot = hasher.snapshot(repository.resolve(output.dataPath()), true);
                if (snapshot == null) {
                    throw DvjException.invalid(output.dataPath() + " is missing: restore it with 'dvj checkout "
                            + output.dataPath() + "' or stop tracking it with 'dvj rm " + output.pointerPath() + "'");
                }
                Pointer old = output.pointer();
                requireWhole(output, snapshot);
                boolean executable = !snapshot.isDirectory() && ExecBit.of(repository.resolve(output.dataPath()));
                if (snapshot.oid().equals(old.oid()) && executable == old.executable()) {
                    toStage.add(output.pointerPath());
                    continue;
                }
                Pointer updated = old.withContent(snapshot.oid(), snapshot.size(), snapshot.nfiles()).withExecutable(executable)
                        .withDesc(message != null ? message : old.desc())
                        .withMeta(DataProfiles.metaFor(repository, output.dataPath(), snapshot, old.meta()));
                toStage.addAll(PointerWriter.write(repository, output.pointerPath(), output.dataPath(), updated));
                recorded.add(new RecordedOutput(output.dataPath(), output.pointerPath(), snapshot.oid().toString(),
                        snapshot.size(), snapshot.nfiles(), OutputChange.UPDATED));
            }
            if (!repository.scm().isGit()) {
                return new Result(recorded, null, recorded.isEmpty(), List.of());
            }
            toStage.addAll(ownFiles(outputs));
            repository.scm().stage(toStage);
            List<String> warnings = new ArrayList<>(PipelineInGit.untrackedInputs(repository));
            warnings.addAll(DataSchemas.warnings(repository, recorded));
            if (noGit || !repository.scm().hasStagedChanges()) {
                return new Result(recorded, null, recorded.isEmpty(), warnings);
            }
            String commit = repository.scm().commit(message != null ? message : defaultMessage(recorded));
            return new Result(recorded, commit, false, warnings);
        } finally {
            repository.flush();
        }
    }

    /**
     * Refuses to record a directory that a pull or checkout of a path inside it placed only in
     * part: the files it never brought are not deletions. Once the directory matches its pointer
     * again (the rest was checked out), the mark goes.
     */
    private void requireWhole(TrackedOutput output, Snapshot snapshot) {
        PartialCheckouts partial = repository.partialCheckouts();
        if (!partial.contains(output.dataPath())) {
            return;
        }
        if (snapshot.sameAs(output.pointer().oid())) {
            partial.clear(output.dataPath());
            partial.save();
            return;
        }
        throw DvjException.conflict(output.dataPath() + " is only partly checked out (a pull or checkout of a path inside it), "
                + "so recording it would drop the files never brought: run 'dvj checkout " + output.dataPath()
                + "' (or 'dvj pull " + output.dataPath() + "') first, or 'dvj add " + output.dataPath()
                + "' to record it as it is; nothing was recorded");
    }

    /** dvj's own small files, so a commit never leaves one of them behind. */
    private List<String> ownFiles(List<TrackedOutput> outputs) {
        List<String> files = new ArrayList<>(List.of(".dvj/config.yaml", ".dvj/.gitignore", IgnoreRules.FILE_NAME));
        for (TrackedOutput output : outputs) {
            Path ignore = repository.resolve(output.dataPath()).resolveSibling(GitIgnoreFile.NAME);
            files.add(repository.relative(ignore));
        }
        files.removeIf(f -> !Files.exists(repository.resolve(f)));
        return files;
    }

    private static String defaultMessage(List<RecordedOutput> recorded) {
        if (recorded.isEmpty()) {
            return "dvj commit";
        }
        return "dvj: record " + recorded.stream().map(RecordedOutput::path).collect(Collectors.joining(", "));
    }
}
