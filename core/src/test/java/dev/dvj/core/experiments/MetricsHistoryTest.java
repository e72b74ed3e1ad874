package dev.dvj.core.experiments;

import dev.dvj.core.api.CommitCommand;
import dev.dvj.core.pipeline.ReproCommand;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Which data version produced the best metric?" must be answered from what each commit really
 * holds: repro stages the metrics it wrote, and a metrics file that is not the one dvj.lock
 * records is reported as such, never credited to the commit's data.
 */
class MetricsHistoryTest {
    @TempDir
    Path dir;
    TestRepo repo;

    static final String PIPELINE = """
            stages:
              evaluate:
                cmd: sh count.sh
                deps: [data.csv, count.sh]
                metrics:
                - metrics.json: {cache: false}
            """;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("count.sh", "printf '{\"rows\": %s}\\n' $(wc -l < data.csv) > metrics.json\n");
        repo.write("dvj.yaml", PIPELINE);
        try (Git git = repo.git()) {
            git.add().addFilepattern("dvj.yaml").addFilepattern("count.sh").call();
        }
    }

    private void newDataVersion(String csv, String message) throws Exception {
        repo.write("data.csv", csv);
        repo.add("data.csv");
        repro();
        commit(message);
    }

    private void repro() {
        try (Repository r = repo.open()) {
            new ReproCommand(r).run(new ReproCommand.Options(List.of(), false, false, false, false, 1, false, true, "test"),
                    new ReproCommand.Listener() {
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

    private CommitCommand.Result commit(String message) {
        try (Repository r = repo.open()) {
            return new CommitCommand(r).run(List.of(), message, false);
        }
    }

    private RevisionValues metrics(String rev) {
        try (Repository r = repo.open()) {
            return new ExperimentValues(r).metrics(rev);
        }
    }

    @Test
    void eachCommitsMetricsAreTheOnesItsDataProduced() throws Exception {
        newDataVersion("a\nb\n", "two rows");
        assertTrue(repo.staged("metrics.json"), "repro stages the metrics it wrote, as it stages dvj.lock");
        newDataVersion("a\nb\nc\n", "three rows");
        assertEquals("{rows=3}", String.valueOf(metrics("HEAD").values().get("metrics.json")));
        assertEquals("{rows=2}", String.valueOf(metrics("HEAD~1").values().get("metrics.json")));
        try (Git git = repo.git()) {
            assertTrue(git.status().call().isClean(), "nothing the pipeline wrote is left out of the commit");
        }
    }

    @Test
    void aMetricsFileCommittedWithoutItsLockIsMarkedNotReported() throws Exception {
        newDataVersion("a\nb\n", "two rows");
        repo.write("data.csv", "a\nb\nc\nd\n");
        repo.add("data.csv");
        repro();
        try (Git git = repo.git()) {
            // As a user who commits by hand and forgets the metrics file would.
            git.reset().addPath("metrics.json").call();
            git.commit().setMessage("four rows, metrics left behind").call();
        }
        RevisionValues head = metrics("HEAD");
        assertTrue(head.values().get("metrics.json") == null, "the old figure is not credited to the new data: " + head.values());
        assertTrue(head.errors().get("metrics.json").contains("not the file stage 'evaluate' wrote"), head.errors().toString());
        assertEquals("{rows=4}", String.valueOf(metrics(null).values().get("metrics.json")), "the workspace's file is the one repro wrote");
    }

    @Test
    void commitWarnsWhenTheCodeOrPipelineOfARecordedStageIsNotInGit() throws Exception {
        try (Git git = repo.git()) {
            git.rm().setCached(true).addFilepattern("count.sh").addFilepattern("dvj.yaml").call();
        }
        repo.write("data.csv", "a\n");
        repo.add("data.csv");
        repro();
        List<String> warnings = commit("v1").warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("dvj.yaml is not in Git")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("count.sh (a dependency of stage 'evaluate') is in neither Git nor dvj")),
                warnings.toString());
        assertTrue(warnings.stream().noneMatch(w -> w.startsWith("data.csv")), "data dvj tracks needs no Git: " + warnings);
    }

    @Test
    void aCommitWhoseParamsFileWasNeverCommittedStillAnswersForItsParamsAndMetrics() throws Exception {
        // The README tour's slip: params.yaml written, used in a command, never added to Git.
        repo.write("params.yaml", "train:\n  top: 10\n");
        repo.write("dvj.yaml", """
                stages:
                  evaluate:
                    cmd: sh count.sh ${train.top}
                    deps: [data.csv, count.sh]
                    params: [train.top]
                    metrics:
                    - metrics.json: {cache: false}
                """);
        try (Git git = repo.git()) {
            git.add().addFilepattern("dvj.yaml").call();
        }
        newDataVersion("a\nb\n", "two rows");
        assertEquals("{rows=2}", String.valueOf(metrics("HEAD").values().get("metrics.json")),
                "the commit's metrics are read though its command cannot be interpolated there");
        try (Repository r = repo.open()) {
            ExperimentValues values = new ExperimentValues(r);
            assertTrue(values.params("HEAD").values().isEmpty() || values.params("HEAD").errors().isEmpty(),
                    "params at HEAD: none (the file is not in that commit), not an error");
            var diff = values.diff("HEAD", null, false, false);
            assertEquals(1, diff.changes().size(), "train.top: absent at HEAD, 10 in the workspace: " + diff.changes());
        }
    }
}
