package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.workspace.GitIgnoreFile;
import dev.dvj.core.workspace.Materializer;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code dvj repro}: runs the stages whose command, deps, params or outputs differ from
 * {@code dvj.lock}, in dependency order, up to {@code jobs} independent stages at once. Each stage
 * that succeeds has its outputs cached and its lock entry written at once, so a later failure
 * leaves every finished stage correctly recorded and the failed stage's entry untouched.
 */
public final class ReproCommand {
    private final Repository repository;

    public ReproCommand(Repository repository) {
        this.repository = repository;
    }

    /**
     * @param targets    stage names ({@code dvj.yaml} or none: every stage)
     * @param single     only the targets, not what they depend on
     * @param downstream the targets and every stage that depends on them
     * @param runCache   restore a changed stage's outputs from an earlier run with the same inputs
     *                   instead of running it (never with {@code force})
     */
    public record Options(List<String> targets, boolean force, boolean single, boolean downstream, boolean dry,
                          int jobs, boolean keepGoing, boolean runCache, String dvjVersion) {
    }

    /** RESTORED: the outputs came from the run-cache; the command did not run. */
    public enum Outcome { UP_TO_DATE, RAN, RESTORED, WOULD_RUN, FAILED, NOT_RUN }

    /** @param error why a FAILED stage failed, one line */
    public record StageResult(String stage, Outcome outcome, List<String> reasons, List<String> commands, int exit,
                              double seconds, String error, List<String> stderrTail) {
    }

    public record Result(List<StageResult> stages) {
        public boolean failed() {
            return stages.stream().anyMatch(s -> s.outcome() == Outcome.FAILED);
        }
    }

    /** Hears what happens as it happens; called from worker threads. */
    public interface Listener {
        void starting(Stage stage, List<String> reasons);

        void line(Stage stage, String text, boolean stderr);

        void finished(StageResult result);

        /** Something went wrong beside the run, which goes on (an OpenLineage event not sent). */
        default void warning(String text) {
        }
    }

    public Result run(Options options, Listener listener) {
        Pipeline pipeline = PipelineLoader.workspace(repository);
        Dag dag = Dag.of(pipeline);
        OutputOwnership.requireStagesOwnTheirOutputs(repository, pipeline);
        List<Stage> plan = dag.ordered(select(dag, options));
        try (RepositoryLock lock = repository.lock()) {
            Workspace workspace = new Workspace(repository);
            refuseMissingSources(dag, plan, workspace);
            refuseMissingParams(dag, plan);
            Map<String, StageLock> locks = new TreeMap<>(new Outputs(repository).readLock());
            try (OpenLineageEvents events = OpenLineageEvents.of(repository, listener::warning)) {
                Run run = new Run(dag, plan, options, listener, workspace, locks, events);
                run.execute();
                stageInGit(run);
                return new Result(run.results());
            }
        } finally {
            repository.flush();
        }
    }

    private static Set<String> select(Dag dag, Options options) {
        List<String> names = new ArrayList<>();
        for (String target : options.targets()) {
            if (!target.equals(Pipeline.FILE)) {
                names.add(dag.pipeline().stage(target).name());
            }
        }
        if (names.isEmpty()) {
            return new LinkedHashSet<>(dag.pipeline().stages().stream().map(Stage::name).toList());
        }
        Set<String> chosen = new LinkedHashSet<>(names);
        if (options.downstream()) {
            chosen.addAll(dag.withDownstream(names));
        }
        if (!options.single() && !options.downstream()) {
            chosen.addAll(dag.withUpstream(names));
        }
        return chosen;
    }

    /** Every dep no stage writes must exist before anything runs. */
    private void refuseMissingSources(Dag dag, List<Stage> plan, Workspace workspace) {
        for (Stage stage : plan) {
            for (String dep : stage.deps()) {
                if (dag.writerOf(dep) == null && !Files.exists(repository.resolve(dep))) {
                    throw DvjException.invalid(dag.pipeline().file() + ":" + stage.line() + ": stages." + stage.name()
                            + ": dep '" + dep + "' does not exist, and no stage writes it");
                }
            }
        }
    }

    /**
     * Every params file no stage writes must exist and hold every key the planned stages name,
     * before anything runs: a missing one is a mistake in the input (exit 2, naming the file and
     * key), not a stage that failed.
     */
    private void refuseMissingParams(Dag dag, List<Stage> plan) {
        Map<String, Map<String, Object>> files = new TreeMap<>();
        for (Stage stage : plan) {
            for (ParamRef ref : stage.params()) {
                if (dag.writerOf(ref.file()) != null) {
                    continue;
                }
                String where = dag.pipeline().file() + ":" + stage.line() + ": stages." + stage.name() + ": ";
                if (!files.containsKey(ref.file())) {
                    byte[] bytes = PipelineLoader.readOrNull(repository, ref.file());
                    files.put(ref.file(), bytes == null ? null : ParamsFile.parse(bytes, ref.file()));
                }
                Map<String, Object> values = files.get(ref.file());
                if (values == null) {
                    throw DvjException.invalid(where + "params file '" + ref.file() + "' does not exist"
                            + (ref.key() == null ? "" : " (the stage reads '" + ref.key() + "' from it)"));
                }
                if (ref.key() != null && ParamsFile.get(values, ref.key()) == ParamsFile.MISSING) {
                    throw DvjException.invalid(where + "param '" + ref.key() + "' is not in " + ref.file());
                }
            }
        }
    }

    private void stageInGit(Run run) {
        if (run.touched.isEmpty()) {
            return;
        }
        Set<String> paths = new LinkedHashSet<>(run.touched);
        paths.add(LockFile.FILE);
        repository.scm().stage(paths);
    }

    /** One repro: the schedule, the lock as it evolves, and the results so far. */
    private final class Run {
        private final Dag dag;
        private final List<Stage> plan;
        private final Options options;
        private final Listener listener;
        private final Workspace workspace;
        private final RunCache runCache = new RunCache(repository.cache());
        private final RunLog runLog = new RunLog(repository);
        private final Map<String, StageLock> locks;
        private final Set<String> planned = new LinkedHashSet<>();
        private final Map<String, StageResult> done = new LinkedHashMap<>();
        private final Set<String> started = new LinkedHashSet<>();
        private final Set<String> touched = new LinkedHashSet<>();
        private boolean stopping;

        private final OpenLineageEvents events;

        Run(Dag dag, List<Stage> plan, Options options, Listener listener, Workspace workspace, Map<String, StageLock> locks,
            OpenLineageEvents events) {
            this.events = events;
            this.dag = dag;
            this.plan = plan;
            this.options = options;
            this.listener = listener;
            this.workspace = workspace;
            this.locks = locks;
            plan.forEach(stage -> planned.add(stage.name()));
        }

        List<StageResult> results() {
            List<StageResult> ordered = new ArrayList<>();
            for (Stage stage : plan) {
                ordered.add(done.get(stage.name()));
            }
            return ordered;
        }

        void execute() {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.jobs()), r -> {
                Thread thread = new Thread(r, "dvj-stage");
                thread.setDaemon(true);
                return thread;
            });
            try {
                synchronized (this) {
                    while (done.size() < plan.size()) {
                        for (Stage stage : plan) {
                            if (!started.contains(stage.name()) && ready(stage)) {
                                started.add(stage.name());
                                pool.submit(() -> runOne(stage));
                            }
                        }
                        if (done.size() < plan.size()) {
                            wait();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DvjException.data("interrupted while stages were running", e);
            } finally {
                pool.shutdownNow();
            }
        }

        /** True when the stage can start now; marks it NOT_RUN when it never will. */
        private boolean ready(Stage stage) {
            boolean blocked = stopping;
            for (String up : dag.upstreamOf(stage.name())) {
                if (!planned.contains(up)) {
                    continue;
                }
                StageResult result = done.get(up);
                if (result == null && !blocked) {
                    return false;
                }
                blocked |= result != null && (result.outcome() == Outcome.FAILED || result.outcome() == Outcome.NOT_RUN);
            }
            if (blocked) {
                started.add(stage.name());
                done.put(stage.name(), new StageResult(stage.name(), Outcome.NOT_RUN, List.of(), stage.commands(), 0, 0,
                        null, List.of()));
                return false;
            }
            return true;
        }

        private void runOne(Stage stage) {
            StageResult result;
            try {
                result = reproduce(stage);
            } catch (DvjException e) {
                result = new StageResult(stage.name(), Outcome.FAILED, List.of(), stage.commands(), 0, 0, e.getMessage(), List.of());
            } catch (RuntimeException e) {
                result = new StageResult(stage.name(), Outcome.FAILED, List.of(), stage.commands(), 0, 0, String.valueOf(e), List.of());
            }
            listener.finished(result);
            synchronized (this) {
                done.put(stage.name(), result);
                if (result.outcome() == Outcome.FAILED && !options.keepGoing()) {
                    stopping = true;
                }
                notifyAll();
            }
        }

        private StageResult reproduce(Stage stage) {
            List<String> reasons;
            StageLock previous;
            synchronized (this) {
                previous = locks.get(stage.name());
            }
            if (options.force()) {
                reasons = List.of("forced");
            } else if (options.dry() && upstreamWouldRun(stage)) {
                reasons = List.of("an upstream stage would run");
            } else {
                reasons = StageChanges.of(stage, previous, workspace);
            }
            if (reasons.isEmpty()) {
                return new StageResult(stage.name(), Outcome.UP_TO_DATE, reasons, stage.commands(), 0, 0, null, List.of());
            }
            if (options.dry()) {
                return new StageResult(stage.name(), Outcome.WOULD_RUN, reasons, stage.commands(), 0, 0, null, List.of());
            }
            String invalid = options.force() ? null : InputSchemas.firstMisfit(repository, dag.pipeline(), stage);
            if (invalid != null) {
                return new StageResult(stage.name(), Outcome.FAILED, reasons, stage.commands(), 0, 0, invalid, List.of());
            }
            Inputs inputs = inputs(stage);
            String key = RunCache.eligible(stage) ? RunCache.key(stage, inputs.deps(), inputs.params()) : null;
            if (key != null && options.runCache() && !options.force()) {
                StageLock earlier = runCache.lookup(key);
                if (earlier != null) {
                    return restore(stage, reasons, inputs, earlier);
                }
            }
            listener.starting(stage, reasons);
            return execute(stage, reasons, inputs, key);
        }

        /** The deps' content and the param values a stage is about to run with. */
        private record Inputs(List<StageLock.LockedPath> deps, Map<String, Map<String, Object>> params) {
        }

        private Inputs inputs(Stage stage) {
            List<StageLock.LockedPath> deps = new ArrayList<>();
            for (String dep : stage.deps()) {
                StageLock.LockedPath content = workspace.content(dep, false, true);
                if (content == null) {
                    throw DvjException.invalid("stage " + stage.name() + ": dep '" + dep + "' does not exist");
                }
                deps.add(content);
            }
            Map<String, Map<String, Object>> params = workspace.params(stage);
            params.forEach((file, values) -> values.forEach((key, value) -> {
                if (value == ParamsFile.MISSING) {
                    throw DvjException.invalid("stage " + stage.name() + ": " + file + " has no param '" + key + "'");
                }
            }));
            return new Inputs(deps, params);
        }

        /**
         * Puts an earlier run's outputs back from the cache and records that run, marked restored,
         * as the stage's lock entry: who ran it, when and how long stay those of the real run.
         */
        private StageResult restore(Stage stage, List<String> reasons, Inputs inputs, StageLock earlier) {
            Materializer materializer = new Materializer(repository);
            for (StageOutput out : stage.outs()) {
                StageOutputs.remove(repository, out);
                StageLock.LockedPath recorded = earlier.out(out.path());
                materializer.placeWhole(out.path(), ObjectId.parse(recorded.oid()), recorded.size());
                ignoreInGit(out.path());
            }
            StageLock.RunRecord was = earlier.run();
            StageLock.RunRecord record = was == null ? null : was.asRestored();
            record(stage.name(), new StageLock(stage.cmdText(), inputs.deps(), inputs.params(), earlier.outs(), record));
            return new StageResult(stage.name(), Outcome.RESTORED, reasons, stage.commands(), 0, 0, null, List.of());
        }

        private synchronized boolean upstreamWouldRun(Stage stage) {
            return dag.upstreamOf(stage.name()).stream().map(done::get)
                    .anyMatch(r -> r != null && r.outcome() == Outcome.WOULD_RUN);
        }

        private StageResult execute(Stage stage, List<String> reasons, Inputs inputs, String runKey) {
            for (StageOutput out : stage.outs()) {
                if (!out.persist()) {
                    StageOutputs.remove(repository, out);
                }
            }
            Instant start = repository.env().clock().instant();
            java.util.UUID lineageRun = events.enabled()
                    ? events.start(stage, inputs.deps(), start.atZone(java.time.ZoneOffset.UTC)) : null;
            long startNanos = System.nanoTime();
            CommandRunner.Outcome outcome;
            try {
                outcome = CommandRunner.run(stage.commands(), repository.resolve(stage.wdir()), repository.commandEnvironment(),
                        (text, stderr) -> listener.line(stage, text, stderr));
            } catch (IOException e) {
                failed(stage, inputs, start, startNanos, 0, lineageRun, "cannot start its command: " + e.getMessage());
                throw DvjException.invalid("stage " + stage.name() + ": cannot start its command: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed(stage, inputs, start, startNanos, 0, lineageRun, "interrupted");
                throw DvjException.data("stage " + stage.name() + " was interrupted", e);
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (outcome.exit() != 0) {
                failed(stage, inputs, start, startNanos, outcome.exit(), lineageRun, "its command exited with " + outcome.exit());
                return new StageResult(stage.name(), Outcome.FAILED, reasons, stage.commands(), outcome.exit(), seconds,
                        "stage " + stage.name() + " failed: its command exited with " + outcome.exit(), outcome.stderrTail());
            }
            workspace.forgetParams();
            List<StageLock.LockedPath> outs = new ArrayList<>();
            for (StageOutput out : stage.outs()) {
                StageLock.LockedPath content = workspace.content(out.path(), out.cache(), out.cache());
                if (content == null) {
                    failed(stage, inputs, start, startNanos, 0, lineageRun, "it did not write its output " + out.path());
                    return new StageResult(stage.name(), Outcome.FAILED, reasons, stage.commands(), 0, seconds,
                            "stage " + stage.name() + " did not write its output " + out.path(), List.of());
                }
                if (out.cache()) {
                    ignoreInGit(out.path());
                } else {
                    // Left to Git (metrics, plots, cache: false): staged like dvj.lock, or a commit
                    // would pair the new lock with the old file, and history would credit the new
                    // data with the old metric.
                    synchronized (this) {
                        touched.add(out.path());
                    }
                }
                outs.add(content);
            }
            StageLock.RunRecord record = runRecord(stage, start, seconds, 0);
            runLog.append(stage.name(), "ran", record, null);
            StageLock lock = new StageLock(stage.cmdText(), inputs.deps(), inputs.params(), outs, record);
            record(stage.name(), lock);
            if (lineageRun != null) {
                events.complete(lineageRun, stage, inputs.deps(), outs);
            }
            if (runKey != null) {
                runCache.save(runKey, stage.name(), lock);
            }
            return new StageResult(stage.name(), Outcome.RAN, reasons, stage.commands(), 0, seconds, null, List.of());
        }

        /** A run that failed: logged, with its record, and sent as an OpenLineage FAIL when events are on. */
        private void failed(Stage stage, Inputs inputs, Instant start, long startNanos, int exit, java.util.UUID lineageRun, String why) {
            runLog.append(stage.name(), "failed", runRecord(stage, start, (System.nanoTime() - startNanos) / 1e9, exit), why);
            if (lineageRun != null) {
                events.fail(lineageRun, stage, inputs.deps(), why);
            }
        }

        /** This run's record: who, when, how long, on what machine, with which environment files. */
        private StageLock.RunRecord runRecord(Stage stage, Instant start, double seconds, int exit) {
            return new StageLock.RunRecord(start.toString(), seconds, exit, repository.env().user(), repository.env().host(),
                    options.dvjVersion(), false, RunEnvironment.machine(), RunEnvironment.hashes(repository, stage.env()));
        }

        private void ignoreInGit(String path) {
            Path data = repository.boundary().writable(path);
            try {
                if (GitIgnoreFile.add(data.getParent(), data.getFileName().toString())) {
                    synchronized (this) {
                        touched.add(repository.relative(data.resolveSibling(GitIgnoreFile.NAME)));
                    }
                }
            } catch (IOException e) {
                throw DvjException.data("cannot update " + data.resolveSibling(GitIgnoreFile.NAME) + ": " + e.getMessage(), e);
            }
        }

        /** Writes the whole lock, with this stage's new entry, atomically: the lock is never half-written. */
        private synchronized void record(String stage, StageLock lock) {
            locks.put(stage, lock);
            try {
                AtomicFiles.write(repository.resolve(LockFile.FILE), LockFile.write(locks));
            } catch (IOException e) {
                throw DvjException.data("cannot write " + LockFile.FILE + ": " + e.getMessage(), e);
            }
            touched.add(LockFile.FILE);
        }
    }
}
