package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's behaviour in a real temp Git repository: output, JSON and exit codes. */
class CommandLineTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.gitOnly(dir);
        cli = new Cli(repo.root, repo.env);
        assertEquals(0, cli.run("init").exit());
        repo.write("data/train.csv", "a,b\n1,2\n");
        repo.write("images/x.txt", "x");
    }

    @Test
    void addCommitModifyStatusAndCheckoutByRevision() throws Exception {
        Cli.Run add = cli.run("add", "data/train.csv", "images", "-m", "first");
        assertEquals(0, add.exit(), add.err());
        assertTrue(add.out().contains("added     data/train.csv"), add.out());
        assertEquals(0, cli.run("status").exit());
        assertEquals(0, cli.run("commit", "-m", "v1").exit());

        repo.write("data/train.csv", "a,b\n1,2\n3,4\n");
        Cli.Run status = cli.run("status");
        assertEquals(ExitCodes.DIFFERENCES, status.exit());
        assertTrue(status.out().contains("modified:"), status.out());
        JsonNode json = cli.run("status", "--json").json();
        assertFalse(json.get("clean").asBoolean());
        assertEquals("modified", json.get("outputs").get(0).get("state").asText());

        Cli.Run commit = cli.run("commit", "-m", "v2");
        assertEquals(0, commit.exit(), commit.err());
        assertTrue(commit.out().contains("committed"), commit.out());
        assertEquals(0, cli.run("status").exit());

        Cli.Run checkout = cli.run("checkout", "--rev", "HEAD~1", "data/train.csv");
        assertEquals(0, checkout.exit(), checkout.err());
        assertEquals("a,b\n1,2\n", repo.read("data/train.csv"));
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommandName() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Cli outside = new Cli(elsewhere, repo.env);
        assertEquals(ExitCodes.NOT_A_REPOSITORY, outside.runRaw("-C", elsewhere.toString(), "status").exit());
        assertEquals(0, outside.runRaw("status", "-C", repo.root.toString()).exit());
        assertEquals(0, outside.runRaw("-C", repo.root.toString(), "status").exit());
        cli.run("add", "images");
        assertEquals("", cli.run("-q", "add", "data/train.csv").out());
    }

    @Test
    void diffLsRmAndMvReportAsJson() throws Exception {
        cli.run("add", "data/train.csv", "images");
        cli.run("commit", "-m", "v1");
        repo.write("images/y.txt", "y");
        JsonNode diff = cli.run("diff", "--json").json();
        assertEquals("HEAD", diff.get("from").asText());
        assertEquals("workspace", diff.get("to").asText());
        assertEquals("images/y.txt", diff.get("entries").get(1).get("path").asText());
        assertEquals(ExitCodes.DIFFERENCES, cli.run("diff", "--exit-code").exit());

        JsonNode ls = cli.run("ls", "--json").json();
        assertEquals(2, ls.get("outputs").size());
        assertEquals(2, cli.run("ls", "--rev", "HEAD", "--json").json().get("outputs").size());

        assertEquals(0, cli.run("mv", "images", "pictures").exit());
        assertTrue(Files.exists(repo.path("pictures.dvj")));
        assertEquals(0, cli.run("rm", "pictures.dvj").exit());
        assertFalse(Files.exists(repo.path("pictures.dvj")));
        assertTrue(Files.exists(repo.path("pictures/x.txt")));
    }

    @Test
    void errorsAreOneLineWithTheFileAndLineAndADocumentedExitCode() throws Exception {
        cli.run("add", "data/train.csv");
        Files.writeString(repo.path("data/train.csv.dvj"), "path: train.csv\nhash: sha256\noid: zzz\nsize: 1\n");
        Cli.Run run = cli.run("status");
        assertEquals(ExitCodes.INVALID_INPUT, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("dvj: error: data/train.csv.dvj:3: oid 'zzz'"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace without -v");
        Cli.Run verbose = cli.run("-v", "status");
        assertTrue(verbose.err().contains("\tat dev.dvj"), "-v shows the stack trace");
    }

    @Test
    void badInputHasItsOwnExitCodes() throws Exception {
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("add", "missing.csv").exit());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("add", "../outside").exit());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("checkout", "--rev", "no-such-rev").exit());
        cli.run("add", "data/train.csv");
        cli.run("commit", "-m", "v1");
        Files.delete(repo.path("data/train.csv"));
        try (var objects = Files.walk(repo.path(".dvj/cache/sha256"))) {
            for (Path object : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(object);
            }
        }
        Cli.Run missing = cli.run("checkout");
        assertEquals(ExitCodes.DATA, missing.exit());
        assertTrue(missing.err().contains("not in the cache"), missing.err());
    }

    @Test
    void aHeldLockIsAConflict() {
        try (RepositoryLock lock = RepositoryLock.acquire(repo.path(".dvj/tmp/lock"))) {
            Cli.Run run = cli.run("add", "images");
            assertEquals(ExitCodes.CONFLICT, run.exit());
            assertTrue(run.err().contains("another dvj process"), run.err());
        }
        assertEquals(0, cli.run("add", "images").exit());
    }

    @Test
    void checkoutRefusesToOverwriteUnsavedChanges() throws Exception {
        cli.run("add", "data/train.csv");
        cli.run("commit", "-m", "v1");
        repo.write("data/train.csv", "edited\n");
        cli.run("commit", "-m", "v2");
        repo.write("data/train.csv", "unsaved\n");
        Cli.Run run = cli.run("checkout", "--rev", "HEAD~1");
        assertEquals(ExitCodes.CONFLICT, run.exit());
        assertEquals("unsaved\n", repo.read("data/train.csv"));
        assertEquals(0, cli.run("checkout", "--rev", "HEAD~1", "--force").exit());
        assertEquals("a,b\n1,2\n", repo.read("data/train.csv"));
    }

    @Test
    void initOutsideGitAndTwice() throws Exception {
        assertTrue(cli.run("init").out().contains("already initialized"));
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Cli outside = new Cli(plain, repo.env);
        Cli.Run run = outside.run("init");
        assertEquals(ExitCodes.NOT_A_REPOSITORY, run.exit());
        assertEquals(0, outside.run("init", "--no-scm").exit());
    }

    /** Issue #25: run from a subfolder, text output names paths from there, as git does; JSON stays repository-relative. */
    @Test
    void pathsArePrintedRelativeToTheFolderDvjRunsIn() throws Exception {
        assertEquals(0, cli.run("add", "data/train.csv", "images").exit());
        Cli inData = new Cli(repo.root.resolve("data"), repo.env);
        repo.write("data/train.csv", "a,b\n3,4\n");
        repo.write("images/y.txt", "y");
        Cli.Run status = inData.run("status");
        assertTrue(status.out().contains("modified:      train.csv\n"), status.out());
        assertTrue(status.out().contains("added:     ../images/y.txt\n"), status.out());
        Cli.Run add = inData.run("add", "train.csv");
        assertTrue(add.out().contains("updated   train.csv ("), add.out());
        assertTrue(add.out().contains(") -> train.csv.dvj\n"), add.out());
        assertEquals("data/train.csv", inData.run("status", "--json").json().get("outputs").get(0).get("path").asText());
        assertTrue(cli.run("status").out().contains("modified:      images"), "from the root, paths are as before");
    }
}
