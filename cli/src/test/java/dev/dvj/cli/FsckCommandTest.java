package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dvj fsck on the cache and a folder remote, and status -c across history. */
class FsckCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.gitOnly(dir.resolve("repo"));
        cli = new Cli(repo.root, repo.env);
        cli.run("init");
        repo.write("data/train.csv", "x,y\n1,2\n");
        repo.write("images/a.txt", "a");
        repo.write("images/b.txt", "b");
        cli.run("add", "data/train.csv", "images");
        cli.run("commit", "-m", "v1");
        cli.run("remote", "add", "-d", "origin", dir.resolve("store").toString());
    }

    private static ObjectId idOf(String text) {
        return Hashing.ofBytes(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Overwrites an object's file in place, as a failing disk would. */
    private static void damage(Path store, ObjectId id, String bytes) throws Exception {
        Path file = store.resolve("sha256").resolve(id.shard()).resolve(id.fileName());
        file.toFile().setWritable(true);
        Files.writeString(file, bytes);
    }

    @Test
    void aCleanCacheChecksOutAndADamagedObjectIsReportedNotDeleted() throws Exception {
        Cli.Run clean = cli.run("fsck");
        assertEquals(ExitCodes.OK, clean.exit(), clean.err());
        assertTrue(clean.out().contains("checked 5 object(s)") // with the CSV's profile object
                 && clean.out().contains("no damage"), clean.out());

        ObjectId a = idOf("a");
        damage(repo.path(".dvj/cache"), a, "A");
        Cli.Run damaged = cli.run("fsck", "--json");
        assertEquals(ExitCodes.DATA, damaged.exit());
        JsonNode report = damaged.json();
        assertEquals(5, report.get("checked").asInt());
        assertEquals(1, report.get("damage").size());
        assertEquals(a.toString(), report.get("damage").get(0).get("id").asText());
        assertEquals("corrupt", report.get("damage").get(0).get("problem").asText());
        assertTrue(Files.exists(repo.path(".dvj/cache/sha256/" + a.shard() + "/" + a.fileName())), "fsck never deletes");

        Cli.Run text = cli.run("fsck");
        assertTrue(text.out().contains("corrupt: " + a), text.out());
        assertTrue(text.out().contains("then 'dvj fetch' it"), text.out());
    }

    @Test
    void aRemoteIsCheckedWithDashCIncludingDirectoriesWithFilesMissing() throws Exception {
        assertEquals(0, cli.run("push").exit());
        assertEquals(ExitCodes.OK, cli.run("fsck", "-c").exit());
        Path store = dir.resolve("store");
        ObjectId b = idOf("b");
        Files.delete(store.resolve("sha256").resolve(b.shard()).resolve(b.fileName()));
        damage(store, idOf("a"), "not a");

        Cli.Run run = cli.run("fsck", "-c", "--json");
        assertEquals(ExitCodes.DATA, run.exit());
        JsonNode damage = run.json().get("damage");
        assertEquals(2, damage.size(), damage.toString());
        assertTrue(damage.toString().contains("incomplete-directory") && damage.toString().contains("\"corrupt\""), damage.toString());
        assertEquals("origin", run.json().get("database").asText());
    }

    @Test
    void statusDashCCoversEveryVersionOnTheBranchesAndRefusesHistoryWithoutIt() throws Exception {
        assertEquals(0, cli.run("push").exit());
        repo.write("data/train.csv", "x,y\n1,2\n3,4\n");
        cli.run("add", "data/train.csv");
        cli.run("commit", "-m", "v2");

        JsonNode now = cli.run("status", "-c", "--json").json();
        assertEquals(2, now.get("outputs").size(), "the workspace's two outputs");
        Cli.Run all = cli.run("status", "-c", "-A", "--json");
        assertEquals(ExitCodes.DIFFERENCES, all.exit());
        JsonNode outputs = all.json().get("outputs");
        assertEquals(3, outputs.size(), "both versions of train.csv and the images: " + outputs);
        assertTrue(outputs.toString().contains("not-pushed") && outputs.toString().contains("in-sync"), outputs.toString());

        assertEquals(0, cli.run("push").exit());
        assertEquals(ExitCodes.OK, cli.run("status", "-c", "--all-commits").exit());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("status", "-A").exit());
    }
}
