package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.io.YamlNode;
import dev.dvj.core.io.YamlStreams;
import dev.dvj.core.pipeline.ReproCommand;
import dev.dvj.core.scm.GitObjects;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.WorkspaceBoundary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The temporary workspace one experiment runs in: {@code .dvj/tmp/exps/NAME/} inside the
 * repository, holding the files of the experiment's start commit and the data its pointers and
 * {@code dvj.lock} name, linked from the repository's cache (hard links where the filesystem
 * allows, so a big dataset is not copied per experiment). It has its own {@code .dvj/} for state,
 * config and lock, and writes objects to the repository's cache. Removed when closed.
 */
final class ExperimentWorkspace implements AutoCloseable {
    /** Links first: deps are only read by stages, and outputs are replaced, never edited in place. */
    private static final String LINKS = "reflink,hardlink,copy";

    private final Repository workspace;
    private final ExperimentScm scm;
    private final Path root;

    private ExperimentWorkspace(Repository workspace, ExperimentScm scm, Path root) {
        this.workspace = workspace;
        this.scm = scm;
        this.root = root;
    }

    static Path folder(Repository repository) {
        return repository.dvjDir().resolve("tmp").resolve("exps");
    }

    /**
     * Removes workspaces that killed runs left behind. Called under the repository's lock, which
     * every run holds, so none of them is in use.
     */
    static void clearLeftovers(Repository repository) {
        try {
            FileTrees.delete(folder(repository));
        } catch (IOException e) {
            throw DvjException.data("cannot remove the temporary workspaces of earlier experiments in "
                    + folder(repository) + ": " + e.getMessage(), e);
        }
    }

    /** Writes the experiment's start commit into a fresh folder and opens it as a workspace. */
    static ExperimentWorkspace create(Repository repository, GitObjects git, Experiment experiment) {
        Path root = folder(repository).resolve(experiment.name());
        try {
            FileTrees.delete(root);
            Files.createDirectories(root);
            WorkspaceBoundary boundary = new WorkspaceBoundary(root);
            Set<String> tracked = new TreeSet<>();
            git.materialize(experiment.commit(), path -> {
                tracked.add(path);
                return boundary.writable(path);
            });
            writeLocalConfig(repository, root);
            ExperimentScm scm = new ExperimentScm(repository.scm(), experiment.commit(), tracked);
            Repository opened = Repository.openExperiment(root, repository.env(), repository.cache().root(), scm,
                    repository.root());
            return new ExperimentWorkspace(opened, scm, root);
        } catch (IOException e) {
            deleteQuietly(root);
            throw DvjException.data("cannot prepare the workspace of experiment " + experiment.name() + " in " + root
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(root);
            throw e;
        }
    }

    /**
     * The repository's local config (remotes' local settings, jobs), with links preferred for
     * checkouts: the committed config came with the start commit.
     */
    private static void writeLocalConfig(Repository repository, Path root) throws IOException {
        Path local = repository.dvjDir().resolve("config.local.yaml");
        Map<String, Object> config = new LinkedHashMap<>();
        if (Files.isRegularFile(local)) {
            Object plain = YamlNode.parse(Files.readAllBytes(local), local.toString()).plain();
            if (plain instanceof Map<?, ?> map) {
                map.forEach((k, v) -> config.put(String.valueOf(k), v));
            }
        }
        Map<String, Object> cache = new LinkedHashMap<>();
        if (config.get("cache") instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> cache.put(String.valueOf(k), v));
        }
        cache.remove("dir"); // the cache is given directly: the repository's own
        cache.put("type", LINKS);
        config.put("cache", cache);
        Path dvjDir = root.resolve(Repository.DVJ_DIR);
        Files.createDirectories(dvjDir);
        AtomicFiles.write(dvjDir.resolve("config.local.yaml"), YamlStreams.write(config));
    }

    /** Checks out the data the start commit names, then reproduces the pipeline (or the given stages). */
    ReproCommand.Result reproduce(List<String> stages, String dvjVersion, ReproCommand.Listener listener) {
        new CheckoutCommand(workspace).run(List.of(), null, true);
        return new ReproCommand(workspace).run(new ReproCommand.Options(stages, false, false, false, false, 1, false,
                true, dvjVersion), listener);
    }

    /**
     * What the run leaves to Git, as its workspace holds it now: the files it staged (dvj.lock,
     * uncached metrics, .gitignore entries), a missing one as deleted.
     */
    Map<String, GitObjects.Blob> changes() {
        Map<String, GitObjects.Blob> changes = new LinkedHashMap<>();
        for (String path : scm.staged()) {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root)) {
                continue;
            }
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    changes.put(path, new GitObjects.Blob(Files.readAllBytes(file), Files.isExecutable(file), false));
                } else if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    changes.put(path, null);
                }
            } catch (IOException e) {
                throw DvjException.data("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return changes;
    }

    @Override
    public void close() {
        workspace.close();
        deleteQuietly(root);
    }

    private static void deleteQuietly(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            // The next exp run removes what is left, under the lock.
        }
    }
}
