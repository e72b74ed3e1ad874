package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.DvjException;
import dev.dvj.core.lib.Dvj;
import dev.dvj.core.lineage.LineageNode;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data reused from another repository: two real Git repositories in temp folders sharing a folder
 * remote layout, with {@code ls URL}, {@code get}, {@code import}, {@code update}, bad input, and
 * the library API reading by tag without a workspace.
 */
class ImportsTest {
    @TempDir
    Path dir;
    TestRepo source;
    Cli src;
    String v1Commit;

    @BeforeEach
    void setUp() throws Exception {
        source = TestRepo.gitOnly(dir.resolve("registry"));
        src = new Cli(source.root, source.env);
        src.run("init");
        src.run("remote", "add", "-d", "store", "../store");
        source.write("data/t.csv", "a,b\n1,2\n");
        source.write("data/images/cat/1.txt", "cat one\n");
        source.write("data/images/cat/2.txt", "cat two\n");
        source.write("data/images/dog.txt", "dog\n");
        source.write("params.yaml", "rows: 5\n");
        assertEquals(0, src.run("add", "data/t.csv", "data/images").exit());
        assertEquals(0, src.run("stage", "add", "-n", "count", "-d", "data/t.csv", "-p", "rows", "-M", "metrics.json",
                "sh -c 'echo {\\\"lines\\\": $(wc -l < data/t.csv)} > metrics.json'").exit());
        Cli.Run repro = src.run("repro");
        assertEquals(0, repro.exit(), repro.err());
        source.git().add().addFilepattern("params.yaml").call();
        assertEquals(0, src.run("commit", "-m", "v1").exit());
        source.git().tag().setName("v1").call();
        v1Commit = source.git().getRepository().resolve("HEAD").getName();
        assertEquals(0, src.run("push").exit());
        source.write("data/t.csv", "a,b\n1,2\n3,4\n");
        assertEquals(0, src.run("add", "data/t.csv").exit());
        assertEquals(0, src.run("repro").exit());
        assertEquals(0, src.run("commit", "-m", "v2").exit());
        assertEquals(0, src.run("push").exit());
    }

    private Cli consumer() throws Exception {
        TestRepo repo = TestRepo.gitOnly(dir.resolve("project"));
        Cli cli = new Cli(repo.root, repo.env);
        cli.run("init");
        cli.run("remote", "add", "-d", "own", "../own-store");
        return cli;
    }

    private Path project() {
        return dir.resolve("project/work");
    }

    @Test
    void lsListsWhatAnotherRepositoryTracks() throws Exception {
        Cli outside = new Cli(Files.createDirectories(dir.resolve("plain")), source.env);
        Cli.Run ls = outside.run("ls", "../registry/work", "--json");
        assertEquals(0, ls.exit(), ls.err());
        JsonNode outputs = ls.json().get("outputs");
        assertTrue(ls.out().contains("data/t.csv") && ls.out().contains("data/images"), ls.out());
        assertTrue(outputs.size() >= 2);

        Cli.Run files = outside.run("ls", "../registry/work", "data/images", "--rev", "v1");
        assertEquals(0, files.exit(), files.err());
        assertTrue(files.out().contains("data/images/cat/1.txt") && files.out().contains("data/images/dog.txt"), files.out());

        Cli.Run missing = outside.run("ls", "../registry/work", "nope");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("does not track 'nope'"), missing.err());
    }

    @Test
    void getDownloadsAVersionWithoutTrackingIt() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Cli outside = new Cli(plain, source.env);
        Cli.Run get = outside.run("get", "../registry/work", "data/t.csv", "--rev", "v1", "-o", "old.csv");
        assertEquals(0, get.exit(), get.err());
        assertEquals("a,b\n1,2\n", Files.readString(plain.resolve("old.csv")));
        assertFalse(Files.exists(plain.resolve("old.csv.dvj")), "no pointer: get does not track");

        Cli.Run again = outside.run("get", "../registry/work", "data/t.csv", "-o", "old.csv");
        assertEquals(2, again.exit(), "refuses to replace without --force");
        assertEquals("a,b\n1,2\n", Files.readString(plain.resolve("old.csv")));
        assertEquals(0, outside.run("get", "../registry/work", "data/t.csv", "-o", "old.csv", "--force").exit());
        assertEquals("a,b\n1,2\n3,4\n", Files.readString(plain.resolve("old.csv")));

        // A folder inside a tracked folder, straight from the remote: the source's cache is gone.
        deleteCacheOf(source.root);
        assertEquals(0, outside.run("get", "../registry/work", "data/images/cat").exit());
        assertEquals("cat two\n", Files.readString(plain.resolve("cat/2.txt")));
        assertFalse(Files.exists(plain.resolve("cat/dog.txt")));
    }

    @Test
    void importRecordsItsSourceAndUpdateMovesIt() throws Exception {
        Cli cli = consumer();
        Cli.Run imported = cli.run("import", "../../registry/work", "data/t.csv", "--rev", "v1", "--json");
        assertEquals(0, imported.exit(), imported.err());
        assertEquals(v1Commit, imported.json().get("commit").asText());
        String pointer = Files.readString(project().resolve("t.csv.dvj"));
        assertTrue(pointer.contains("source:") && pointer.contains("rev: v1") && pointer.contains("commit: " + v1Commit), pointer);
        assertEquals("a,b\n1,2\n", Files.readString(project().resolve("t.csv")));
        assertEquals(0, cli.run("status").exit());

        // Pinned at v1: nothing to move to.
        Cli.Run same = cli.run("update", "--json");
        assertEquals(0, same.exit(), same.err());
        assertFalse(same.json().get("updates").get(0).get("changed").asBoolean());

        Cli.Run moved = cli.run("update", "t.csv", "--rev", "main");
        assertEquals(0, moved.exit(), moved.err());
        assertEquals("a,b\n1,2\n3,4\n", Files.readString(project().resolve("t.csv")));
        assertTrue(Files.readString(project().resolve("t.csv.dvj")).contains("rev: main"));

        // Imported data is this repository's data: it goes to this repository's own remote.
        assertEquals(0, cli.run("commit", "-m", "imported").exit());
        Cli.Run push = cli.run("push", "--json");
        assertEquals(0, push.exit(), push.err());
        assertEquals(1, push.json().get("transferred").asInt());
        assertEquals(0, cli.run("status", "-c").exit());

        // A folder inside a tracked folder becomes a directory of its own.
        assertEquals(0, cli.run("import", "../../registry/work", "data/images/cat", "-o", "cats").exit());
        assertEquals("cat one\n", Files.readString(project().resolve("cats/1.txt")));
        assertTrue(Files.readString(project().resolve("cats.dvj")).contains("nfiles: 2"));

        // Lineage names the import's origin.
        Cli.Run lineage = cli.run("lineage", "t.csv");
        assertEquals(0, lineage.exit(), lineage.err());
        assertTrue(lineage.out().contains("imported from ../../registry/work (data/t.csv at main"), lineage.out());
    }

    @Test
    void anImportWhoseRevisionIsGoneIsLeftAsItWas() throws Exception {
        source.git().branchCreate().setName("feature").call();
        Cli cli = consumer();
        assertEquals(0, cli.run("import", "../../registry/work", "data/t.csv", "--rev", "feature").exit());
        String before = Files.readString(project().resolve("t.csv.dvj"));
        source.git().branchDelete().setBranchNames("feature").setForce(true).call();

        Cli.Run update = cli.run("update");
        assertEquals(2, update.exit());
        assertTrue(update.err().contains("no revision 'feature'") && update.err().contains("left as it was"), update.err());
        assertEquals(before, Files.readString(project().resolve("t.csv.dvj")));
    }

    @Test
    void badSourcesAreOneLineErrorsAndWriteNothing() throws Exception {
        Cli cli = consumer();
        Cli.Run unreachable = cli.run("import", "http://127.0.0.1:9/nothing.git", "data/t.csv");
        assertEquals(5, unreachable.exit(), unreachable.err());
        assertEquals(1, unreachable.err().strip().lines().count(), unreachable.err());

        Cli.Run rev = cli.run("import", "../../registry/work", "data/t.csv", "--rev", "v9");
        assertEquals(2, rev.exit());
        assertTrue(rev.err().contains("no revision 'v9'"), rev.err());

        Cli.Run path = cli.run("import", "../../registry/work", "data/none.csv");
        assertEquals(2, path.exit());
        assertTrue(path.err().contains("does not track 'data/none.csv'"), path.err());

        // As add refuses it: a pointer Git would ignore, so "staged" would be untrue.
        Files.writeString(project().resolve(".gitignore"), "ignored/\n");
        Cli.Run ignored = cli.run("import", "../../registry/work", "data/t.csv", "-o", "ignored/t.csv");
        assertEquals(2, ignored.exit(), ignored.err());
        assertTrue(ignored.err().contains("would be ignored by Git"), ignored.err());
        assertFalse(Files.exists(project().resolve("ignored/t.csv.dvj")));

        // A source whose data is in neither its cache nor a default remote.
        source.write(".dvj/config.yaml", "{}\n");
        deleteCacheOf(source.root);
        Cli.Run noRemote = cli.run("import", "../../registry/work", "data/t.csv");
        assertEquals(2, noRemote.exit(), noRemote.err());
        assertTrue(noRemote.err().contains("has no default remote"), noRemote.err());

        try (var files = Files.list(project())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("t.csv") || f.getFileName().toString().startsWith("none")),
                    "nothing written");
        }
        try (var left = Files.list(project().resolve(".dvj/tmp/sources"))) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith("source-")), "no clone left behind");
        }
    }

    @Test
    void theLibraryReadsAVersionByTagWithoutAWorkspace() throws Exception {
        Path scratch = dir.resolve("lib-scratch");
        try (Dvj dvj = Dvj.options().env(source.env).scratch(scratch).open(source.root.toString())) {
            Dvj.Data v1 = dvj.data("data/t.csv", "v1");
            assertEquals(v1Commit, v1.commit());
            try (InputStream in = v1.open()) {
                assertEquals("a,b\n1,2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(8, v1.size());
            assertTrue(dvj.data("data/images").isDirectory());
            assertEquals(3, dvj.data("data/images").files().size());

            // Straight from the remote once the cache no longer has it.
            deleteCacheOf(source.root);
            try (InputStream in = dvj.read("data/t.csv", "v1")) {
                assertEquals("a,b\n1,2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            URI url = dvj.url("data/t.csv", "v1");
            assertEquals("a,b\n1,2\n", Files.readString(Path.of(url)), url.toString());

            assertEquals(5, ((Number) dvj.params("v1").get("params.yaml").get("rows")).intValue());
            Map<String, Object> metrics = dvj.metrics("v1").get("metrics.json");
            assertEquals(2, ((Number) metrics.get("lines")).intValue());
            assertEquals(3, ((Number) dvj.metrics("HEAD").get("metrics.json").get("lines")).intValue());

            LineageNode lineage = dvj.lineage("metrics.json", "v1");
            assertEquals(LineageNode.Kind.OUTPUT, lineage.kind());
            assertTrue(lineage.children().stream().anyMatch(c -> c.path().equals("data/t.csv")), lineage.toString());

            DvjException unknown = assertThrows(DvjException.class, () -> dvj.data("data/t.csv", "v9"));
            assertTrue(unknown.getMessage().contains("no revision 'v9'"));
        }
        assertFalse(Files.exists(source.root.resolve("data-should-not-appear")));
    }

    @Test
    void aBareGitRepositoryIsReadThroughItsHistoryWithoutACheckout() throws Exception {
        Path bare = dir.resolve("registry/bare.git"); // beside the work tree: its '../store' is the same store
        org.eclipse.jgit.api.Git.cloneRepository().setURI(source.root.toUri().toString()).setBare(true)
                .setDirectory(bare.toFile()).call().close();
        String url = bare.toUri().toString();
        try (Dvj dvj = Dvj.options().env(source.env).scratch(dir.resolve("lib-scratch")).open(url)) {
            try (InputStream in = dvj.read("data/t.csv", "v1")) {
                assertEquals("a,b\n1,2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(3, ((Number) dvj.metrics("HEAD").get("metrics.json").get("lines")).intValue());
        }
        Cli cli = consumer();
        Cli.Run imported = cli.run("import", url, "data/images", "--rev", "v1");
        assertEquals(0, imported.exit(), imported.err());
        assertEquals("dog\n", Files.readString(project().resolve("images/dog.txt")));
        assertTrue(Files.readString(project().resolve("images.dvj")).contains("url: " + url));
        try (var left = Files.list(project().resolve(".dvj/tmp/sources"))) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith("source-")), "the stand-in folder is gone");
        }
    }

    private static void deleteCacheOf(Path root) throws Exception {
        dev.dvj.core.io.FileTrees.delete(root.resolve(".dvj/cache"));
    }
}
