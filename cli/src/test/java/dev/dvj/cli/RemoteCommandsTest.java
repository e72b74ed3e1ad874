package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import dev.dvj.core.io.AtomicFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dvj remote, push, fetch, pull and status -c through the command line, on a local-folder remote. */
class RemoteCommandsTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.gitOnly(dir);
        cli = new Cli(repo.root, repo.env);
        cli.run("init");
        repo.write("data/train.csv", "x,y\n1,2\n");
        repo.write("images/a.txt", "a");
        cli.run("add", "data/train.csv", "images");
        cli.run("commit", "-m", "v1");
    }

    @Test
    void remoteAddWritesTheProjectConfigAndListShowsIt() throws Exception {
        assertEquals(0, cli.run("remote", "add", "-d", "origin", "../store").exit());
        String config = repo.read(".dvj/config.yaml");
        assertTrue(config.startsWith("# dvj project configuration"), "the header comment is kept:\n" + config);
        assertTrue(config.contains("url: ../store"), config);
        JsonNode list = cli.run("remote", "list", "--json").json();
        assertEquals("origin", list.get(0).get("name").asText());
        assertTrue(list.get(0).get("isDefault").asBoolean());
        assertEquals(0, cli.run("remote", "add", "--local", "backup", "/tmp/elsewhere").exit());
        assertTrue(repo.read(".dvj/config.local.yaml").contains("backup"));
        assertEquals(2, cli.run("remote", "list", "--json").json().size());
        assertEquals(0, cli.run("remote", "remove", "origin").exit());
        assertFalse(repo.read(".dvj/config.yaml").contains("origin"));
    }

    @Test
    void badRemoteInputIsRefused() throws Exception {
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("push").exit(), "no default remote");
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("push", "-r", "nope").exit());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("remote", "add", "bad name", "../x").exit());
        Cli.Run ftp = cli.run("remote", "add", "old", "ftp://host/data");
        assertEquals(ExitCodes.INVALID_INPUT, ftp.exit());
        assertTrue(ftp.err().contains("use a folder"), ftp.err());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("remote", "add", "cloud", "s3://").exit());
        assertEquals(0, cli.run("remote", "add", "cloud", "s3://bucket/prefix").exit());
        cli.run("remote", "add", "origin", "../store");
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("remote", "add", "origin", "../other").exit());

        // A typo must fail now, not silently make something else.
        Cli.Run typo = cli.run("remote", "modify", "clod", "url", "s3://bucket/x");
        assertEquals(ExitCodes.INVALID_INPUT, typo.exit());
        assertTrue(typo.err().contains("no remote named 'clod'"), typo.err());
        assertFalse(repo.read(".dvj/config.yaml").contains("clod"), "no remote was created by modify");
        Cli.Run oneSlash = cli.run("remote", "add", "typo", "s3:/bucket/x");
        assertEquals(ExitCodes.INVALID_INPUT, oneSlash.exit());
        assertTrue(oneSlash.err().contains("has a scheme but not '://'"), oneSlash.err());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("remote", "modify", "cloud", "url", "s3:bucket").exit());
        Cli.Run maybe = cli.run("remote", "modify", "cloud", "path_style", "maybe");
        assertEquals(ExitCodes.INVALID_INPUT, maybe.exit());
        assertTrue(maybe.err().contains("path_style must be true or false"), maybe.err());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("remote", "modify", "cloud", "endpoint", "localhost:9000").exit());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("remote", "modify", "cloud", "region", "EU West").exit());
        assertEquals(0, cli.run("remote", "modify", "cloud", "endpoint", "http://127.0.0.1:9000").exit());
        assertEquals(0, cli.run("remote", "modify", "cloud", "path_style", "true").exit());
        Cli.Run tiny = cli.run("remote", "modify", "cloud", "chunk_threshold", "100K");
        assertEquals(ExitCodes.INVALID_INPUT, tiny.exit());
        assertTrue(tiny.err().contains("chunk_threshold must be a size of 1M or more"), tiny.err());
        assertEquals(0, cli.run("remote", "modify", "cloud", "chunk_threshold", "0").exit());
        assertEquals(0, cli.run("remote", "modify", "cloud", "chunk_threshold", "16M").exit());
    }

    @Test
    void statusCloudGatesOnUnpushedDataAndPullRestoresAClone() throws Exception {
        cli.run("remote", "add", "-d", "origin", "../store");
        Cli.Run before = cli.run("status", "-c");
        assertEquals(ExitCodes.DIFFERENCES, before.exit(), before.out());
        assertFalse(cli.run("status", "-c", "--json").json().get("pushed").asBoolean());

        Cli.Run push = cli.run("push", "--json");
        assertEquals(0, push.exit(), push.err());
        assertEquals(4, push.json().get("transferred").asInt(), "train.csv, its profile, images/a.txt, the manifest");
        assertEquals(0, cli.run("status", "-c").exit());
        cli.run("commit", "-m", "remote");

        Path cloneRoot = dir.resolve("clone");
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        Cli clone = new Cli(cloneRoot, repo.env);
        Cli.Run pull = clone.run("pull");
        assertEquals(0, pull.exit(), pull.err());
        assertEquals("x,y\n1,2\n", Files.readString(cloneRoot.resolve("data/train.csv")));
        assertEquals("a", Files.readString(cloneRoot.resolve("images/a.txt")));
        assertEquals(0, clone.run("status").exit());
    }

    @Test
    void aPullThatCannotGetEveryObjectLeavesTheWorkspaceAsItWas() throws Exception {
        cli.run("remote", "add", "-d", "origin", "../store");
        assertEquals(0, cli.run("push").exit());
        cli.run("commit", "-m", "remote");
        Path object;
        try (var files = Files.walk(dir.resolve("store"))) {
            object = files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f).equals("a");
                } catch (java.io.IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        Path cloneRoot = dir.resolve("clone");
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        Cli clone = new Cli(cloneRoot, repo.env);

        object.toFile().setWritable(true);
        Files.writeString(object, "tampered");
        Cli.Run corrupt = clone.run("pull");
        assertEquals(ExitCodes.DATA, corrupt.exit(), corrupt.err());
        assertFalse(Files.exists(cloneRoot.resolve("images")), "the directory never shows half-written");
        assertNoTempFiles(cloneRoot);

        Files.delete(object);
        Cli.Run missing = clone.run("pull");
        assertEquals(ExitCodes.DATA, missing.exit(), missing.err());
        assertTrue(missing.out().contains("Not checking out"), missing.out());
        assertFalse(Files.exists(cloneRoot.resolve("images")));
        assertNoTempFiles(cloneRoot);

        Files.writeString(object, "a");
        Cli.Run pull = clone.run("pull");
        assertEquals(0, pull.exit(), pull.err());
        assertEquals("a", Files.readString(cloneRoot.resolve("images/a.txt")));
        assertEquals(0, clone.run("status").exit());

        Files.writeString(cloneRoot.resolve("images/a.txt"), "an edit not in the cache");
        Cli.Run refused = clone.run("pull");
        assertEquals(ExitCodes.CONFLICT, refused.exit(), refused.err());
        assertEquals("an edit not in the cache", Files.readString(cloneRoot.resolve("images/a.txt")));
        assertEquals(0, clone.run("pull", "-f").exit());
        assertEquals("a", Files.readString(cloneRoot.resolve("images/a.txt")));
    }

    @Test
    void pullOfAPathInsideATrackedDirectoryMovesOnlyThatPart() throws Exception {
        for (int i = 0; i < 6; i++) {
            repo.write("images/cat/" + i + ".jpg", "cat " + i);
            repo.write("images/dog/" + i + ".jpg", "dog " + i);
        }
        assertEquals(0, cli.run("add", "images").exit());
        cli.run("remote", "add", "-d", "origin", "../store");
        cli.run("commit", "-m", "v2");
        assertEquals(0, cli.run("push").exit());
        Path cloneRoot = dir.resolve("clone");
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        Cli clone = new Cli(cloneRoot, repo.env);

        Cli.Run one = clone.run("pull", "--json", "images/cat/3.jpg");
        assertEquals(0, one.exit(), one.err());
        assertEquals(1, one.json().get("fetched").get("transferred").asInt(), "one file, not the directory: " + one.out());
        assertEquals("cat 3", Files.readString(cloneRoot.resolve("images/cat/3.jpg")));
        try (var files = Files.walk(cloneRoot.resolve("images"))) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "nothing else is placed");
        }
        try (var cached = Files.walk(cloneRoot.resolve(".dvj/cache"))) {
            assertEquals(1, cached.filter(Files::isRegularFile).count(),
                    "only the file's object is cached; the manifest stays out until all its files are in");
        }
        Cli.Run status = clone.run("status");
        assertTrue(status.out().contains("partial:"), status.out());
        Cli.Run commit = clone.run("commit", "-m", "would drop 12 files", "images");
        assertEquals(ExitCodes.CONFLICT, commit.exit(), commit.err());
        assertTrue(commit.err().contains("images is only partly checked out"), commit.err());

        Cli.Run folder = clone.run("pull", "images/dog");
        assertEquals(0, folder.exit(), folder.err());
        try (var dogs = Files.list(cloneRoot.resolve("images/dog"))) {
            assertEquals(6, dogs.count());
        }
        assertFalse(Files.exists(cloneRoot.resolve("images/cat/0.jpg")), "the cat folder still holds only what was asked");

        Cli.Run absent = clone.run("pull", "images/cow");
        assertEquals(ExitCodes.INVALID_INPUT, absent.exit());
        assertTrue(absent.err().contains("'images/cow' is not in images"), absent.err());
        Cli.Run push = clone.run("push", "images/dog/1.jpg");
        assertEquals(ExitCodes.INVALID_INPUT, push.exit());
        assertTrue(push.err().contains("inside images, which dvj tracks as a whole"), push.err());

        Files.writeString(cloneRoot.resolve("images/dog/1.jpg"), "an edit not in the cache");
        // The manifest is not in the cache (its files are not all there), but the pull kept it
        // aside, so a checkout inside the directory works without the remote.
        Cli.Run refused = clone.run("checkout", "images/dog/1.jpg");
        assertEquals(ExitCodes.CONFLICT, refused.exit(), refused.err());
        assertEquals("an edit not in the cache", Files.readString(cloneRoot.resolve("images/dog/1.jpg")));
        Files.move(dir.resolve("store"), dir.resolve("store-away"));
        Cli.Run restored = clone.run("checkout", "-f", "images/dog/1.jpg");
        assertEquals(0, restored.exit(), restored.err());
        assertEquals("dog 1", Files.readString(cloneRoot.resolve("images/dog/1.jpg")));
        Files.move(dir.resolve("store-away"), dir.resolve("store"));

        assertEquals(0, clone.run("pull", "images").exit(), "the whole directory ends the partial mark");
        assertEquals(0, clone.run("status", "images").exit(), clone.run("status").out());
        assertEquals("a", Files.readString(cloneRoot.resolve("images/a.txt")));
        assertFalse(Files.exists(cloneRoot.resolve("data/train.csv")), "pull of one directory brings nothing else");
        try (var kept = Files.list(cloneRoot.resolve(".dvj/tmp/manifests"))) {
            assertEquals(0, kept.count(), "the manifest kept aside goes once the cache has it");
        }
        assertNoTempFiles(cloneRoot);
    }

    private static void assertNoTempFiles(Path root) throws Exception {
        try (var files = Files.walk(root)) {
            assertEquals(List.of(), files.filter(f -> !f.toString().contains("/.git/") && !f.toString().contains("/.dvj/"))
                    .filter(f -> AtomicFiles.isTempName(f.getFileName().toString())).toList());
        }
    }

    @Test
    void modifySetsRemoteSettingsAndKeepsSecretsOutOfTheCommittedFile() throws Exception {
        cli.run("remote", "add", "cloud", "s3://bucket/prefix");
        assertEquals(0, cli.run("remote", "modify", "cloud", "endpoint", "http://127.0.0.1:9000").exit());
        assertTrue(repo.read(".dvj/config.yaml").contains("endpoint: http://127.0.0.1:9000"));
        Cli.Run refused = cli.run("remote", "modify", "cloud", "secret_access_key", "s3cr3t");
        assertEquals(ExitCodes.INVALID_INPUT, refused.exit());
        assertFalse(repo.read(".dvj/config.yaml").contains("s3cr3t"));
        Cli.Run local = cli.run("remote", "modify", "--local", "cloud", "secret_access_key", "s3cr3t");
        assertEquals(0, local.exit(), local.err());
        assertFalse(local.out().contains("s3cr3t"), "secrets are not echoed");
        assertTrue(repo.read(".dvj/config.local.yaml").contains("s3cr3t"));
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("remote", "modify", "cloud", "colour", "blue").exit());
    }

    @Test
    void pushAllCommitsSendsEveryVersionAndGcNeedsAScopeAndForce() throws Exception {
        cli.run("remote", "add", "-d", "origin", "../store");
        repo.write("data/train.csv", "x,y\n1,2\n3,4\n");
        cli.run("commit", "-m", "v2");
        assertEquals(4, cli.run("push", "--json").json().get("transferred").asInt(),
                "train.csv v2 and its profile, images/a.txt and the images manifest");
        assertEquals(2, cli.run("push", "--all-commits", "--json").json().get("transferred").asInt(),
                "v1 of train.csv and its profile");

        assertEquals(ExitCodes.INVALID_INPUT, cli.run("gc").exit(), "a scope is required");
        Cli.Run unforced = cli.run("gc", "-w");
        assertEquals(ExitCodes.INVALID_INPUT, unforced.exit(), "no terminal to ask: -f is required");
        JsonNode dry = cli.run("gc", "-w", "--dry-run", "--json").json();
        assertEquals(2, dry.get("removed").size(), "v1 of train.csv and its profile");
        assertEquals(0, cli.run("gc", "-w", "-f").exit());
        assertEquals(0, cli.run("gc", "-w", "-f", "--json").json().get("removed").size());
        JsonNode spared = cli.run("gc", "-w", "-c", "-f", "--json").json();
        assertEquals(0, spared.get("removed").size(), "pushed moments ago: within the default grace period");
        assertEquals(2, spared.get("recent").asInt(), "v1 of train.csv and its profile");
        Cli.Run text = cli.run("gc", "-w", "-c", "-f", "--grace", "3d");
        assertTrue(text.out().contains("kept 2 unreferenced object(s) newer than the grace period"), text.out());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("gc", "-w", "-c", "-f", "--grace", "soon").exit());
        assertEquals(2, cli.run("gc", "-w", "-c", "-f", "--grace", "0", "--json").json().get("removed").size(),
                "v1 and its profile leave the remote too");
        assertEquals(0, cli.run("status", "-c").exit());
    }

    @Test
    void configGetsSetsAndUnsetsKeys() throws Exception {
        assertEquals(ExitCodes.DIFFERENCES, cli.run("config", "cache.type").exit(), "unset keys exit 1");
        assertEquals(0, cli.run("config", "cache.type", "hardlink,copy").exit());
        assertEquals("hardlink,copy", cli.run("config", "cache.type").out().strip());
        assertTrue(repo.read(".dvj/config.yaml").contains("hardlink,copy"), repo.read(".dvj/config.yaml"));
        assertEquals(0, cli.run("config", "--local", "cache.type", "copy").exit());
        assertEquals("copy", cli.run("config", "cache.type").out().strip(), "local wins over project");
        assertEquals(0, cli.run("config", "--local", "--unset", "cache.type").exit());
        assertEquals("hardlink,copy", cli.run("config", "cache.type").out().strip());
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("config", "remote.x.secret_access_key", "k").exit());
        assertEquals(0, cli.run("config", "--local", "remote.x.secret_access_key", "s3cr3t-value").exit());
        Cli.Run shown = cli.run("config", "remote.x.secret_access_key");
        assertEquals("***", shown.out().strip(), "a secret is never printed");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(repo.path(".dvj/config.local.yaml"))), "only its owner may read it");
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("config", "notdotted", "v").exit());
    }
}
