package dev.dvj.cli;

import dev.dvj.core.pipeline.RunLog;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a stage's run records: the machine, its env files' hashes, and failed runs in the run log. */
class RunRecordTest {
    @TempDir
    Path dir;

    @Test
    void aRunRecordsItsMachineAndEnvFilesAndAFailedRunIsLogged() throws Exception {
        TestRepo repo = TestRepo.gitOnly(dir);
        Cli cli = new Cli(repo.root, repo.env);
        cli.run("init");
        repo.write("requirements.txt", "numpy==2.1\n");
        repo.write("in.txt", "x\n");
        repo.write("dvj.yaml", "stages:\n  copy:\n    cmd: cp in.txt out.txt\n    deps: [in.txt]\n    outs: [out.txt]\n"
                + "    env: [requirements.txt, missing.txt]\n");
        assertEquals(0, cli.run("repro").exit());

        StageLock.RunRecord run = LockFile.parse(Files.readAllBytes(repo.root.resolve("dvj.lock"))).get("copy").run();
        assertNotNull(run.machine());
        assertEquals(Runtime.getRuntime().availableProcessors(), run.machine().cpus());
        assertEquals(Runtime.version().toString(), run.machine().java());
        assertTrue(run.machine().memory() > 0 && run.machine().os().startsWith(System.getProperty("os.name")));
        assertEquals(Map.of("requirements.txt", dev.dvj.core.hash.Hashing.ofFile(repo.root.resolve("requirements.txt")).hex(),
                "missing.txt", "missing"), run.env());

        repo.write("dvj.yaml", "stages:\n  copy:\n    cmd: exit 3\n    deps: [in.txt]\n    outs: [out.txt]\n");
        assertEquals(7, cli.run("repro").exit());
        List<RunLog.Entry> runs;
        try (var r = repo.open()) {
            runs = new RunLog(r).entries();
        }
        assertEquals(List.of("ran", "failed"), runs.stream().map(RunLog.Entry::outcome).toList());
        assertEquals(3, runs.get(1).run().exit());
        assertEquals("its command exited with 3", runs.get(1).error());

        Cli.Run lineage = cli.run("lineage", "out.txt");
        assertTrue(lineage.out().contains("last run FAILED") && lineage.out().contains("exited with 3"), lineage.out());
        assertTrue(lineage.out().contains("env: missing.txt missing, requirements.txt "), lineage.out());
        Cli.Run json = cli.run("lineage", "out.txt", "--json");
        assertEquals(3, json.json().get("stage").get("lastFailure").get("run").get("exit").asInt(), json.out());
    }
}
