package dev.dvj.remote;

import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Push, status and pull against s3rver, a second S3 implementation beside S3Proxy: what it keeps
 * must be byte for byte what dvj sent, single PUTs and multipart uploads alike.
 */
class S3rverTest {
    @TempDir
    static Path serverDir;
    static S3rverProcess server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3rverProcess.start(serverDir.resolve("data"), "data");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private S3Database remote(String prefix, long partSize) {
        S3Settings settings = new S3Settings("data", prefix, "us-east-1", server.uri(), true, null,
                S3rverProcess.ACCESS_KEY, S3rverProcess.SECRET_KEY);
        return new S3Database("second", settings, 4, partSize);
    }

    @Test
    void singleAndMultipartUploadsAreKeptByteForByte() throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        byte[] big = new byte[12 * 1024 * 1024 + 11];
        new Random(3).nextBytes(big);
        ObjectId bigId = cache.insert(Files.write(dir.resolve("big.bin"), big));
        ObjectId smallId = cache.insert("small".getBytes(), false);
        try (S3Database remote = remote("objects/", 5L * 1024 * 1024)) {
            remote.insert(bigId, cache.path(bigId));
            remote.insert(smallId, cache.path(smallId));
            Map<ObjectId, ObjectInfo> listed = remote.list();
            assertEquals(big.length, listed.get(bigId).size(), "three parts, stored as sent, not in their transfer encoding");
            assertEquals(5, listed.get(smallId).size());
            byte[] back = remote.read(bigId, InputStream::readAllBytes).orElseThrow();
            assertEquals(bigId, Hashing.ofBytes(back, false));
            assertArrayEquals("small".getBytes(), remote.read(smallId, InputStream::readAllBytes).orElseThrow());
        }
    }

    @Test
    void aRepositoryPushedThereIsInSyncAndAClonePullsItBack() throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("origin"));
        byte[] model = new byte[7 * 1024 * 1024];
        new Random(5).nextBytes(model);
        Files.write(repo.path("model.bin"), model);
        for (int i = 0; i < 25; i++) {
            repo.write("images/img" + i + ".txt", "image " + i);
        }
        repo.add("model.bin", "images");
        repo.commit("v1");
        try (Repository r = repo.open(); S3Database remote = remote("repo/", 5L * 1024 * 1024)) {
            assertEquals(27, new Transfer(r.objects(), remote, 4).push(new Outputs(r).all()).transferred());
            for (Transfer.Comparison compared : new Transfer(r.objects(), remote, 4).compare(new Outputs(r).all(), true)) {
                assertTrue(compared.localOnly().isEmpty() && compared.damaged().isEmpty(), "in sync, read back: " + compared);
            }
        }
        Path cloneRoot = dir.resolve("clone");
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        TestRepo clone = TestRepo.existing(cloneRoot, repo.env);
        try (Repository r = clone.open(); S3Database remote = remote("repo/", 5L * 1024 * 1024)) {
            assertEquals(27, new Transfer(r.objects(), remote, 4).fetch(new Outputs(r).all()).transferred());
            new CheckoutCommand(r).run(List.of(), null, false);
        }
        assertArrayEquals(model, Files.readAllBytes(clone.path("model.bin")));
        assertEquals("image 24", clone.read("images/img24.txt"));
    }
}
