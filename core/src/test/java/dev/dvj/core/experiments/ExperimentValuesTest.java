package dev.dvj.core.experiments;

import dev.dvj.core.scm.HistoryScope;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Params and metrics read from the workspace and from real Git commits. */
class ExperimentValuesTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("params.yaml", "train:\n  lr: 0.1\n  layers: [8, 4]\nseed: 1\n");
        repo.write("eval.yaml", "threshold: 0.5\n");
        repo.write("dvj.yaml", """
                stages:
                  train:
                    cmd: echo train
                    params: [train, eval.yaml:]
                    metrics:
                    - scores.json: {cache: false}
                """);
        repo.write("scores.json", "{\"acc\": 0.3, \"per_class\": {\"a\": 1, \"b\": 0.5}}");
    }

    private void commit(String message) throws Exception {
        try (Git git = repo.git()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage(message).call();
        }
    }

    @Test
    void beforeTheFirstCommitEveryParamIsNewAndSubtreesAndWholeFilesAreFlattened() {
        try (Repository r = repo.open()) {
            ExperimentValues.Comparison diff = new ExperimentValues(r).diff(null, null, false, false);
            assertEquals("HEAD", diff.a().rev());
            assertEquals("{eval.yaml={threshold=0.5}, params.yaml={train.layers=[8, 4], train.lr=0.1}}",
                    diff.b().values().toString(), "'seed' is read by no stage");
            assertEquals(3, diff.changes().size());
            assertTrue(diff.changes().stream().allMatch(c -> c.old() == null));
        }
    }

    @Test
    void metricsDeltasAreExactAndUnchangedKeysOnlyShowWithAll() throws Exception {
        commit("first");
        repo.write("scores.json", "{\"acc\": 0.1, \"per_class\": {\"a\": 1, \"b\": 0.75}}");
        try (Repository r = repo.open()) {
            ExperimentValues values = new ExperimentValues(r);
            List<ValueDiff.Change> changed = values.diff(null, null, true, false).changes();
            assertEquals(List.of("acc", "per_class.b"), changed.stream().map(ValueDiff.Change::key).toList());
            assertEquals(new BigDecimal("-0.2"), changed.get(0).delta(), "0.1 - 0.3 is -0.2, not -0.19999999999999998");
            assertEquals(3, values.diff("HEAD", null, true, true).changes().size());
        }
    }

    @Test
    void historyListsTheWorkspaceThenEachCommitNewestFirstWithItsRefs() throws Exception {
        commit("first");
        try (Git git = repo.git()) {
            git.tag().setName("v1").call();
        }
        repo.write("scores.json", "{\"acc\": 0.9}");
        commit("second");
        repo.write("scores.json", "not: [valid");
        try (Repository r = repo.open()) {
            List<RevisionValues> rows = new ExperimentValues(r).history(true, List.of(), Set.of(HistoryScope.ALL_COMMITS), true);
            assertEquals(List.of("workspace", "main", "v1"), rows.stream().map(RevisionValues::rev).toList());
            assertTrue(rows.get(0).errors().get("scores.json").startsWith("scores.json:1"), rows.get(0).errors().toString());
            assertNull(rows.get(0).commit());
            assertEquals("second", rows.get(1).commit().subject());
            assertEquals(0.3, rows.get(2).values().get("scores.json").get("acc"));
        }
    }
}
