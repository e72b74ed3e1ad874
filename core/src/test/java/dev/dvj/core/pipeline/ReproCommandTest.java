package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real pipelines of shell commands in a temp Git repository. */
class ReproCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;

    static final String PIPELINE = """
            stages:
              prepare:
                cmd: mkdir -p prepared && cp raw.txt prepared/data.txt && echo prepared
                deps: [raw.txt]
                outs: [prepared]
              train:
                cmd: sh -c 'cat prepared/data.txt; echo "lr=${train.lr}"' > model.txt
                deps: [prepared]
                params: [train.lr]
                outs: [model.txt]
              evaluate:
                cmd: echo '{"accuracy":0.9}' > metrics.json
                deps: [model.txt]
                params: [eval.threshold]
                metrics:
                - metrics.json: {cache: false}
            """;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("raw.txt", "raw v1\n");
        repo.write("params.yaml", "train:\n  lr: 0.1\neval:\n  threshold: 0.5\n");
        repo.write("dvj.yaml", PIPELINE);
    }

    private ReproCommand.Result repro(String... targets) {
        return repro(new ReproCommand.Options(List.of(targets), false, false, false, false, 1, false, true, "test"));
    }

    private ReproCommand.Result repro(ReproCommand.Options options) {
        try (Repository r = repo.open()) {
            return new ReproCommand(r).run(options, new ReproCommand.Listener() {
                @Override
                public void starting(Stage stage, List<String> reasons) {
                }

                @Override
                public void line(Stage stage, String text, boolean stderr) {
                }

                @Override
                public void finished(ReproCommand.StageResult result) {
                }
            });
        }
    }

    private static List<String> ran(ReproCommand.Result result) {
        return result.stages().stream().filter(s -> s.outcome() == ReproCommand.Outcome.RAN).map(ReproCommand.StageResult::stage).toList();
    }

    private Map<String, StageLock> lock() throws Exception {
        return LockFile.parse(Files.readAllBytes(repo.path("dvj.lock")));
    }

    @Test
    void aStageMayNotWriteWhereAPointerTracksData() throws Exception {
        repo.write("data/a.txt", "a");
        Files.delete(repo.path("dvj.yaml"));
        try (Repository r = repo.open()) {
            new dev.dvj.core.api.AddCommand(r).run(List.of(repo.path("data")), null);
        }
        // Declared after the add, which would have refused it otherwise.
        repo.write("dvj.yaml", "stages:\n  make:\n    cmd: echo new > data/foo\n    outs: [data/foo]\n");
        DvjException e = assertThrows(DvjException.class, () -> repro());
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().contains("stages.make: output 'data/foo' is inside 'data', which is tracked by data.dvj"),
                e.getMessage());
        assertFalse(Files.exists(repo.path("data/foo")), "the stage never ran");
    }

    @Test
    void aMissingParamsFileOrKeyIsInvalidInputAndNothingRuns() throws Exception {
        repo.write("dvj.yaml", """
                stages:
                  prepare:
                    cmd: mkdir prepared
                    outs: [prepared]
                  train:
                    cmd: echo trained > model.txt
                    deps: [prepared]
                    params: [train.lr]
                    outs: [model.txt]
                  evaluate:
                    cmd: echo 1 > metrics.json
                    deps: [model.txt]
                    params: [eval.threshold]
                    outs: [metrics.json]
                """);
        Files.delete(repo.path("params.yaml"));
        DvjException missingFile = assertThrows(DvjException.class, () -> repro());
        assertEquals(ErrorKind.INVALID_INPUT, missingFile.kind());
        assertTrue(missingFile.getMessage().contains("stages.train: params file 'params.yaml' does not exist (the stage reads 'train.lr' from it)"),
                missingFile.getMessage());
        assertFalse(Files.exists(repo.path("prepared")), "no stage ran");

        repo.write("params.yaml", "train:\n  lr: 0.1\n");
        DvjException missingKey = assertThrows(DvjException.class, () -> repro());
        assertEquals(ErrorKind.INVALID_INPUT, missingKey.kind());
        assertTrue(missingKey.getMessage().contains("stages.evaluate: param 'eval.threshold' is not in params.yaml"), missingKey.getMessage());
        assertFalse(Files.exists(repo.path("prepared")), "no stage ran");
    }

    @Test
    void firstReproRunsAllAndTheSecondRunsNone() throws Exception {
        assertEquals(List.of("prepare", "train", "evaluate"), ran(repro()));
        assertEquals("raw v1\nlr=0.1\n", repo.read("model.txt"));
        byte[] lockBytes = Files.readAllBytes(repo.path("dvj.lock"));
        StageLock train = lock().get("train");
        assertEquals(Map.of("params.yaml", Map.of("train.lr", 0.1)), train.params());
        assertEquals("prepared", train.deps().get(0).path());
        assertTrue(train.deps().get(0).oid().endsWith(".dir"));
        assertEquals("test", train.run().dvj());
        assertTrue(repo.staged("dvj.lock"));
        assertTrue(repo.read(".gitignore").contains("/model.txt"));
        assertFalse(repo.read(".gitignore").contains("metrics.json"), "cache: false outputs belong to Git");

        assertEquals(List.of(), ran(repro()));
        assertArrayEquals(lockBytes, Files.readAllBytes(repo.path("dvj.lock")), "no diff noise when nothing changed");
    }

    @Test
    void touchingADepRerunsItsStageAndDownstreamOnly() throws Exception {
        repro();
        repo.write("raw.txt", "raw v2\n");
        assertEquals(List.of("prepare", "train", "evaluate"), ran(repro()));
        repo.write("dvj.yaml", PIPELINE + """
                  other:
                    cmd: echo other > other.txt
                    outs: [other.txt]
                """);
        repro();
        repo.write("model.txt", "edited by hand\n");
        assertEquals(List.of("train"), ran(repro(new ReproCommand.Options(List.of(), false, false, false, false, 1, false,
                        false, "test"))),
                "a changed output reruns its stage; the stage rewrites the same model, so evaluate's dep is unchanged");
    }

    @Test
    void aParamChangeRerunsOnlyTheStagesReadingThatKey() throws Exception {
        repro();
        repo.write("params.yaml", "train:\n  lr: 0.1\neval:\n  threshold: 0.7\n");
        ReproCommand.Result result = repro();
        assertEquals(List.of("evaluate"), ran(result));
        assertEquals(List.of("param params.yaml:eval.threshold changed (0.5 -> 0.7)"), result.stages().get(2).reasons());
    }

    @Test
    void twoIndependentStagesRunConcurrentlyWithJ2() throws Exception {
        repo.write("dvj.yaml", """
                stages:
                  left:
                    cmd: sleep 1 && echo l > left.txt
                    outs: [left.txt]
                  right:
                    cmd: sleep 1 && echo r > right.txt
                    outs: [right.txt]
                """);
        repro(new ReproCommand.Options(List.of(), false, false, false, false, 2, false, true, "test"));
        StageLock.RunRecord left = lock().get("left").run();
        StageLock.RunRecord right = lock().get("right").run();
        Instant leftEnd = Instant.parse(left.started()).plusMillis((long) (left.duration() * 1000));
        Instant rightEnd = Instant.parse(right.started()).plusMillis((long) (right.duration() * 1000));
        assertTrue(Instant.parse(left.started()).isBefore(rightEnd) && Instant.parse(right.started()).isBefore(leftEnd),
                "the run records overlap: " + left + " / " + right);
    }

    @Test
    void aFailingStageLeavesUpstreamLocksCorrectAndItsOwnUntouched() throws Exception {
        repro();
        StageLock trainBefore = lock().get("train");
        repo.write("raw.txt", "raw v2\n");
        repo.write("dvj.yaml", PIPELINE.replace("cat prepared/data.txt;", "echo boom >&2; exit 3;"));
        ReproCommand.Result result = repro();
        assertTrue(result.failed());
        ReproCommand.StageResult train = result.stages().get(1);
        assertEquals(ReproCommand.Outcome.FAILED, train.outcome());
        assertEquals(3, train.exit());
        assertEquals(List.of("boom"), train.stderrTail());
        assertEquals(ReproCommand.Outcome.NOT_RUN, result.stages().get(2).outcome());
        try (Repository r = repo.open()) {
            assertTrue(StageChanges.of(PipelineLoader.workspace(r).stage("prepare"), lock().get("prepare"), new Workspace(r)).isEmpty(),
                    "prepare ran and its lock says so");
        }
        assertEquals(trainBefore, lock().get("train"));
        assertTrue(lock().get("train").cmd().contains("cat prepared/data.txt"), "train's entry still describes its last good run");
    }

    @Test
    void pipelineOutputsAreTrackedLikeAddedData() throws Exception {
        repro();
        try (Repository r = repo.open()) {
            List<String> outputs = new Outputs(r).all().stream().filter(o -> o.fromPipeline()).map(o -> o.dataPath()).toList();
            assertEquals(List.of("model.txt", "prepared"), outputs);
            assertTrue(r.cache().has(new Outputs(r).forTarget(repo.path("model.txt")).pointer().oid()));
        }
    }

    @Test
    void aMissingSourceDepIsRefusedBeforeAnythingRuns() throws Exception {
        Files.delete(repo.path("raw.txt"));
        DvjException e = assertThrows(DvjException.class, () -> repro());
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertEquals("dvj.yaml:3: stages.prepare: dep 'raw.txt' does not exist, and no stage writes it", e.getMessage());
        assertFalse(Files.exists(repo.path("dvj.lock")));
    }

    @Test
    void forceRerunsEvenWhenNothingChanged() {
        repro();
        assertEquals(List.of("prepare", "train", "evaluate"),
                ran(repro(new ReproCommand.Options(List.of(), true, false, false, false, 1, false, true, "test"))));
        assertEquals(List.of("train"), ran(repro(new ReproCommand.Options(List.of("train"), true, true, false, false, 1, false, true, "test"))));
        ReproCommand.Result dry = repro(new ReproCommand.Options(List.of(), false, false, false, true, 1, false, true, "test"));
        assertTrue(ran(dry).isEmpty());
        assertNotNull(dry.stages());
    }

    private static List<String> restored(ReproCommand.Result result) {
        return result.stages().stream().filter(s -> s.outcome() == ReproCommand.Outcome.RESTORED)
                .map(ReproCommand.StageResult::stage).toList();
    }

    @Test
    void switchingAParamBackRestoresTheEarlierResultFromTheRunCache() throws Exception {
        repo.write("dvj.yaml", PIPELINE.replace("cmd: sh -c 'cat", "cmd: echo run >> runs.log && sh -c 'cat"));
        repro();
        StageLock first = lock().get("train");
        repo.write("params.yaml", "train:\n  lr: 0.2\neval:\n  threshold: 0.5\n");
        assertEquals(List.of("train", "evaluate"), ran(repro()));
        assertEquals("raw v1\nlr=0.2\n", repo.read("model.txt"));

        repo.write("params.yaml", "train:\n  lr: 0.1\neval:\n  threshold: 0.5\n");
        ReproCommand.Result back = repro();
        assertEquals(List.of("train"), restored(back), "train's inputs match its first run");
        assertTrue(back.stages().get(1).reasons().contains("param params.yaml:train.lr changed (0.2 -> 0.1)"),
                back.stages().get(1).reasons().toString());
        assertEquals("raw v1\nlr=0.1\n", repo.read("model.txt"));
        assertEquals("run\nrun\n", repo.read("runs.log"), "the command did not run a third time");
        StageLock now = lock().get("train");
        assertEquals(first.outs(), now.outs());
        assertEquals(first.run().started(), now.run().started(), "the run record is the real run's");
        assertTrue(now.run().restored());
        assertEquals(List.of(), ran(repro()), "a restored stage is up to date");
    }

    @Test
    void noRunCacheAndForceRunTheCommandAnyway() throws Exception {
        repro();
        repo.write("model.txt", "edited by hand\n");
        ReproCommand.Result restoredRun = repro();
        assertEquals(List.of("train"), restored(restoredRun), "same inputs as the recorded run");
        assertEquals("raw v1\nlr=0.1\n", repo.read("model.txt"));
        repo.write("model.txt", "edited by hand\n");
        assertEquals(List.of("train"), ran(repro(new ReproCommand.Options(List.of(), false, false, false, false, 1, false,
                false, "test"))));
        assertEquals(List.of("train"), ran(repro(new ReproCommand.Options(List.of("train"), true, true, false, false, 1,
                false, true, "test"))));
    }

    @Test
    void stagesWithUncachedOrPersistentOutputsAreNeverRestored() throws Exception {
        repro();
        repo.write("metrics.json", "{}\n");
        assertEquals(List.of("evaluate"), ran(repro()), "metrics.json has cache: false, so the run-cache cannot hold it");
        try (Repository r = repo.open()) {
            Stage evaluate = PipelineLoader.workspace(r).stage("evaluate");
            assertFalse(RunCache.eligible(evaluate));
            assertTrue(RunCache.eligible(PipelineLoader.workspace(r).stage("train")));
        }
    }
}
