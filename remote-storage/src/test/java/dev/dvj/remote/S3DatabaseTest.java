package dev.dvj.remote;

import dev.dvj.core.odb.RemoteDatabases;

import dev.dvj.core.odb.Survey;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.odb.pack.PackingDatabase;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.api.OutputSelection;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.TrackedOutput;
import dev.dvj.core.workspace.Parallel;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 remote against S3Proxy, a real S3 protocol server running in-process on loopback. */
class S3DatabaseTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.builder().withCredentials("dvj-access", "dvj-secret-key").build();

    @TempDir
    Path dir;

    /**
     * The SDK's own setting, which dvj respects: 3 attempts keep the tests of persistent faults
     * short (dvj's default of 10 backs off for about 20 s before giving up). The test of a faulty
     * network clears it to run with dvj's default.
     */
    @BeforeEach
    void fewerAttemptsForPersistentFaults() {
        System.setProperty("aws.maxAttempts", "3");
    }

    @AfterEach
    void defaultAttempts() {
        System.clearProperty("aws.maxAttempts");
    }

    @BeforeEach
    void createBucket() {
        try (S3Client admin = admin()) {
            admin.createBucket(r -> r.bucket("data"));
        }
    }

    private S3Settings settings(String bucket, URI endpoint, String secret) {
        return new S3Settings(bucket, "team/project/", "us-east-1", endpoint, true, null, S3.getAccessKey(), secret);
    }

    private S3Database remote(long partSize) {
        return new S3Database("cloud", settings("data", S3.getUri(), S3.getSecretKey()), 8, partSize);
    }

    private static ObjectId stored(CacheDirectory cache, byte[] bytes) throws Exception {
        return cache.insert(bytes, false);
    }

    @Test
    void putListHasOpenAndDelete() throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = stored(cache, "hello s3".getBytes());
        try (S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            assertFalse(remote.stat(id).isPresent());
            assertTrue(remote.read(id, InputStream::readAllBytes).isEmpty(), "a missing object is an empty result, not an error");
            remote.insert(id, cache.path(id));
            assertTrue(remote.stat(id).isPresent());
            assertEquals(Set.of(id), remote.list().keySet());
            assertEquals("hello s3", new String(remote.read(id, InputStream::readAllBytes).orElseThrow()));
            assertTrue(remote.delete(id));
            assertFalse(remote.stat(id).isPresent());
        }
    }

    @Test
    void bigObjectsGoUpInParts() throws Exception {
        byte[] bytes = new byte[12 * 1024 * 1024 + 5];
        new Random(9).nextBytes(bytes);
        Path file = Files.write(dir.resolve("big.bin"), bytes);
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = cache.insert(file);
        try (S3Database remote = remote(5L * 1024 * 1024)) {
            remote.insert(id, cache.path(id));
            assertArrayEquals(bytes, remote.read(id, InputStream::readAllBytes).orElseThrow());
            assertEquals(Set.of(id), remote.list().keySet(), "no stray part objects are listed");
        }
        assertEquals(Hashing.ofBytes(bytes, false), id);
    }

    @Test
    void aCloneGetsItsDataBackThroughS3() throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("first"));
        repo.write("data.csv", "a,b\n1,2\n");
        for (int i = 0; i < 30; i++) {
            repo.write("images/img" + i + ".txt", "image " + i);
        }
        repo.add("data.csv", "images");
        repo.commit("v1");
        try (Repository r = repo.open(); S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            Transfer.Result pushed = new Transfer(r.objects(), remote, 8).push(new Outputs(r).all());
            assertEquals(33, pushed.transferred(), "with data.csv's profile");
            assertEquals(0, new Transfer(r.objects(), remote, 8).push(new Outputs(r).all()).transferred());
        }
        Path cloneRoot = dir.resolve("clone");
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        TestRepo clone = TestRepo.existing(cloneRoot, repo.env);
        try (Repository r = clone.open(); S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            assertEquals(33, new Transfer(r.objects(), remote, 8).fetch(new Outputs(r).all()).transferred());
            new CheckoutCommand(r).run(List.of(), null, false);
        }
        assertEquals(repo.read("data.csv"), clone.read("data.csv"));
        assertEquals(repo.read("images/img29.txt"), clone.read("images/img29.txt"));
    }

    @Test
    void aFileTheCacheKeepsAsChunksGoesToS3AsChunksWithoutBeingCutAgain() throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("chunked"));
        Files.writeString(repo.root.resolve(".dvj/config.local.yaml"), "cache:\n  chunked: true\n  chunk_threshold: 1M\n");
        byte[] data = new byte[4 << 20];
        new Random(21).nextBytes(data);
        Files.write(repo.root.resolve("big.bin"), data);
        repo.add("big.bin");
        repo.commit("v1");
        pushChunked(repo);
        data[100] ^= 1; // one changed byte: one new chunk
        Files.write(repo.root.resolve("big.bin"), data);
        repo.add("big.bin");
        repo.commit("v2");
        pushChunked(repo);
        try (S3Database s3 = remote(S3Database.DEFAULT_PART_SIZE)) {
            long stored = s3.list().values().stream().mapToLong(ObjectInfo::size).sum()
                    + s3.listFiles("packs").values().stream().mapToLong(ObjectInfo::size).sum();
            assertTrue(stored < data.length * 1.2, "two versions share their chunks on S3 too: " + stored);
        }
        Path cloneRoot = pullOneFileIntoAClone(repo, "clone-of-chunked");
        assertArrayEquals(data, Files.readAllBytes(cloneRoot.resolve("big.bin")));
    }

    /** Clones the repository's Git history, fetches its one output from S3 and checks it out; returns the clone's root. */
    private Path pullOneFileIntoAClone(TestRepo repo, String name) throws Exception {
        Path cloneRoot = dir.resolve(name);
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        TestRepo clone = TestRepo.existing(cloneRoot, repo.env);
        try (Repository r = clone.open();
             PackingDatabase remote = new PackingDatabase(remote(S3Database.DEFAULT_PART_SIZE), PackingDatabase.DEFAULT_THRESHOLD,
                     PackingDatabase.DEFAULT_PACK_SIZE, 8)) {
            assertEquals(1, new Transfer(r.objects(), remote, 8).fetch(new Outputs(r).all()).transferred());
            new CheckoutCommand(r).run(List.of(), null, false);
        }
        return cloneRoot;
    }

    private void pushChunked(TestRepo repo) throws Exception {
        try (Repository r = repo.open();
             PackingDatabase remote = new PackingDatabase(remote(S3Database.DEFAULT_PART_SIZE), PackingDatabase.DEFAULT_THRESHOLD,
                     PackingDatabase.DEFAULT_PACK_SIZE, 8).withChunking(2 << 20)) {
            ObjectId id = new Outputs(r).all().get(0).pointer().oid();
            assertTrue(r.cache().isChunked(id), "kept as chunks in the cache");
            new Transfer(r.objects(), remote, 8).push(new Outputs(r).all());
            assertTrue(remote.isChunked(id), "and on the remote");
        }
    }

    @Test
    void aBigFileTravelsAsChunksThroughS3AndItsNextVersionSendsOnlyNewOnes() throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("first"));
        byte[] data = new byte[6 << 20];
        new Random(11).nextBytes(data);
        Files.write(repo.root.resolve("big.bin"), data);
        repo.add("big.bin");
        repo.commit("v1");
        try (Repository r = repo.open();
             PackingDatabase remote = new PackingDatabase(remote(S3Database.DEFAULT_PART_SIZE), PackingDatabase.DEFAULT_THRESHOLD,
                     PackingDatabase.DEFAULT_PACK_SIZE, 8).withChunking(2 << 20)) {
            new Transfer(r.objects(), remote, 8).push(new Outputs(r).all());
            ObjectId v1 = new Outputs(r).all().get(0).pointer().oid();
            assertTrue(remote.isChunked(v1));
            assertEquals(0, new Transfer(r.objects(), remote, 8).push(new Outputs(r).all()).transferred(), "in sync");
        }
        byte[] appended = java.util.Arrays.copyOf(data, data.length + 60_000);
        new Random(12).ints(0, 256).limit(60_000).forEach(new java.util.function.IntConsumer() {
            int at = data.length;

            @Override
            public void accept(int b) {
                appended[at++] = (byte) b;
            }
        });
        Files.write(repo.root.resolve("big.bin"), appended);
        repo.add("big.bin");
        repo.commit("v2");
        try (Repository r = repo.open();
             S3Database s3 = remote(S3Database.DEFAULT_PART_SIZE);
             PackingDatabase remote = new PackingDatabase(s3, PackingDatabase.DEFAULT_THRESHOLD,
                     PackingDatabase.DEFAULT_PACK_SIZE, 8).withChunking(2 << 20)) {
            long before = s3.list().size() + s3.listFiles("packs").size();
            new Transfer(r.objects(), remote, 8).push(new Outputs(r).all());
            long after = s3.list().size() + s3.listFiles("packs").size();
            assertTrue(after - before <= 3, "a chunk or two, loose (too few to pack): " + (after - before));
        }
        Path cloneRoot = pullOneFileIntoAClone(repo, "clone");
        assertArrayEquals(appended, Files.readAllBytes(cloneRoot.resolve("big.bin")));
    }

    @Test
    void aPathInsideATrackedDirectoryIsFetchedAloneThroughS3() throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("first"));
        for (int i = 0; i < 30; i++) {
            repo.write("images/" + (i % 3 == 0 ? "cat/" : "dog/") + "img" + i + ".txt", "image " + i);
        }
        repo.add("images");
        repo.commit("v1");
        try (Repository r = repo.open(); S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            new Transfer(r.objects(), remote, 8).push(new Outputs(r).all());
        }
        Path cloneRoot = dir.resolve("clone");
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        TestRepo clone = TestRepo.existing(cloneRoot, repo.env);
        try (Repository r = clone.open(); S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            List<Path> targets = List.of(cloneRoot.resolve("images/dog/img1.txt"), cloneRoot.resolve("images/cat"));
            List<TrackedOutput> selected = OutputSelection.workspace(targets).resolveReaching(r);
            assertEquals(1, selected.size(), "both paths narrow the one directory");
            assertEquals(List.of("dog/img1.txt", "cat"), selected.get(0).within());
            // As pull does: the checkout is planned with the manifest the fetch read, which the
            // cache does not keep until all of the directory's files are in.
            Transfer transfer = new Transfer(r.objects(), remote, 8);
            Transfer.FetchPlan plan = transfer.planFetch(selected);
            try (CheckoutCommand.Pending checkout = new CheckoutCommand(r).prepare(targets, null, false, plan.manifests(), plan.downloads())) {
                Transfer.Result fetched = transfer.fetch(plan, checkout);
                assertEquals(11, fetched.transferred(), "img1 and the ten cat images, not the manifest: " + fetched);
                checkout.finish();
            }
            assertFalse(r.cache().has(selected.get(0).pointer().oid()), "a cached manifest still means a whole directory");
        }
        assertEquals("image 1", clone.read("images/dog/img1.txt"));
        assertEquals("image 27", clone.read("images/cat/img27.txt"));
        assertFalse(Files.exists(cloneRoot.resolve("images/dog/img2.txt")));
    }

    @Test
    void wrongCredentialsAreAClearRemoteErrorThatNeverShowsTheSecret() throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = stored(cache, "x".getBytes());
        try (S3Database remote = new S3Database("cloud", settings("data", S3.getUri(), "not-the-secret"), 2,
                S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, () -> remote.insert(id, cache.path(id)));
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().startsWith("remote 'cloud' (s3://data/team/project/): cannot upload"), e.getMessage());
            assertTrue(e.getMessage().contains("access denied"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"));
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void missingCredentialsSayHowToGiveThemInOneLine() throws IOException {
        // A profile that exists but holds no keys, so the SDK's chain stops there (no instance metadata).
        Path home = Files.createDirectories(dir.resolve("home/.aws"));
        Files.writeString(home.resolve("config"), "[profile empty]\nregion = us-east-1\n");
        S3Settings noKeys = new S3Settings("data", "", "us-east-1", S3.getUri(), true, "empty", null, null,
                AwsEnvironment.of(TestRepo.env(dir.resolve("home"))));
        try (S3Database remote = new S3Database("cloud", noKeys, 2, S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, remote::list);
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().contains("no credentials found: set AWS_ACCESS_KEY_ID"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void aMissingBucketIsNamed() {
        try (S3Database remote = new S3Database("cloud", settings("no-such-bucket", S3.getUri(), S3.getSecretKey()), 2,
                S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, remote::list);
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
        }
    }

    @Test
    void anUnreachableEndpointIsAClearRemoteError() {
        try (S3Database remote = new S3Database("cloud", settings("data", URI.create("http://127.0.0.1:9"), S3.getSecretKey()), 2,
                S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, remote::list);
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().contains("cannot reach http://127.0.0.1:9"), e.getMessage());
        }
    }

    @Test
    void secretsInTheCommittedConfigAreRefused() throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("secrets"));
        Files.writeString(repo.path(".dvj/config.yaml"), "remote:\n  cloud:\n    url: s3://data/x\n"
                + "    secret_access_key: leaked\n");
        try (Repository r = repo.open()) {
            DvjException e = assertThrows(DvjException.class, () -> RemoteDatabases.open(r, "cloud"));
            assertEquals(ErrorKind.INVALID_INPUT, e.kind());
            assertTrue(e.getMessage().contains("config.local.yaml"), e.getMessage());
            assertFalse(e.getMessage().contains("leaked"));
        }
        Files.writeString(repo.path(".dvj/config.yaml"), "remote:\n  cloud:\n    url: s3://data/x\n    endpoint: "
                + S3.getUri() + "\n");
        Files.writeString(repo.path(".dvj/config.local.yaml"), "remote:\n  cloud:\n    access_key_id: " + S3.getAccessKey()
                + "\n    secret_access_key: " + S3.getSecretKey() + "\n");
        try (Repository r = repo.open(); ObjectDatabase remote = RemoteDatabases.open(r, "cloud")) {
            assertEquals(Set.of(), remote.list().keySet(), "keys from config.local.yaml are used");
        }
    }

    private TestRepo repoWithData(String name) throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve(name));
        for (int i = 0; i < 20; i++) {
            repo.write("images/img" + i + ".txt", "image " + i);
        }
        repo.add("images");
        repo.commit("v1");
        return repo;
    }

    @Test
    void transientServerErrorsAreRetriedUntilThePushSucceeds() throws Exception {
        TestRepo repo = repoWithData("retries");
        try (FaultyProxy proxy = new FaultyProxy(S3.getUri(), FaultyProxy.failFirstAttempt(), 0);
             Repository r = repo.open();
             S3Database remote = new S3Database("cloud", settings("data", proxy.uri(), S3.getSecretKey()), 4,
                     S3Database.DEFAULT_PART_SIZE)) {
            Transfer.Result pushed = new Transfer(r.objects(), remote, 4).push(new Outputs(r).all());
            assertEquals(21, pushed.transferred());
            assertTrue(proxy.failed.get() >= 21, "every upload failed once: " + proxy.failed.get());
        }
        try (S3Database direct = remote(S3Database.DEFAULT_PART_SIZE)) {
            assertEquals(21, direct.list().size());
        }
    }

    @Test
    void slowResponsesStillComplete() throws Exception {
        TestRepo repo = repoWithData("slow");
        try (FaultyProxy proxy = new FaultyProxy(S3.getUri(), line -> false, 150);
             Repository r = repo.open();
             S3Database remote = new S3Database("cloud", settings("data", proxy.uri(), S3.getSecretKey()), 8,
                     S3Database.DEFAULT_PART_SIZE)) {
            assertEquals(21, new Transfer(r.objects(), remote, 8).push(new Outputs(r).all()).transferred());
        }
    }

    @Test
    void aPersistentFaultEndsInAClearErrorAndARerunCompletesWithoutRedoingWork() throws Exception {
        TestRepo repo = repoWithData("persistent");
        ObjectId manifestId;
        try (Repository r = repo.open()) {
            manifestId = new Outputs(r).forTarget(repo.path("images")).pointer().oid();
        }
        String poisoned = "/" + manifestId.shard() + "/";
        try (FaultyProxy proxy = new FaultyProxy(S3.getUri(),
                FaultyProxy.failAlways(line -> line.startsWith("PUT") && line.contains("/sha256" + poisoned)), 0);
             Repository r = repo.open();
             S3Database remote = new S3Database("cloud", settings("data", proxy.uri(), S3.getSecretKey()), 4,
                     S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, () -> new Transfer(r.objects(), remote, 4).push(new Outputs(r).all()));
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().startsWith("remote 'cloud'"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
        }
        try (Repository r = repo.open(); S3Database direct = remote(S3Database.DEFAULT_PART_SIZE)) {
            Set<ObjectId> before = direct.list().keySet();
            assertFalse(before.contains(manifestId) && before.size() < 21, "no manifest without all its files");
            Transfer.Result resumed = new Transfer(r.objects(), direct, 4).push(new Outputs(r).all());
            assertEquals(21 - before.size(), resumed.transferred(), "only what was still missing moves");
            assertEquals(before.size(), resumed.present());
            assertEquals(21, direct.list().size());
        }
    }

    private S3Database through(FaultyProxy proxy) {
        return new S3Database("cloud", settings("data", proxy.uri(), S3.getSecretKey()), 4, S3Database.DEFAULT_PART_SIZE);
    }

    @Test
    void transientServerErrorsOnDownloadsAreRetriedUntilTheFetchSucceeds() throws Exception {
        TestRepo repo = repoWithData("fetch-retries");
        TestRepo clone = pushedThenCloned(repo);
        try (FaultyProxy proxy = new FaultyProxy(S3.getUri(), FaultyProxy.failFirstAttempt(), 0);
             Repository r = clone.open(); S3Database remote = through(proxy)) {
            assertEquals(21, new Transfer(r.objects(), remote, 4).fetch(new Outputs(r).all()).transferred());
            assertTrue(proxy.failed.get() >= 21, "every download failed once: " + proxy.failed.get());
            new CheckoutCommand(r).run(List.of(), null, false);
        }
        assertEquals(repo.read("images/img7.txt"), clone.read("images/img7.txt"));
    }

    /**
     * Pulls through a proxy that breaks 3% of responses mid-body and resets 4% of connections,
     * answers 4% with 503 SlowDown and 3% with 500, and delays 5%: every pull must complete.
     * Scale it up to measure: -Ddvj.faults.files=2000 -Ddvj.faults.runs=5.
     */
    @Test
    void pullsCompleteThroughAMixOfNetworkAndServerFaults() throws Exception {
        System.clearProperty("aws.maxAttempts"); // dvj's own default, as a user gets it
        assertEquals(SdkRetries.TRANSFER_MAX_ATTEMPTS, SdkRetries.transferStrategy().maxAttempts());
        int files = Integer.getInteger("dvj.faults.files", 300);
        int runs = Integer.getInteger("dvj.faults.runs", 1);
        TestRepo repo = TestRepo.create(dir.resolve("faults"));
        for (int i = 0; i < files; i++) {
            repo.write("images/img" + i + ".txt", "image " + i + " " + "x".repeat(i % 4096));
        }
        repo.add("images");
        repo.commit("v1");
        TestRepo clone = pushedThenCloned(repo);
        for (int run = 0; run < runs; run++) {
            try (Repository r = clone.open()) {
                dev.dvj.core.io.FileTrees.delete(r.cache().root().resolve("sha256")); // every run from an empty cache
            }
            dev.dvj.core.io.FileTrees.delete(clone.path("images"));
            long start = System.nanoTime();
            try (FaultyProxy proxy = FaultyProxy.choosing(S3.getUri(), FaultyProxy.mixed(run, 3, 4, 4, 3, 5));
                 Repository r = clone.open(); S3Database remote = through(proxy)) {
                Transfer transfer = new Transfer(r.objects(), remote, 8);
                Transfer.FetchPlan plan = transfer.planFetch(new Outputs(r).all());
                try (CheckoutCommand.Pending pending = new CheckoutCommand(r)
                        .prepare(List.of(), null, false, plan.manifests(), plan.downloads())) {
                    Transfer.Result fetched = transfer.fetch(plan, pending);
                    assertEquals(List.of(), fetched.missing());
                    pending.finish();
                }
                System.out.printf("faulty pull %d: %d files in %.1f s, %d faults injected%n", run + 1, files,
                        (System.nanoTime() - start) / 1e9, proxy.failed.get());
            }
            assertEquals(repo.read("images/img" + (files - 1) + ".txt"), clone.read("images/img" + (files - 1) + ".txt"));
        }
    }

    @Test
    void aPullThatFailsMidWayLeavesNoHalfBuiltOutputBehind() throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("pull-fails"));
        for (int i = 0; i < 300; i++) {
            repo.write("images/img" + i + ".txt", "image " + i);
        }
        repo.add("images");
        repo.commit("v1");
        TestRepo clone = pushedThenCloned(repo);
        ObjectId poisoned = Hashing.ofBytes("image 150".getBytes(), false);
        try (FaultyProxy proxy = new FaultyProxy(S3.getUri(),
                FaultyProxy.failAlways(line -> line.startsWith("GET") && line.contains(poisoned.fileName())), 0);
             Repository r = clone.open(); S3Database remote = through(proxy)) {
            // As dvj pull does: plan the checkout once the manifest is in, build outputs as objects arrive.
            Transfer transfer = new Transfer(r.objects(), remote, 8);
            Transfer.FetchPlan plan = transfer.planFetch(new Outputs(r).all());
            DvjException e = assertThrows(DvjException.class, () -> {
                try (CheckoutCommand.Pending pending = new CheckoutCommand(r)
                        .prepare(List.of(), null, false, plan.manifests(), plan.downloads())) {
                    transfer.fetch(plan, pending);
                    pending.finish();
                }
            });
            assertEquals(ErrorKind.REMOTE, e.kind(), e.getMessage());
        }
        try (var files = Files.walk(clone.root)) {
            assertEquals(List.of(), files.filter(f -> !f.startsWith(clone.root.resolve(".git")))
                    .filter(f -> f.getFileName().toString().endsWith(".dvjtmp") || f.getFileName().toString().endsWith(".tmp"))
                    .toList(), "no staged output folder, no temp file in the workspace or the cache");
        }
        assertFalse(Files.exists(clone.path("images")));
    }

    @Test
    void aDownloadCutOffMidBodyIsRetriedUntilTheFetchSucceeds() throws Exception {
        // A connection reset half-way through a response body, not a refused request.
        TestRepo repo = repoWithData("fetch-resets");
        TestRepo clone = pushedThenCloned(repo);
        try (FaultyProxy proxy = new FaultyProxy(S3.getUri(), FaultyProxy.failFirstAttempt(),
                FaultyProxy.Fault.RESET_MID_BODY, 0);
             Repository r = clone.open(); S3Database remote = through(proxy)) {
            assertEquals(21, new Transfer(r.objects(), remote, 4).fetch(new Outputs(r).all()).transferred());
            assertTrue(proxy.failed.get() >= 20, "every object's body broke off once: " + proxy.failed.get());
            new CheckoutCommand(r).run(List.of(), null, false);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(repo.read("images/img" + i + ".txt"), clone.read("images/img" + i + ".txt"));
        }
    }

    @Test
    void anObjectDamagedOnTheRemoteIsNotInSyncAndPushReplacesIt() throws Exception {
        TestRepo repo = repoWithData("damage");
        ObjectId victim;
        try (Repository r = repo.open(); S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            new Transfer(r.objects(), remote, 4).push(new Outputs(r).all());
            ObjectId images = new Outputs(r).forTarget(repo.path("images")).pointer().oid();
            victim = r.cache().manifestOrNull(images).entries().get(3).oid();
            // The store now holds other bytes under the object's key: a damaged upload, or bit rot.
            remote.insert(victim, Files.writeString(dir.resolve("damaged"), "not the image at all"));

            Transfer.Comparison compared = new Transfer(r.objects(), remote, 4).compare(new Outputs(r).all()).get(0);
            assertEquals(Set.of(victim), compared.damaged(), "a wrong size is not 'in sync'");
            assertEquals(Set.of(victim), compared.localOnly());
            Transfer.Result pushed = new Transfer(r.objects(), remote, 4).push(new Outputs(r).all());
            assertEquals(1, pushed.transferred());
            assertEquals(1, pushed.repaired());
            assertTrue(new Transfer(r.objects(), remote, 4).compare(new Outputs(r).all()).get(0).damaged().isEmpty());

            // Same size, other bytes: only reading them back can tell.
            Path sameSize = Files.write(dir.resolve("same-size"), Files.readAllBytes(r.cache().path(victim)));
            byte[] flipped = Files.readAllBytes(sameSize);
            flipped[0] ^= 1;
            remote.insert(victim, Files.write(sameSize, flipped));
            assertEquals(0, new Transfer(r.objects(), remote, 4).push(new Outputs(r).all()).transferred(), "sizes alone pass it");
            assertEquals(Set.of(victim), new Transfer(r.objects(), remote, 4).compare(new Outputs(r).all(), true).get(0).damaged());
            Transfer.Result verified = new Transfer(r.objects(), remote, 4).push(new Outputs(r).all(), true);
            assertEquals(1, verified.repaired());
            assertArrayEquals(Files.readAllBytes(r.cache().path(victim)),
                    remote.read(victim, InputStream::readAllBytes).orElseThrow());
        }
    }

    @Test
    void aDownloadThatKeepsFailingIsAClearErrorAndLeavesNothingInTheCache() throws Exception {
        TestRepo clone = pushedThenCloned(repoWithData("fetch-fails"));
        try (FaultyProxy proxy = new FaultyProxy(S3.getUri(), FaultyProxy.failAlways(line -> line.startsWith("GET")
                && !line.contains(".dir")), 0);
             Repository r = clone.open(); S3Database remote = through(proxy)) {
            DvjException e = assertThrows(DvjException.class, () -> new Transfer(r.objects(), remote, 4).fetch(new Outputs(r).all()));
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().startsWith("remote 'cloud' (s3://data/team/project/): cannot download"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 500 InternalError"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(proxy.failed.get() > 1, "retried before giving up");
            assertEquals(List.of(), cachedFiles(r), "no object, no manifest and no temp file");
        }
    }

    @Test
    void anObjectCorruptedOnTheRemoteIsRefusedAndNeverCached() throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = stored(cache, "the real bytes".getBytes());
        Path tampered = Files.writeString(dir.resolve("tampered"), "tampered bytes");
        CacheDirectory other = new CacheDirectory(dir.resolve("other"));
        try (S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            remote.insert(id, tampered); // stored under the real object's key
            DvjException e = assertThrows(DvjException.class, () -> remote.read(id, in -> other.insert(in, id)));
            assertEquals(ErrorKind.DATA, e.kind());
            assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
        }
        assertFalse(other.has(id));
    }

    @Test
    void downloadsAndChecksInAMissingBucketNameIt() {
        ObjectId id = Hashing.ofBytes("x".getBytes(), false);
        try (S3Database remote = new S3Database("cloud", settings("no-such-bucket", S3.getUri(), S3.getSecretKey()), 2,
                S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, () -> remote.read(id, InputStream::readAllBytes));
            assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
        }
    }

    @Test
    void wrongCredentialsOnADownloadAreAccessDenied() {
        ObjectId id = Hashing.ofBytes("x".getBytes(), false);
        try (S3Database remote = new S3Database("cloud", settings("data", S3.getUri(), "not-the-secret"), 2,
                S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, () -> remote.read(id, InputStream::readAllBytes));
            assertTrue(e.getMessage().contains("cannot download") && e.getMessage().contains("access denied"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"));
            DvjException head = assertThrows(DvjException.class, () -> remote.stat(id).isPresent());
            assertTrue(head.getMessage().contains("access denied"), head.getMessage());
        }
    }

    @Test
    void keysWithCharactersThatNeedEscapingAreSignedAsSent() throws Exception {
        S3Settings odd = new S3Settings("data", "team one/été+x/", "us-east-1", S3.getUri(), true, null,
                S3.getAccessKey(), S3.getSecretKey());
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = stored(cache, "spaces and accents".getBytes());
        try (S3Database remote = new S3Database("cloud", odd, 2, S3Database.DEFAULT_PART_SIZE)) {
            remote.insert(id, cache.path(id));
            assertTrue(remote.stat(id).isPresent());
            assertEquals(Set.of(id), remote.list().keySet());
            assertEquals("spaces and accents", new String(remote.read(id, InputStream::readAllBytes).orElseThrow()));
        }
    }

    @Test
    void aSurveyOfHundredsListsEveryFanOutFolderAndTellsHeldFromDamagedAndAbsent() throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        Map<ObjectId, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < ObjectDatabase.FIND_ONE_BY_ONE_BELOW + 100; i++) {
            byte[] bytes = ("object " + i).getBytes();
            expected.put(stored(cache, bytes), (long) bytes.length);
        }
        List<ObjectId> ids = List.copyOf(expected.keySet());
        ObjectId absent = ids.get(0);
        ObjectId damaged = ids.get(1);
        try (S3Database remote = remote(S3Database.DEFAULT_PART_SIZE); S3Client admin = admin()) {
            Parallel.map(ids.subList(1, ids.size()), 8, id -> {
                try {
                    remote.insert(id, cache.path(id));
                    return id;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            remote.insert(damaged, Files.writeString(dir.resolve("short"), "x"));
            // Keys under the layout that are not objects: a note, a nested folder, a bad name.
            for (String key : List.of("README", "ab/notes.txt", "ab/cd/" + "0".repeat(62), "zz/" + "0".repeat(62))) {
                admin.putObject(r -> r.bucket("data").key("team/project/sha256/" + key), RequestBody.fromString("?"));
            }

            Map<ObjectId, ObjectInfo> listed = remote.list();
            assertEquals(Set.copyOf(ids.subList(1, ids.size())), listed.keySet(), "every object, from every fan-out folder, and nothing else");
            assertEquals(1, listed.get(damaged).size());

            Survey.Findings found = new Survey(remote, 8).survey(expected, false);
            assertEquals(Set.of(damaged), found.damaged());
            assertEquals(ids.size() - 2, found.held().size());
            assertFalse(found.held().contains(absent));
        }
    }

    private S3Client admin() {
        // Checksums only when required: S3Proxy refuses the SDK's default aws-chunked uploads over HTTP.
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(S3.getUri()).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3.getAccessKey(), S3.getSecretKey())))
                .build();
    }

    @Test
    void aStreamBiggerThanAPartGoesUpInPartsAndIsConfirmed() throws Exception {
        byte[] bytes = new byte[11 * 1024 * 1024 + 5];
        new java.util.Random(7).nextBytes(bytes);
        ObjectId id = dev.dvj.core.hash.Hashing.ofBytes(bytes, false);
        try (S3Database remote = remote(5L * 1024 * 1024)) {
            assertEquals(bytes.length, remote.insert(id, new java.io.ByteArrayInputStream(bytes), -1));
            assertEquals(bytes.length, remote.stat(id).orElseThrow().size());
            assertTrue(java.util.Arrays.equals(bytes, remote.read(id, InputStream::readAllBytes).orElseThrow()));
        }
    }

    @Test
    void anUploadTheStoreKeptOtherwiseIsARemoteErrorNotAPush() throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId small = stored(cache, "a small object".getBytes());
        byte[] bytes = new byte[6 * 1024 * 1024 + 3];
        new Random(4).nextBytes(bytes);
        ObjectId big = cache.insert(Files.write(dir.resolve("big.bin"), bytes));
        long partSize = 5L * 1024 * 1024;

        // A single PUT: the store's ETag (the MD5 of what it kept) is not the MD5 of what was sent.
        try (FaultyProxy otherEtag = FaultyProxy.editingResponses(S3.getUri(), line -> line.startsWith("PUT "),
                head -> head.replaceFirst("(?i)\r\nETag: *\"?[0-9a-f]{32}\"?", "\r\nETag: \"0123456789abcdef0123456789abcdef\""));
             S3Database remote = new S3Database("cloud", settings("data", otherEtag.uri(), S3.getSecretKey()), 4, partSize)) {
            DvjException e = assertThrows(DvjException.class, () -> remote.insert(small, cache.path(small)));
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().contains("did not keep " + small), e.getMessage());
            assertTrue(otherEtag.failed.get() > 0, "the proxy rewrote the answer");
        }
        // A multipart upload: the size the store reports afterwards is not the size sent.
        try (FaultyProxy otherSize = FaultyProxy.editingResponses(S3.getUri(), line -> line.startsWith("HEAD "),
                head -> head.replaceFirst("(?i)\r\nContent-Length: *\\d+", "\r\nContent-Length: 5"));
             S3Database remote = new S3Database("cloud", settings("data", otherSize.uri(), S3.getSecretKey()), 4, partSize)) {
            DvjException e = assertThrows(DvjException.class, () -> remote.insert(big, cache.path(big)));
            assertTrue(e.getMessage().contains("did not keep " + big) && e.getMessage().contains("holds 5 bytes"), e.getMessage());
        }
        // Through an honest store both go up and are confirmed.
        try (S3Database remote = remote(partSize)) {
            remote.insert(small, cache.path(small));
            remote.insert(big, cache.path(big));
            assertArrayEquals(bytes, remote.read(big, InputStream::readAllBytes).orElseThrow());
        }
    }

    @Test
    void runCacheEntriesRoundTripThroughSingleRequests() throws Exception {
        String key = "ab".repeat(32);
        try (S3Database remote = remote(S3Database.DEFAULT_PART_SIZE)) {
            assertTrue(remote.readRun(key).isEmpty());
            remote.writeRun(key, "stage: x\n".getBytes());
            assertEquals("stage: x\n", new String(remote.readRun(key).orElseThrow()));
            assertEquals(Set.of(key), remote.listRuns());
        }
    }

    /** Pushes the repository's data straight to S3Proxy, then clones its Git side (pointers only). */
    private TestRepo pushedThenCloned(TestRepo repo) throws Exception {
        try (Repository r = repo.open(); S3Database direct = remote(S3Database.DEFAULT_PART_SIZE)) {
            new Transfer(r.objects(), direct, 4).push(new Outputs(r).all());
        }
        Path cloneRoot = dir.resolve(repo.root.getFileName() + "-clone");
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(cloneRoot.toFile()).call()) {
            // pointers only
        }
        return TestRepo.existing(cloneRoot, repo.env);
    }

    private static List<Path> cachedFiles(Repository r) throws Exception {
        Path objects = r.cache().root().resolve("sha256");
        if (!Files.exists(objects)) {
            return List.of();
        }
        try (var walk = Files.walk(objects)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
