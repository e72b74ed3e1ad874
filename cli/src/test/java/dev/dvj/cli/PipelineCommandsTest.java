package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** stage add, repro, dag and the pipeline half of status, through the real command line. */
class PipelineCommandsTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        cli = new Cli(repo.root, repo.env);
        repo.write("raw.csv", "a,b\n1,2\n");
        repo.write("params.yaml", "train:\n  lr: 0.1\n");
        assertEquals(0, cli.run("stage", "add", "-n", "prepare", "-d", "raw.csv", "-o", "prepared.csv",
                "cp raw.csv prepared.csv").exit());
        assertEquals(0, cli.run("stage", "add", "-n", "train", "-d", "prepared.csv", "-p", "train.lr", "-o", "model.txt",
                "-M", "metrics.json", "--", "sh", "-c", "echo model > model.txt; echo '{\"acc\":0.9}' > metrics.json").exit());
    }

    @Test
    void stageAddWritesAPipelineThatReproRunsOnceAndStatusThenReportsClean() throws Exception {
        assertTrue(repo.read("dvj.yaml").startsWith("stages:\n  prepare:\n    cmd: cp raw.csv prepared.csv\n"));
        Cli.Run status = cli.run("status", "--json");
        assertEquals(1, status.exit());
        assertEquals("never run", status.json().get("stages").get(0).get("reasons").get(0).asText());

        Cli.Run first = cli.run("repro");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("Running stage 'prepare' (never run):"), first.out());
        assertEquals("{\"acc\":0.9}\n", repo.read("metrics.json"));
        assertEquals(0, cli.run("status").exit());
        // Two stage outputs share dvj.lock as their pointer: naming both must keep both.
        JsonNode named = cli.run("status", "--json", "prepared.csv", "model.txt").json().get("outputs");
        assertEquals(2, named.size(), named.toString());

        Cli.Run second = cli.run("repro", "--json");
        assertEquals(0, second.exit());
        JsonNode stages = second.json().get("stages");
        assertEquals("up-to-date", stages.get(0).get("outcome").asText());
        assertEquals("up-to-date", stages.get(1).get("outcome").asText());

        repo.write("params.yaml", "train:\n  lr: 0.2\n");
        Cli.Run changed = cli.run("status");
        assertEquals(1, changed.exit());
        assertTrue(changed.out().contains("train: param params.yaml:train.lr changed (0.1 -> 0.2)"), changed.out());
        Cli.Run dry = cli.run("repro", "--dry");
        assertTrue(dry.out().contains("Would run stage 'train'"), dry.out());
        assertEquals(1, cli.run("status").exit(), "a dry run changes nothing");
    }

    @Test
    void stageAddKeepsArgumentQuotingTakesParamsOfAnyFileAndNeedsAnExistingWorkingFolder() throws Exception {
        assertEquals(0, cli.run("stage", "add", "-n", "hello", "-O", "hello.txt", "--",
                "sh", "-c", "echo 'hello world' > hello.txt").exit());
        Cli.Run ran = cli.run("repro", "hello");
        assertEquals(0, ran.exit(), ran.err());
        assertEquals("hello world\n", repo.read("hello.txt"), "the command ran as typed, not split at its space");

        repo.write("conf.yaml", "lr: 0.1\nepochs: 3\nseed: 7\n");
        repo.write("all.yaml", "a: 1\n");
        assertEquals(0, cli.run("stage", "add", "-n", "tune", "-p", "conf.yaml:lr,epochs", "-p", "conf.yaml:seed",
                "-p", "all.yaml:", "-p", "train.lr", "-O", "tuned.txt", "echo tuned > tuned.txt").exit());
        String yaml = repo.read("dvj.yaml");
        assertTrue(yaml.contains("- conf.yaml:\n      - lr\n      - epochs\n      - seed\n    - all.yaml: []"), yaml);
        Cli.Run tuned = cli.run("repro", "tune");
        assertEquals(0, tuned.exit(), tuned.err());
        String lock = repo.read("dvj.lock");
        assertTrue(lock.contains("seed: 7") && lock.contains("a: 1") && lock.contains("lr: 0.1"), lock);

        Cli.Run noFolder = cli.run("stage", "add", "-n", "elsewhere", "-w", "nope", "-O", "x.txt", "echo > x.txt");
        assertEquals(ExitCodes.INVALID_INPUT, noFolder.exit());
        assertTrue(noFolder.err().contains("-w nope: no such folder"), noFolder.err());
        assertFalse(repo.read("dvj.yaml").contains("elsewhere"));
    }

    @Test
    void aFailingCommandExitsSevenWithItsStderrTail() throws Exception {
        repo.write("dvj.yaml", repo.read("dvj.yaml").replace("cp raw.csv prepared.csv", "echo disk full >&2; exit 4"));
        Cli.Run failed = cli.run("repro");
        assertEquals(7, failed.exit());
        assertTrue(failed.err().contains("dvj: error: stage prepare failed: its command exited with 4"), failed.err());
        assertTrue(failed.err().contains("  | disk full"), failed.err());
        assertTrue(failed.out().contains("Stage 'train' was not run"), failed.out());
        assertFalse(Files.exists(repo.path("dvj.lock")));
    }

    @Test
    void aCycleIsRefusedNamingTheStages() throws Exception {
        repo.write("dvj.yaml", """
                stages:
                  a:
                    cmd: cp b.txt a.txt
                    deps: [b.txt]
                    outs: [a.txt]
                  b:
                    cmd: cp a.txt b.txt
                    deps: [a.txt]
                    outs: [b.txt]
                """);
        Cli.Run run = cli.run("repro");
        assertEquals(2, run.exit());
        assertEquals("dvj: error: dvj.yaml: the stages form a cycle: a -> b -> a (each reads what the next writes)",
                run.err().strip());
    }

    @Test
    void malformedPipelinesGiveFileLineAndKey() throws Exception {
        repo.write("dvj.yaml", "stages:\n  train:\n    cmd: echo\n    outz: [x]\n");
        assertEquals("dvj: error: dvj.yaml:4: stages.train: unknown key 'outz' (expected one of always_changed, cmd, deps, "
                + "desc, env, frozen, meta, metrics, outs, params, plots, wdir)", cli.run("repro").err().strip());
        repo.write("dvj.yaml", "stages:\n  train:\n    cmd: echo ${train.rate}\n");
        assertEquals("dvj: error: dvj.yaml:3: stages.train.cmd: cannot interpolate: ${train.rate}: 'rate' is not defined "
                + "in 'train'", cli.run("repro").err().strip());
        repo.write("dvj.yaml", "stages:\n  a:\n    cmd: x\n    outs: [o]\n  b:\n    cmd: y\n    outs: [o]\n");
        assertEquals("dvj: error: dvj.yaml:6: stages 'a' and 'b' both write 'o'; each output has exactly one stage",
                cli.run("repro").err().strip());
        repo.write("dvj.yaml", "stages:\n  a:\n    cmd: x\n    outs: [../outside]\n");
        assertEquals("dvj: error: dvj.yaml:4: stages.a.outs: '../outside' leaves the repository", cli.run("repro").err().strip());
    }

    @Test
    void dagPrintsTextDotMermaidAndJson() {
        assertEquals("prepare -> train\ntrain\n", cli.run("dag").out());
        String dot = cli.run("dag", "--dot").out();
        assertTrue(dot.startsWith("digraph pipeline {") && dot.contains("\"prepare\" -> \"train\";") && dot.strip().endsWith("}"), dot);
        assertTrue(cli.run("dag", "--mermaid").out().contains("n0 --> n1"));
        JsonNode json = cli.run("dag", "--json", "--outs").json();
        assertEquals("raw.csv", json.get("edges").get(0).get("from").asText());
        assertEquals("prepared.csv", json.get("edges").get(0).get("to").asText());
    }

    @Test
    void dagOfTheDataIsOneGraphWhenAStageReadsAFileInsideAnotherStagesFolder() throws Exception {
        // The penguins pipeline's shape: 'features' writes a folder, train and evaluate read files in it.
        repo.write("dvj.yaml", """
                stages:
                  prepare:
                    cmd: cp raw.csv prepared.csv
                    deps: [raw.csv]
                    outs: [prepared.csv]
                  features:
                    cmd: mkdir -p features && cp prepared.csv features/train.csv && cp prepared.csv features/test.csv
                    deps: [prepared.csv]
                    outs: [features]
                  train:
                    cmd: cp features/train.csv model.bin
                    deps: [features/train.csv]
                    outs: [model.bin]
                  evaluate:
                    cmd: cat model.bin features/test.csv > metrics.json
                    deps: [model.bin, features/test.csv]
                    metrics:
                      - metrics.json: {cache: false}
                """);
        JsonNode json = cli.run("dag", "--outs", "--json").json();
        List<String> edges = new java.util.ArrayList<>();
        json.get("edges").forEach(e -> edges.add(e.get("from").asText() + " -> " + e.get("to").asText()));
        assertEquals(List.of("raw.csv -> prepared.csv", "prepared.csv -> features", "features -> model.bin",
                "model.bin -> metrics.json", "features -> metrics.json"), edges);
        List<String> nodes = new java.util.ArrayList<>();
        json.get("nodes").forEach(n -> nodes.add(n.asText()));
        assertEquals(List.of("raw.csv", "prepared.csv", "features", "model.bin", "metrics.json"), nodes,
                "no separate node for features/train.csv: it is part of 'features'");
    }

    private void commitAll(String message) throws Exception {
        try (var git = repo.git()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage(message).call();
        }
    }

    @Test
    void paramsAndMetricsCompareAcrossCommitsAndTheRunCacheRestoresAnOldParam() throws Exception {
        // Cached metrics, so the run-cache can restore them and old commits' values come from the cache.
        repo.write("dvj.yaml", repo.read("dvj.yaml").replace(":0.9}", ":${train.lr}}")
                .replace("- metrics.json:\n        cache: false", "- metrics.json"));
        assertEquals(0, cli.run("repro").exit());
        commitAll("lr 0.1");
        repo.write("params.yaml", "train:\n  lr: 0.25\n");
        assertEquals(0, cli.run("repro").exit());

        Cli.Run params = cli.run("params", "diff");
        assertEquals(0, params.exit(), params.err());
        assertEquals("""
                Path         Param     HEAD  workspace
                params.yaml  train.lr  0.1   0.25
                """, params.out());
        Cli.Run metrics = cli.run("metrics", "diff", "--md");
        assertEquals("""
                | Path | Metric | HEAD | workspace | Change |
                |---|---|---|---|---|
                | metrics.json | acc | 0.1 | 0.25 | 0.15 |
                """, metrics.out());
        commitAll("lr 0.25");

        Cli.Run history = cli.run("metrics", "show", "--all-commits", "--json");
        assertEquals(0, history.exit(), history.err());
        JsonNode rows = history.json();
        assertEquals(3, rows.size(), "the workspace and two commits");
        assertEquals("workspace", rows.get(0).get("rev").asText());
        assertEquals(0.25, rows.get(1).get("values").get("metrics.json").get("acc").asDouble());
        assertEquals("lr 0.1", rows.get(2).get("commit").get("subject").asText());
        assertEquals(0.1, rows.get(2).get("values").get("metrics.json").get("acc").asDouble(),
                "a cached metrics file of an old commit is read from the cache through that commit's dvj.lock");

        repo.write("params.yaml", "train:\n  lr: 0.1\n");
        Cli.Run back = cli.run("repro");
        assertEquals(0, back.exit(), back.err());
        assertTrue(back.out().contains("Stage 'train' (cmd changed, param params.yaml:train.lr changed (0.25 -> 0.1)): "
                + "restored its outputs from the run-cache, not running it."), back.out());
        assertTrue(back.out().contains("Restored 1 from the run-cache; dvj.lock is updated"), back.out());
        assertEquals("{\"acc\":0.1}\n", repo.read("metrics.json"));
        assertEquals(0, cli.run("repro", "--no-run-cache", "-f", "train").exit());
    }

    @Test
    void metricsShowWarnsAboutAMissingFileAndParamsNeedASubcommand() throws Exception {
        Cli.Run notRun = cli.run("metrics", "show");
        assertEquals(0, notRun.exit());
        assertEquals("", notRun.err(), "a stage that never ran has no metrics yet, and that is no error");
        assertEquals(0, cli.run("repro").exit());
        Files.delete(repo.path("metrics.json"));
        Cli.Run none = cli.run("metrics", "show");
        assertEquals(0, none.exit());
        assertTrue(none.err().contains("dvj: warning: metrics.json at workspace: missing"), none.err());
        Cli.Run bare = cli.run("params");
        assertEquals(2, bare.exit());
        assertTrue(bare.err().contains("name a subcommand: dvj params diff"), bare.err());
    }
}
