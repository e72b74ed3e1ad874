package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dvj drift through the real command line: versions by revision, the workspace, exit codes and JSON. */
class DriftCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        cli = new Cli(repo.root, repo.env);
        repo.write("data.csv", "color,size\n" + "red,1\n".repeat(6) + "blue,2\n".repeat(4));
        assertEquals(0, cli.run("add", "data.csv").exit());
        assertEquals(0, cli.run("commit", "-m", "v1").exit());
    }

    @Test
    void aShiftedWorkspaceExitsOneAndNamesTheColumn() throws Exception {
        repo.write("data.csv", "color,size\n" + "red,1\n".repeat(3) + "blue,2\n".repeat(5) + "green,3\n".repeat(2));
        Cli.Run text = cli.run("drift", "data.csv");
        assertEquals(1, text.exit(), text.err());
        assertTrue(text.out().contains("color   categorical  l-infinity      0.3000    0.1        DRIFT"), text.out());
        Cli.Run json = cli.run("drift", "data.csv", "--json", "--threshold", "0.9");
        assertEquals(0, json.exit(), json.err());
        JsonNode color = json.json().get("columns").get(0);
        assertEquals("color", color.get("column").asText());
        assertEquals(0.3, color.get("distance").asDouble(), 1e-12);
        assertEquals(1, cli.run("drift", "data.csv", "--threshold", "0.9", "-t", "color=0.2").exit());
    }

    @Test
    void twoRevisionsAreComparedFromTheCacheAndAnUnchangedVersionExitsZero() throws Exception {
        repo.write("data.csv", "color,size\n" + "red,1\n".repeat(2) + "blue,2\n".repeat(8));
        assertEquals(0, cli.run("add", "data.csv").exit());
        assertEquals(0, cli.run("commit", "-m", "v2").exit());
        Cli.Run both = cli.run("drift", "data.csv", "HEAD~1", "HEAD", "--json");
        assertEquals(1, both.exit(), both.err());
        assertEquals(0.4, both.json().get("columns").get(0).get("distance").asDouble(), 1e-12);
        assertEquals(0, cli.run("drift", "data.csv", "HEAD", "workspace").exit(), "the workspace is HEAD's version");
    }

    @Test
    void profilesTravelWithTheDataIntoAFreshCloneAndDriftReadsThemThere() throws Exception {
        repo.write("data.csv", "color,size\n" + "red,1\n".repeat(2) + "blue,2\n".repeat(8));
        assertEquals(0, cli.run("add", "data.csv").exit());
        assertEquals(0, cli.run("commit", "-m", "v2").exit());
        String pointer = repo.read("data.csv.dvj");
        assertTrue(pointer.contains("  profile: ") && !pointer.contains("quality"), "the profile is an object, not inline: " + pointer);
        Cli.Run remote = cli.run("remote", "add", "-d", "store", dir.resolve("store").toString());
        assertEquals(0, remote.exit(), remote.err());
        try (org.eclipse.jgit.api.Git git = repo.git()) {
            git.add().addFilepattern(".dvj/config.yaml").call();
            git.commit().setMessage("remote").call();
        }
        Cli.Run pushed = cli.run("push", "--all-commits");
        assertEquals(0, pushed.exit(), pushed.err());

        Path clone = dir.resolve("clone");
        org.eclipse.jgit.api.Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(clone.toFile()).call().close();
        Cli cloneCli = new Cli(clone, repo.env);
        Cli.Run before = cloneCli.run("show", "data.csv", "--json");
        assertEquals("not-in-cache", before.json().get("profileAbsent").asText(), before.out());
        Cli.Run pulled = cloneCli.run("pull", "--all-commits");
        assertEquals(0, pulled.exit(), pulled.err());
        JsonNode shown = cloneCli.run("show", "data.csv", "--json").json();
        assertEquals(0.2 * 1 + 0.8 * 2, shown.get("statistics").get("size").get("mean").asDouble(), 1e-12);
        assertEquals("blue", shown.get("statistics").get("color").get("top").get(0).get("value").asText());
        Cli.Run drift = cloneCli.run("drift", "data.csv", "HEAD~2", "HEAD", "--json");
        assertEquals(1, drift.exit(), drift.err());
        assertEquals(0.4, drift.json().get("columns").get(0).get("distance").asDouble(), 1e-12);
    }

    @Test
    void logNamesTheColumnsThatDriftedAndTheChangeInDuplicateRows() throws Exception {
        repo.write("data.csv", "color,size\n" + "red,1\n".repeat(3) + "blue,2\n".repeat(5) + "green,3\n".repeat(2));
        assertEquals(0, cli.run("add", "data.csv").exit());
        assertEquals(0, cli.run("commit", "-m", "v2").exit());
        Cli.Run log = cli.run("log", "data.csv");
        assertEquals(0, log.exit(), log.err());
        assertTrue(log.out().contains("duplicate rows 8 -> 7 · drift color 0.300 (l-infinity) · drift size "), log.out());
    }

    @Test
    void aDirectoryOfShardsDriftsAndValidatesAsOneTable() throws Exception {
        repo.write("shards/part-1.csv", "color,size\n" + "red,1\n".repeat(3));
        repo.write("shards/part-2.csv", "color,size\n" + "blue,2\n".repeat(3));
        repo.write("shards/notes.txt", "not a table\n");
        assertEquals(0, cli.run("add", "shards").exit());
        assertEquals(0, cli.run("commit", "-m", "shards").exit());
        assertEquals(0, cli.run("drift", "shards").exit(), "unchanged");
        repo.write("shards/part-3.csv", "color,size\n" + "green,3\n".repeat(6));
        Cli.Run drift = cli.run("drift", "shards", "--json");
        assertEquals(1, drift.exit(), drift.err());
        assertEquals(0.5, drift.json().get("columns").get(0).get("distance").asDouble(), 1e-12, "green: 0 -> 1/2 of the rows");
        assertEquals(0, cli.run("schema", "infer", "shards", "--rev", "HEAD").exit());
        Cli.Run validate = cli.run("validate", "shards", "--json");
        assertEquals(1, validate.exit(), validate.err());
        assertTrue(validate.out().contains("'green' (6)"), validate.out());
    }

    @Test
    void badInputGetsOneLineAndExitTwoOrFour() throws Exception {
        repo.write("notes.txt", "hello\n");
        assertEquals(0, cli.run("add", "notes.txt").exit());
        Cli.Run notTable = cli.run("drift", "notes.txt");
        assertEquals(2, notTable.exit());
        assertTrue(notTable.err().contains("notes.txt is not a table"), notTable.err());
        assertEquals(2, cli.run("drift", "data.csv", "nosuchrev").exit());
        Cli.Run badThreshold = cli.run("drift", "data.csv", "-t", "color");
        assertEquals(2, badThreshold.exit(), badThreshold.err());
        // The recorded version is not in the cache: say so, and how to fetch it.
        try (var objects = Files.walk(repo.path(".dvj/cache"))) {
            for (Path p : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        Cli.Run missing = cli.run("drift", "data.csv");
        assertEquals(4, missing.exit(), missing.err());
        assertTrue(missing.err().contains("is not in the cache"), missing.err());
    }
}
