package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.pipeline.Dag;
import dev.dvj.core.pipeline.Pipeline;
import dev.dvj.core.pipeline.PipelineLoader;
import dev.dvj.core.pipeline.ReproCommand;
import dev.dvj.core.scm.GitObjects;
import dev.dvj.core.workspace.Repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code dvj exp run}: records experiments (a base commit, the work tree's changes to files Git
 * tracks, and params set with {@code -S}) and runs them, each in its own temporary workspace
 * that shares the cache, up to {@code jobs} at once. The user's branch, index and workspace are
 * never touched; each experiment ends as a commit under {@code refs/exps/NAME}.
 */
public final class ExperimentRunner {
    private final Repository repository;
    private final ExperimentStore store;

    public ExperimentRunner(Repository repository) {
        this.repository = repository;
        this.store = new ExperimentStore(repository);
    }

    /**
     * @param set    {@code -S [FILE:]KEY=VALUE[,VALUE...]} arguments: one experiment per combination
     * @param name   the experiment's name (a grid's get -1, -2, ... appended), or null for generated names
     * @param stages the stages to reproduce (none: the whole pipeline)
     * @param seedParam a param ([FILE:]KEY) each experiment sets to a fresh random value, or null
     */
    public record Request(List<String> set, String name, List<String> stages, String seedParam) {
    }

    /** Hears what running experiments do; called from worker threads. */
    public interface Listener {
        void starting(Experiment experiment);

        ReproCommand.Listener stages(Experiment experiment);

        void finished(Experiment experiment);
    }

    /**
     * Records the requested experiments as queued, all or none: a missing params file or key, an
     * unknown stage or a name already taken is refused before any is recorded.
     */
    public List<Experiment> queue(Request request) {
        try (RepositoryLock lock = repository.lock()) {
            return queueLocked(request);
        }
    }

    /** Queues the request, then runs what it queued. */
    public List<Experiment> run(Request request, int jobs, String dvjVersion, Listener listener) {
        try (RepositoryLock lock = repository.lock()) {
            List<Experiment> queued = queueLocked(request);
            return runLocked(queued, jobs, dvjVersion, listener);
        }
    }

    /** Runs queued experiments (all of them when {@code names} is empty). */
    public List<Experiment> runQueued(List<String> names, int jobs, String dvjVersion, Listener listener) {
        try (RepositoryLock lock = repository.lock()) {
            List<Experiment> chosen = new ArrayList<>();
            if (names.isEmpty()) {
                store.list().stream().filter(e -> e.status() == Experiment.Status.QUEUED).forEach(chosen::add);
            } else {
                for (String name : names) {
                    Experiment experiment = store.find(name);
                    if (experiment.status() != Experiment.Status.QUEUED) {
                        throw DvjException.invalid("experiment '" + name + "' has run already (" +
                                experiment.status().name().toLowerCase(java.util.Locale.ROOT) + ")");
                    }
                    chosen.add(experiment);
                }
            }
            return runLocked(chosen, jobs, dvjVersion, listener);
        }
    }

    private List<Experiment> queueLocked(Request request) {
        ExperimentWorkspace.clearLeftovers(repository);
        if (!repository.scm().hasCommits()) {
            throw DvjException.invalid("an experiment varies a commit, and this repository has none yet: commit first");
        }
        String base = repository.scm().resolve("HEAD");
        requireStages(request.stages());
        List<List<ParamOverride>> grid = withSeeds(ParamOverride.grid(request.set()), request.seedParam());
        List<String> names = names(request.name(), grid.size(), base);
        GitObjects git = store.git();
        Map<String, GitObjects.Blob> workTree = git.workTreeChanges();
        // Every combination is checked before any is recorded: nothing is queued on a typo.
        List<Map<String, GitObjects.Blob>> starts = new ArrayList<>();
        for (List<ParamOverride> overrides : grid) {
            starts.add(withParams(workTree, overrides, base));
        }
        Instant now = repository.env().clock().instant();
        List<Experiment> queued = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            Experiment experiment = new Experiment(names.get(i), null, base, Experiment.Status.QUEUED, now, grid.get(i),
                    List.copyOf(request.stages()), 0, null, List.of());
            queued.add(store.save(experiment, git.writeTree(base, starts.get(i)), null));
        }
        return queued;
    }

    /**
     * Each combination with the seed param set to a random value of its own, recorded like any
     * -S value, so the run can be repeated exactly.
     */
    private static List<List<ParamOverride>> withSeeds(List<List<ParamOverride>> grid, String seedParam) {
        if (seedParam == null) {
            return grid;
        }
        List<List<ParamOverride>> seeded = new ArrayList<>();
        java.util.Random random = new java.security.SecureRandom();
        for (List<ParamOverride> combination : grid) {
            ParamOverride seed = ParamOverride.parse(seedParam + "=" + random.nextInt(1, Integer.MAX_VALUE)).get(0);
            if (combination.stream().anyMatch(o -> o.file().equals(seed.file()) && o.key().equals(seed.key()))) {
                throw DvjException.invalid("--seed-param " + seedParam + " is also set with -S: use one or the other");
            }
            List<ParamOverride> extended = new ArrayList<>(combination);
            extended.add(seed);
            seeded.add(List.copyOf(extended));
        }
        return seeded;
    }

    private void requireStages(List<String> stages) {
        if (stages.isEmpty()) {
            return;
        }
        Pipeline pipeline = PipelineLoader.workspace(repository);
        Dag.of(pipeline);
        for (String stage : stages) {
            if (!stage.equals(Pipeline.FILE)) {
                pipeline.stage(stage); // names the file and the stages it has when there is no such stage
            }
        }
    }

    /** The work tree's changes with the params files edited; refuses a missing file or key. */
    private Map<String, GitObjects.Blob> withParams(Map<String, GitObjects.Blob> workTree, List<ParamOverride> overrides,
                                                    String base) {
        Map<String, GitObjects.Blob> files = new LinkedHashMap<>(workTree);
        for (ParamOverride override : overrides) {
            GitObjects.Blob current = files.containsKey(override.file()) ? files.get(override.file())
                    : repository.scm().readAt(base, override.file()).map(GitObjects.Blob::file).orElse(null);
            if (current == null) {
                throw DvjException.invalid("-S " + override + ": params file '" + override.file()
                        + "' is not in Git at HEAD or in the work tree");
            }
            byte[] edited = ParamsEditor.set(current.bytes(), override.file(), override.key(), override.value());
            files.put(override.file(), new GitObjects.Blob(edited, current.executable(), false));
        }
        return files;
    }

    /** The requested name (numbered for a grid), or generated ones; refuses a name taken or malformed. */
    private List<String> names(String requested, int count, String base) {
        Set<String> taken = new HashSet<>(store.git().refs(GitObjects.EXPERIMENTS).keySet());
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name;
            if (requested != null) {
                name = count == 1 ? requested : requested + "-" + i;
                if (!GitObjects.isPlainRefName(name)) {
                    throw DvjException.invalid("'" + requested + "' cannot name an experiment (use letters, digits, '-', '_' and '.')");
                }
                if (taken.contains(name)) {
                    throw DvjException.invalid("an experiment named '" + name + "' exists already (remove it with 'dvj exp remove "
                            + name + "' or choose another -n)");
                }
            } else {
                int attempt = 0;
                do {
                    String seed = base + "/" + System.nanoTime() + "/" + i + "/" + attempt++;
                    name = "exp-" + Hashing.ofBytes(seed.getBytes(StandardCharsets.UTF_8), false).hex().substring(0, 5);
                } while (taken.contains(name));
            }
            taken.add(name);
            names.add(name);
        }
        return names;
    }

    private List<Experiment> runLocked(List<Experiment> experiments, int jobs, String dvjVersion, Listener listener) {
        ExperimentWorkspace.clearLeftovers(repository);
        if (experiments.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, experiments.size())), r -> {
            Thread thread = new Thread(r, "dvj-experiment");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Experiment>> running = new ArrayList<>();
            for (Experiment experiment : experiments) {
                running.add(pool.submit(() -> runOne(experiment, dvjVersion, listener)));
            }
            List<Experiment> finished = new ArrayList<>();
            for (Future<Experiment> future : running) {
                finished.add(future.get());
            }
            return finished;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DvjException.data("interrupted while experiments were running", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw DvjException.data("an experiment failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs one experiment in its workspace and records how it ended. A failure of the run itself
     * (a stage's command failing, a missing object) is the experiment's outcome, recorded as
     * failed; it does not stop the others.
     */
    private Experiment runOne(Experiment experiment, String dvjVersion, Listener listener) {
        listener.starting(experiment);
        Experiment outcome;
        Map<String, GitObjects.Blob> changes = Map.of();
        try (ExperimentWorkspace workspace = ExperimentWorkspace.create(repository, store.git(), experiment)) {
            try {
                ReproCommand.Result result = workspace.reproduce(experiment.stages(), dvjVersion, listener.stages(experiment));
                ReproCommand.StageResult failed = result.stages().stream()
                        .filter(s -> s.outcome() == ReproCommand.Outcome.FAILED).findFirst().orElse(null);
                outcome = failed == null
                        ? experiment.finished(Experiment.Status.SUCCESS, 0, null, List.of())
                        : experiment.finished(Experiment.Status.FAILED, failed.exit(), failed.error(), failed.stderrTail());
            } finally {
                changes = workspace.changes();
            }
        } catch (DvjException e) {
            outcome = experiment.finished(Experiment.Status.FAILED, 0, e.getMessage(), List.of());
        }
        Experiment saved = store.save(outcome, store.git().writeTree(experiment.commit(), changes), experiment.commit());
        listener.finished(saved);
        return saved;
    }
}
