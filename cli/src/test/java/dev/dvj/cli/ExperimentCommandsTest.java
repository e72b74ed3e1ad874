package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dvj exp run, show, diff, apply, branch, remove, push and pull through the real command line,
 * on a real Git repository with a tiny pipeline whose metric is a known function of its params.
 */
class ExperimentCommandsTest {
    /**
     * acc = lr * depth; the stage fails for depth 9, and writes when it started and ended (ms)
     * to times.txt, left to Git, so overlap of parallel runs can be read back from the commits.
     */
    static final String PIPELINE = """
            stages:
              train:
                cmd: sh train.sh ${train.lr} ${train.depth} ${train.sleep}
                deps: [data.txt, train.sh]
                params: [train]
                outs:
                - model.txt
                - times.txt: {cache: false}
                metrics:
                - metrics.json: {cache: false}
            """;

    static final String TRAIN = """
            date +%s%3N > times.txt
            if [ "$2" -ge 9 ]; then echo "depth $2 is too deep" >&2; exit 3; fi
            sleep "$3"
            echo "model $1 $2 $(cat data.txt)" > model.txt
            awk -v lr="$1" -v depth="$2" 'BEGIN { printf "{\\"acc\\": %.4f}", lr * depth }' > metrics.json
            date +%s%3N >> times.txt
            """;

    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        cli = new Cli(repo.root, repo.env);
        repo.write("data.txt", "hello data\n");
        repo.write("params.yaml", "# how we train\ntrain:\n  lr: 0.1    # learning rate\n  depth: 2\n  sleep: 0\n");
        repo.write("dvj.yaml", PIPELINE);
        repo.write("train.sh", TRAIN);
        assertEquals(0, cli.run("add", "data.txt").exit());
        Cli.Run repro = cli.run("repro");
        assertEquals(0, repro.exit(), repro.err());
        try (Git git = repo.git()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("base").call();
        }
        assertEquals("{\"acc\": 0.2000}", repo.read("metrics.json"));
    }

    @Test
    void aGridOfFourRunsBesideTheBranchAndShowsEachWithItsParamsAndMetrics() throws Exception {
        String head = head();
        Cli.Run run = cli.run("exp", "run", "-S", "train.lr=0.1,0.2", "-S", "train.depth=2,3", "--json");
        assertEquals(0, run.exit(), run.err());
        assertEquals(4, run.json().size());

        JsonNode rows = cli.run("exp", "show", "--json").json();
        assertEquals(5, rows.size(), rows.toString());
        assertEquals("base", rows.get(0).get("status").asText());
        for (int i = 1; i < 5; i++) {
            JsonNode row = rows.get(i);
            assertEquals("success", row.get("status").asText(), row.toString());
            double lr = row.get("params").get("params.yaml").get("train.lr").asDouble();
            int depth = row.get("params").get("params.yaml").get("train.depth").asInt();
            assertEquals(lr * depth, row.get("metrics").get("metrics.json").get("acc").asDouble(), 1e-9, row.toString());
            assertEquals(head, row.get("base").asText());
        }
        List<String> combinations = new ArrayList<>();
        rows.forEach(r -> combinations.add(r.path("set").toString()));
        assertTrue(combinations.contains("[\"train.lr=0.2\",\"train.depth=3\"]"), combinations.toString());

        JsonNode best = cli.run("exp", "show", "--json", "--sort-by", "acc").json();
        assertEquals(0.6, best.get(1).get("metrics").get("metrics.json").get("acc").asDouble(), 1e-9);
        assertEquals(0.2, best.get(4).get("metrics").get("metrics.json").get("acc").asDouble(), 1e-9);
        JsonNode worst = cli.run("exp", "show", "--json", "--sort-by", "acc", "--ascending").json();
        assertEquals(0.2, worst.get(1).get("metrics").get("metrics.json").get("acc").asDouble(), 1e-9);
        assertTrue(cli.run("exp", "show", "--md").out().contains("| train.lr |"));

        // The user's branch, index and files are as they were; no temporary workspace is left.
        assertEquals(head, head());
        assertTrue(repo.read("params.yaml").contains("lr: 0.1    # learning rate"));
        assertTrue(clean(), "the work tree and index are clean");
        assertFalse(Files.exists(repo.path(".dvj/tmp/exps")) && Files.list(repo.path(".dvj/tmp/exps")).findAny().isPresent());
        // The edit kept the file's comments and layout: only the value changed.
        String name = best.get(1).get("name").asText();
        assertEquals("# how we train\ntrain:\n  lr: 0.2    # learning rate\n  depth: 3\n  sleep: 0\n", show(name, "params.yaml"));
    }

    @Test
    void aFailingVariantIsRecordedAsFailedWithoutMetricsAndTheOthersStillRun() throws Exception {
        Cli.Run run = cli.run("exp", "run", "-S", "train.depth=9,3", "-n", "deep");
        assertEquals(7, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("experiment deep-1 failed: stage train failed: its command exited with 3"), run.err());
        assertTrue(run.err().contains("depth 9 is too deep"), run.err());
        JsonNode rows = cli.run("exp", "show", "--json").json();
        JsonNode failed = find(rows, "deep-1");
        assertEquals("failed", failed.get("status").asText());
        assertEquals(3, failed.get("exit").asInt());
        assertTrue(failed.get("metrics").isEmpty(), "no metrics credited to a failed run: " + failed);
        assertEquals("success", find(rows, "deep-2").get("status").asText());
    }

    @Test
    void twoJobsRunTwoExperimentsAtOnce() throws Exception {
        Cli.Run run = cli.run("exp", "run", "-S", "train.sleep=1", "-S", "train.lr=0.3,0.4", "-n", "pair", "-j", "2");
        assertEquals(0, run.exit(), run.err());
        long[] first = times(show("pair-1", "times.txt"));
        long[] second = times(show("pair-2", "times.txt"));
        assertTrue(first[0] < second[1] && second[0] < first[1],
                "the runs overlap in time: " + first[0] + ".." + first[1] + " and " + second[0] + ".." + second[1]);
    }

    @Test
    void applyBringsTheRunIntoTheWorkspaceAndCommitRecordsTheSameLock() throws Exception {
        assertEquals(0, cli.run("exp", "run", "-S", "train.lr=0.5", "-n", "good").exit());
        String lock = show("good", "dvj.lock");

        repo.write("params.yaml", "train:\n  lr: 7\n  depth: 2\n  sleep: 0\n");
        Cli.Run refused = cli.run("exp", "apply", "good");
        assertEquals(6, refused.exit(), refused.err());
        assertTrue(refused.err().contains("params.yaml"), refused.err());
        assertEquals("train:\n  lr: 7\n  depth: 2\n  sleep: 0\n", repo.read("params.yaml"), "nothing changed");

        try (Git git = repo.git()) {
            git.checkout().addPath("params.yaml").call();
        }
        Cli.Run applied = cli.run("exp", "apply", "good");
        assertEquals(0, applied.exit(), applied.err());
        assertEquals("{\"acc\": 1.0000}", repo.read("metrics.json"));
        assertEquals("model 0.5 2 hello data\n", repo.read("model.txt"));
        assertEquals(0, cli.run("commit", "-m", "apply good").exit());
        assertEquals(lock, repo.read("dvj.lock"));
        assertTrue(clean(), "everything the experiment brought is committed");
        assertEquals(0, cli.run("status").exit());
    }

    @Test
    void badRequestsAreRefusedAndNothingIsQueued() throws Exception {
        Cli.Run unknownKey = cli.run("exp", "run", "-S", "train.lr=0.2", "-S", "train.nope=1");
        assertEquals(2, unknownKey.exit());
        assertTrue(unknownKey.err().contains("params.yaml has no param 'train.nope'"), unknownKey.err());
        Cli.Run unknownFile = cli.run("exp", "run", "-S", "other.yaml:x=1");
        assertEquals(2, unknownFile.exit());
        assertTrue(unknownFile.err().contains("other.yaml"), unknownFile.err());
        assertEquals(0, experimentRefs());

        assertEquals(0, cli.run("exp", "run", "--queue", "-n", "mine").exit());
        Cli.Run duplicate = cli.run("exp", "run", "-n", "mine", "-S", "train.lr=0.3");
        assertEquals(2, duplicate.exit());
        assertTrue(duplicate.err().contains("an experiment named 'mine' exists already"), duplicate.err());
        assertEquals(2, cli.run("exp", "apply", "nosuch").exit());
        assertEquals(1, experimentRefs());
    }

    @Test
    void queuedExperimentsRunLaterAndCanBeBranchedAndRemoved() throws Exception {
        Cli.Run queued = cli.run("exp", "run", "--queue", "-S", "train.lr=0.3,0.4", "-n", "later");
        assertEquals(0, queued.exit(), queued.err());
        JsonNode rows = cli.run("exp", "show", "--json").json();
        assertEquals("queued", find(rows, "later-1").get("status").asText());
        assertTrue(find(rows, "later-1").get("metrics").isEmpty());

        Cli.Run all = cli.run("exp", "run", "--run-all", "-j", "2");
        assertEquals(0, all.exit(), all.err());
        rows = cli.run("exp", "show", "--json").json();
        assertEquals(0.8, find(rows, "later-2").get("metrics").get("metrics.json").get("acc").asDouble(), 1e-9);

        Cli.Run diff = cli.run("exp", "diff", "later-1", "later-2", "--json");
        assertEquals(0, diff.exit(), diff.err());
        assertTrue(diff.out().contains("train.lr"), diff.out());

        assertEquals(0, cli.run("exp", "branch", "later-2", "try-later").exit());
        try (Git git = repo.git()) {
            assertEquals(git.getRepository().resolve("refs/exps/later-2"), git.getRepository().resolve("refs/heads/try-later"));
        }
        assertEquals(0, cli.run("exp", "remove", "later-1").exit());
        assertEquals(1, experimentRefs());
        assertEquals(0, cli.run("exp", "remove", "--all").exit());
        assertEquals(0, experimentRefs());
    }

    @Test
    void metricsShowAndLineageTakeExperimentNamesAsRevisions() throws Exception {
        assertEquals(0, cli.run("exp", "run", "-S", "train.depth=5", "-n", "five").exit());
        Cli.Run metrics = cli.run("metrics", "show", "--rev", "five", "--json");
        assertEquals(0, metrics.exit(), metrics.err());
        assertTrue(metrics.out().contains("0.5"), metrics.out());
        Cli.Run lineage = cli.run("lineage", "model.txt", "--rev", "five");
        assertEquals(0, lineage.exit(), lineage.err());
        assertTrue(lineage.out().contains("depth=5"), lineage.out());
    }

    @Test
    void experimentsTravelThroughABareGitRemoteAndAFolderRemoteIntoAFreshClone() throws Exception {
        Path bare = dir.resolve("origin.git");
        Path store = dir.resolve("store");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        assertEquals(0, cli.run("remote", "add", "-d", "store", store.toString()).exit());
        try (Git git = repo.git()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("remote").call();
            git.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString())).call();
            git.push().setRemote("origin").add("main").call();
        }
        assertEquals(0, cli.run("push").exit());
        assertEquals(0, cli.run("exp", "run", "-S", "train.lr=0.7,0.9", "-n", "shared").exit());
        Cli.Run pushed = cli.run("exp", "push", "origin", "--json");
        assertEquals(0, pushed.exit(), pushed.err());
        assertEquals(2, pushed.json().get("experiments").size());

        Path cloneDir = dir.resolve("clone");
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(cloneDir.toFile()).call().close();
        TestRepo clone = TestRepo.existing(cloneDir, repo.env);
        Cli cloneCli = new Cli(clone.root, clone.env);
        assertEquals(1, cloneCli.run("exp", "show", "--json").json().size(), "no experiments before the pull");
        Cli.Run pulled = cloneCli.run("exp", "pull", "origin");
        assertEquals(0, pulled.exit(), pulled.err());
        JsonNode rows = cloneCli.run("exp", "show", "--json").json();
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(1.8, find(rows, "shared-2").get("metrics").get("metrics.json").get("acc").asDouble(), 1e-9);
        Cli.Run applied = cloneCli.run("exp", "apply", "shared-2");
        assertEquals(0, applied.exit(), applied.err());
        assertEquals("model 0.9 2 hello data\n", clone.read("model.txt"), "the model came through the folder remote");
    }

    private static JsonNode find(JsonNode rows, String name) {
        for (JsonNode row : rows) {
            if (row.get("name").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name + " in " + rows);
    }

    private static long[] times(String text) {
        String[] lines = text.trim().split("\n");
        return new long[] {Long.parseLong(lines[0].trim()), Long.parseLong(lines[1].trim())};
    }

    private String head() throws Exception {
        try (Git git = repo.git()) {
            return git.getRepository().resolve("HEAD").getName();
        }
    }

    private boolean clean() throws Exception {
        try (Git git = repo.git()) {
            return git.status().call().isClean();
        }
    }

    private int experimentRefs() throws Exception {
        try (Git git = repo.git()) {
            return git.getRepository().getRefDatabase().getRefsByPrefix("refs/exps/").size();
        }
    }

    /** A file as an experiment's commit holds it. */
    private String show(String experiment, String path) throws Exception {
        try (Git git = repo.git(); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repository = git.getRepository();
            ObjectId commit = repository.resolve("refs/exps/" + experiment);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(commit).getTree())) {
                return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
