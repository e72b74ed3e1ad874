package dev.dvj.cli;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cache.chunked}: two versions of a big file share their unchanged chunks in the cache, and
 * every command that reads the cache (status, checkout, push, pull, gc, fsck, show) sees the same
 * files it would if they were whole; a damaged chunk is caught, named and fetched again.
 */
class ChunkedCacheTest {
    static final int SIZE = 3 << 20;

    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;
    byte[] v1;
    byte[] v2;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.gitOnly(dir);
        cli = new Cli(repo.root, repo.env);
        cli.run("init");
        assertEquals(0, cli.run("config", "cache.chunked", "true").exit());
        assertEquals(0, cli.run("config", "cache.chunk_threshold", "1M").exit());
        // Links first: a file kept as chunks has no cache file to link to, so it must come out a copy.
        assertEquals(0, cli.run("config", "cache.type", "hardlink,symlink,copy").exit());
        cli.run("remote", "add", "-d", "origin", "../store");
        v1 = new byte[SIZE];
        new Random(7).nextBytes(v1);
        // v2: 1,000 bytes inserted in the middle, which moves every byte after them.
        v2 = new byte[SIZE + 1000];
        System.arraycopy(v1, 0, v2, 0, SIZE / 2);
        Arrays.fill(v2, SIZE / 2, SIZE / 2 + 1000, (byte) 'x');
        System.arraycopy(v1, SIZE / 2, v2, SIZE / 2 + 1000, SIZE - SIZE / 2);
    }

    private ObjectId addAndCommit(byte[] content, String message) throws Exception {
        Files.write(repo.root.resolve("data.bin"), content);
        Cli.Run add = cli.run("add", "data.bin");
        assertEquals(0, add.exit(), add.err());
        assertEquals(0, cli.run("commit", "-m", message).exit());
        String pointer = Files.readString(repo.root.resolve("data.bin.dvj"));
        return ObjectId.parse(pointer.replaceAll("(?s).*\\boid: (\\S+).*", "$1"));
    }

    private static CacheDirectory cache(Path root) {
        return new CacheDirectory(root.resolve(".dvj/cache"));
    }

    private static long objectBytes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve(".dvj/cache/sha256"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void twoVersionsShareTheirChunksAndCheckOutAsCopies() throws Exception {
        ObjectId first = addAndCommit(v1, "v1");
        ObjectId second = addAndCommit(v2, "v2");
        assertNotEquals(first, second);
        CacheDirectory cache = cache(repo.root);
        assertTrue(cache.isChunked(first) && cache.isChunked(second), "both kept as chunks");
        assertFalse(Files.exists(cache.path(second)), "no whole copy of the file in the cache");
        long stored = objectBytes(repo.root);
        assertTrue(stored < SIZE * 1.2, "two versions take " + stored + " bytes for a " + SIZE + "-byte file");

        assertFalse(Files.isSymbolicLink(repo.root.resolve("data.bin")));
        Cli.Run status = cli.run("status");
        assertEquals(0, status.exit(), status.out() + status.err());

        // Back to v1: placed from its chunks, as an independent copy although hardlink comes first.
        repo.git().checkout().setStartPoint("HEAD~1").addPath("data.bin.dvj").call();
        Cli.Run checkout = cli.run("checkout");
        assertEquals(0, checkout.exit(), checkout.err());
        Path data = repo.root.resolve("data.bin");
        assertArrayEquals(v1, Files.readAllBytes(data));
        assertFalse(Files.isSymbolicLink(data));
        assertEquals(1, ((Number) Files.getAttribute(data, "unix:nlink")).intValue(), "not a hard link");
        assertTrue(Files.isWritable(data));
        assertEquals(0, cli.run("status").exit());
        Cli.Run fsck = cli.run("fsck");
        assertEquals(0, fsck.exit(), fsck.out() + fsck.err());
    }

    @Test
    void pushAndPullCarryChunkedFilesBetweenChunkedAndWholeCaches() throws Exception {
        ObjectId first = addAndCommit(v1, "v1");
        addAndCommit(v2, "v2");
        Cli.Run push = cli.run("push", "-a", "--json");
        assertEquals(0, push.exit(), push.err());
        assertEquals(0, cli.run("status", "-c").exit());

        // A clone inherits cache.chunked from the committed config: its pull stores chunks too.
        Cli chunkedClone = cloneOf("chunked");
        Cli.Run pull = chunkedClone.run("pull");
        assertEquals(0, pull.exit(), pull.err());
        Path cloneRoot = dir.resolve("chunked");
        assertArrayEquals(v2, Files.readAllBytes(cloneRoot.resolve("data.bin")));
        assertTrue(cache(cloneRoot).isChunked(ObjectId.parse(pointerOid(cloneRoot))));

        // One that turns it off keeps whole objects, which it can link.
        Cli wholeClone = cloneOf("whole");
        assertEquals(0, wholeClone.run("config", "--local", "cache.chunked", "false").exit());
        assertEquals(0, wholeClone.run("pull").exit());
        Path wholeRoot = dir.resolve("whole");
        ObjectId pulled = ObjectId.parse(pointerOid(wholeRoot));
        assertTrue(Files.isRegularFile(cache(wholeRoot).path(pulled)));
        assertArrayEquals(v2, Files.readAllBytes(wholeRoot.resolve("data.bin")));
        assertTrue(cache(repo.root).isChunked(first));
    }

    @Test
    void toARemoteThatChunksTooOnlyTheNewChunksTravel() throws Exception {
        assertEquals(0, cli.run("remote", "modify", "origin", "chunk_threshold", "1M").exit());
        addAndCommit(v1, "v1");
        assertEquals(0, cli.run("push").exit());
        ObjectId second = addAndCommit(v2, "v2");
        assertEquals(0, cli.run("push").exit());
        Path store = dir.resolve("store");
        try (Stream<Path> lists = Files.list(store.resolve("chunks"))) {
            assertEquals(2, lists.count(), "both versions stored as chunk lists on the remote");
        }
        long remoteBytes;
        try (Stream<Path> files = Files.walk(store)) {
            remoteBytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(remoteBytes < SIZE * 1.3, "the remote holds " + remoteBytes + " bytes for two versions");
        assertEquals(0, cli.run("status", "-c").exit());

        Cli clone = cloneOf("clone");
        assertEquals(0, clone.run("pull").exit());
        assertArrayEquals(v2, Files.readAllBytes(dir.resolve("clone/data.bin")));
        assertTrue(cache(dir.resolve("clone")).isChunked(second));
    }

    @Test
    void aDamagedChunkIsCaughtSetAsideAndFetchedAgain() throws Exception {
        ObjectId id = addAndCommit(v1, "v1");
        assertEquals(0, cli.run("push").exit());
        Path chunk = firstChunkOf(id);
        chunk.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(chunk);
        bytes[10] ^= 1;
        Files.write(chunk, bytes);

        Cli.Run fsck = cli.run("fsck", "--json");
        assertNotEquals(0, fsck.exit(), fsck.out());
        assertTrue(fsck.out().contains(id.hex()), "names the file: " + fsck.out());

        Files.delete(repo.root.resolve("data.bin"));
        Cli.Run checkout = cli.run("checkout");
        assertEquals(4, checkout.exit(), checkout.out() + checkout.err());
        assertTrue(checkout.err().contains(id.hex()) && checkout.err().contains("damaged"), checkout.err());
        assertFalse(Files.exists(repo.root.resolve("data.bin")), "nothing placed");
        try (Stream<Path> left = Files.list(repo.root)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".dvjtmp")), "no temp file left");
        }

        // Set aside, so a pull fetches it again and the checkout then works.
        Cli.Run pull = cli.run("pull");
        assertEquals(0, pull.exit(), pull.err());
        assertArrayEquals(v1, Files.readAllBytes(repo.root.resolve("data.bin")));
        assertEquals(0, cli.run("fsck").exit());
    }

    @Test
    void gcKeepsTheChunksOfKeptVersionsOnly() throws Exception {
        ObjectId first = addAndCommit(v1, "v1");
        ObjectId second = addAndCommit(v2, "v2");
        long both = objectBytes(repo.root);
        Cli.Run gc = cli.run("gc", "-w", "-f", "--json");
        assertEquals(0, gc.exit(), gc.err());
        CacheDirectory cache = cache(repo.root);
        assertFalse(cache.has(first), "v1 collected");
        assertTrue(cache.has(second));
        assertTrue(objectBytes(repo.root) < both, "chunks only v1 used are gone");
        Files.delete(repo.root.resolve("data.bin"));
        assertEquals(0, cli.run("checkout").exit());
        assertArrayEquals(v2, Files.readAllBytes(repo.root.resolve("data.bin")));
        assertEquals(0, cli.run("fsck").exit());
    }

    @Test
    void driftReadsAVersionKeptAsChunks() throws Exception {
        // No profile stored at add: drift has to read the recorded version from its chunks.
        assertEquals(0, cli.run("config", "profile.max_size", "1000").exit());
        StringBuilder csv = new StringBuilder("id,value\n");
        for (int i = 0; csv.length() < (3 << 20); i++) {
            csv.append(i).append(',').append(i * 7 % 1000).append('\n');
        }
        Files.writeString(repo.root.resolve("table.csv"), csv);
        assertEquals(0, cli.run("add", "table.csv").exit());
        assertEquals(0, cli.run("commit", "-m", "table").exit());
        assertTrue(cache(repo.root).isChunked(ObjectId.parse(Files.readString(repo.root.resolve("table.csv.dvj"))
                .replaceAll("(?s).*\\boid: (\\S+).*", "$1"))));
        Cli.Run drift = cli.run("drift", "table.csv", "HEAD", "--json");
        assertEquals(0, drift.exit(), drift.out() + drift.err());
        assertTrue(drift.out().contains("value"), drift.out());
    }

    private Path firstChunkOf(ObjectId id) throws IOException {
        Path list = repo.root.resolve(".dvj/cache/chunks/sha256").resolve(id.shard()).resolve(id.fileName());
        String firstChunk = Files.readAllLines(list).get(2).split(" ")[0];
        return cache(repo.root).path(ObjectId.parse(firstChunk));
    }

    private static String pointerOid(Path root) throws IOException {
        return Files.readString(root.resolve("data.bin.dvj")).replaceAll("(?s).*\\boid: (\\S+).*", "$1");
    }

    private Cli cloneOf(String name) throws Exception {
        Path cloneRoot = dir.resolve(name);
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        return new Cli(cloneRoot, repo.env);
    }
}
