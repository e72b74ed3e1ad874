package dev.dvj.cli;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestShards;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory of more than {@link ManifestShards#SHARD_ABOVE} files, whose manifest is stored as
 * shards: add, a one-file change, push, pull into a clone, a pull of one file, fsck, and a
 * directory a dvj from before shards recorded as one flat listing.
 */
class ShardedDirectoryTest {
    static final int FILES = ManifestShards.SHARD_ABOVE + 808;

    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.gitOnly(dir);
        cli = new Cli(repo.root, repo.env);
        cli.run("init");
        for (int i = 0; i < FILES; i++) {
            repo.write(String.format("big/%02d/%05d.txt", i % 37, i), "file " + i + "\n");
        }
        cli.run("remote", "add", "-d", "origin", "../store");
        Cli.Run add = cli.run("add", "big");
        assertEquals(0, add.exit(), add.err());
        cli.run("commit", "-m", "v1");
    }

    private ObjectId recordedId() throws Exception {
        String pointer = Files.readString(repo.root.resolve("big.dvj"));
        return ObjectId.parse(pointer.replaceAll("(?s).*\\boid: (\\S+).*", "$1"));
    }

    private CacheDirectory cache(Path root) {
        return new CacheDirectory(root.resolve(".dvj/cache"));
    }

    private Cli cloneOf(String name) throws Exception {
        Path cloneRoot = dir.resolve(name);
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        return new Cli(cloneRoot, repo.env);
    }

    @Test
    void aBigDirectoryTravelsAsShardsAndAOneFileChangeSendsOneShard() throws Exception {
        ObjectId v1 = recordedId();
        byte[] root = Files.readAllBytes(cache(repo.root).path(v1));
        assertTrue(new String(root, StandardCharsets.UTF_8).startsWith("{\"shards\":[\n"), "stored as a shard root");
        int shards = Manifest.shardsOf(root, "test").size();
        assertTrue(shards >= 2, shards + " shards");

        Cli.Run push = cli.run("push", "--json");
        assertEquals(0, push.exit(), push.err());
        assertEquals(FILES + shards + 1, push.json().get("transferred").asInt(), push.out());

        repo.write("big/05/00005.txt", "changed\n");
        Cli.Run add = cli.run("add", "big");
        assertEquals(0, add.exit(), add.err());
        cli.run("commit", "-m", "v2");
        assertNotEquals(v1, recordedId());
        Cli.Run second = cli.run("push", "--json");
        assertEquals(0, second.exit(), second.err());
        assertEquals(3, second.json().get("transferred").asInt(), "the file, its shard and the root: " + second.out());
        assertEquals(0, cli.run("status", "-c").exit());

        Cli.Run local = cli.run("fsck", "--json");
        assertEquals(0, local.exit(), local.out() + local.err());
        Cli.Run remote = cli.run("fsck", "-c", "--json");
        assertEquals(0, remote.exit(), remote.out() + remote.err());

        Cli clone = cloneOf("clone");
        Cli.Run pull = clone.run("pull");
        assertEquals(0, pull.exit(), pull.err());
        assertEquals("changed\n", Files.readString(dir.resolve("clone/big/05/00005.txt")));
        assertEquals("file 8999\n", Files.readString(dir.resolve("clone/big/08/08999.txt")));
        assertEquals(0, clone.run("status").exit(), clone.run("status").out());

        Cli partial = cloneOf("partial");
        Cli.Run one = partial.run("pull", "--json", "big/08/08999.txt");
        assertEquals(0, one.exit(), one.err());
        int covering = Manifest.shardsOf(Files.readAllBytes(cache(repo.root).path(recordedId())), "test",
                java.util.List.of("08/08999.txt")).size();
        assertEquals(1, covering);
        assertEquals(1 + covering, one.json().get("fetched").get("transferred").asInt(),
                "the file and the one shard that lists it, not all " + Manifest.shardsOf(root, "test").size() + ": " + one.out());
        assertEquals("file 8999\n", Files.readString(dir.resolve("partial/big/08/08999.txt")));
        assertFalse(Files.exists(dir.resolve("partial/big/05/00005.txt")));
        assertFalse(cache(dir.resolve("partial")).has(recordedId()), "the root waits until every file is in");
    }

    @Test
    void aDirectoryRecordedAsOneFlatListingIsUnchangedAndItsNextCommitShardsIt() throws Exception {
        ObjectId sharded = recordedId();
        CacheDirectory cache = cache(repo.root);
        Manifest manifest = cache.manifestOrNull(sharded);
        assertNotNull(manifest);
        // What a dvj from before shards recorded: the same files as one flat listing.
        ObjectId flat = cache.insert(manifest.flatBytes(), true);
        Path pointer = repo.root.resolve("big.dvj");
        Files.writeString(pointer, Files.readString(pointer).replace(sharded.toString(), flat.toString()));
        try (Git git = Git.open(repo.root.toFile())) { // not dvj commit: that would record it in shards
            git.add().addFilepattern("big.dvj").call();
            git.commit().setMessage("as an older dvj wrote it").call();
        }
        assertEquals(flat, recordedId());

        Cli.Run status = cli.run("status", "--json");
        assertEquals(0, status.exit(), "the same files are not a change: " + status.out());
        assertEquals(0, cli.run("push").exit());
        Cli clone = cloneOf("clone");
        Cli.Run pull = clone.run("pull");
        assertEquals(0, pull.exit(), pull.err());
        assertEquals("file 42\n", Files.readString(dir.resolve("clone/big/05/00042.txt")));
        assertEquals(0, clone.run("status").exit(), clone.run("status").out());

        Cli.Run commit = cli.run("commit", "-m", "shards");
        assertEquals(0, commit.exit(), commit.err());
        assertEquals(sharded, recordedId(), "the next commit records the directory in shards");
        assertEquals(0, cli.run("status").exit());
        Cli.Run push = cli.run("push", "--json");
        assertEquals(0, push.exit(), push.err());
        assertEquals(Manifest.shardsOf(Files.readAllBytes(cache.path(sharded)), "test").size() + 1,
                push.json().get("transferred").asInt(), "only the shards and the root: " + push.out());
    }
}
