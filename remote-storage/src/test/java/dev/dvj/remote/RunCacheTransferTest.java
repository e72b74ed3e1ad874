package dev.dvj.remote;

import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.sync.RunCacheTransfer;
import dev.dvj.core.pipeline.ReproCommand;
import dev.dvj.core.pipeline.RunCache;
import dev.dvj.core.pipeline.Stage;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code push/pull --run-cache}: a second clone restores a stage's outputs that another machine
 * computed, without running its command; against a folder remote and against S3Proxy.
 */
class RunCacheTransferTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.builder().withCredentials("dvj-access", "dvj-secret-key").build();

    @TempDir
    Path dir;
    TestRepo repo;

    static final String PIPELINE = """
            stages:
              train:
                cmd: echo run >> runs.log && mkdir -p model && sh -c 'cat raw.txt; echo "lr=${train.lr}"' > model/weights.txt
                deps: [raw.txt]
                params: [train.lr]
                outs: [model]
            """;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir.resolve("first"));
        repo.write("raw.txt", "raw v1\n");
        repo.write("dvj.yaml", PIPELINE);
        for (String lr : List.of("0.1", "0.2")) {
            repo.write("params.yaml", "train:\n  lr: " + lr + "\n");
            repro(repo);
        }
        try (Git git = repo.git()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("pipeline at lr 0.2").call();
        }
    }

    private static ReproCommand.Result repro(TestRepo r) {
        try (Repository repository = r.open()) {
            return new ReproCommand(repository).run(new ReproCommand.Options(List.of(), false, false, false, false, 1, false,
                    true, "test"), new ReproCommand.Listener() {
                @Override
                public void starting(Stage stage, List<String> reasons) {
                }

                @Override
                public void line(Stage stage, String text, boolean stderr) {
                }

                @Override
                public void finished(ReproCommand.StageResult result) {
                }
            });
        }
    }

    private static RunCacheTransfer.Result transfer(TestRepo r, Supplier<ObjectDatabase> remote, boolean push) {
        try (Repository repository = r.open(); ObjectDatabase opened = remote.get()) {
            RunCacheTransfer transfer = new RunCacheTransfer(new RunCache(repository.cache()), new Transfer(repository.objects(), opened, 4));
            return push ? transfer.push() : transfer.fetch();
        }
    }

    private TestRepo cloneOf(String name) throws Exception {
        Path target = dir.resolve(name);
        try (Git ignored = Git.cloneRepository().setURI(repo.root.toUri().toString()).setDirectory(target.toFile()).call()) {
            // The clone has dvj.yaml, params.yaml and dvj.lock, but an empty cache and run-cache.
        }
        return TestRepo.existing(target, repo.env);
    }

    private void roundTrip(Supplier<ObjectDatabase> remote) throws Exception {
        RunCacheTransfer.Result pushed = transfer(repo, remote, true);
        assertEquals(2, pushed.entries(), "one entry per lr value");
        assertEquals(4, pushed.objects().transferred(), "two model folders: a manifest and a file each");
        assertEquals(2, transfer(repo, remote, true).present(), "a second push sends nothing");

        TestRepo clone = cloneOf("second");
        RunCacheTransfer.Result fetched = transfer(clone, remote, false);
        assertEquals(2, fetched.entries());
        try (Repository r = clone.open()) {
            assertEquals(2, new RunCache(r.cache()).keys().size());
        }
        clone.write("params.yaml", "train:\n  lr: 0.1\n");
        ReproCommand.Result result = repro(clone);
        assertEquals(ReproCommand.Outcome.RESTORED, result.stages().get(0).outcome());
        assertEquals("raw v1\nlr=0.1\n", clone.read("model/weights.txt"));
        assertEquals("run\nrun\n", clone.read("runs.log"), "the first machine's two runs; none on the second");
    }

    @Test
    void runCacheRoundTripsThroughAFolderRemote() throws Exception {
        Path store = dir.resolve("remote");
        roundTrip(() -> FolderDatabase.remote("origin", store));
    }

    @Test
    void runCacheRoundTripsThroughS3() throws Exception {
        try (S3Client admin = S3Client.builder().region(Region.US_EAST_1).endpointOverride(S3.getUri()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3.getAccessKey(), S3.getSecretKey())))
                .build()) {
            admin.createBucket(r -> r.bucket("runs"));
        }
        S3Settings settings = new S3Settings("runs", "team/", "us-east-1", S3.getUri(), true, null, S3.getAccessKey(),
                S3.getSecretKey());
        roundTrip(() -> S3Database.open("cloud", settings, 4));
    }

    @Test
    void malformedEntriesOnARemoteAreSkippedAndNeverStored() throws Exception {
        Path store = dir.resolve("remote");
        transfer(repo, () -> FolderDatabase.remote("origin", store), true);
        FolderDatabase remote = FolderDatabase.remote("origin", store);
        String good = remote.listRuns().iterator().next();
        String entry = new String(remote.readRun(good).orElseThrow());
        String oid = entry.lines().filter(l -> l.contains("oid: ")).findFirst().orElseThrow().trim().substring("oid: ".length());
        List<String> mutants = List.of(
                entry.replace(oid, oid + "abcde"),                                   // a 45-digit... or 69-digit id
                entry.replace("path: model", "path: ../../home/model"),              // a path leaving the repository
                entry.replaceFirst("(?m)^(\\s*)oid: .*$", "$1oid: null"),             // no id
                entry + "---\nsecond: document\n",                                    // a second document
                entry.replace("path: model", "path: '" + "m".repeat(2 << 20) + "'")); // 2 MiB: refused unparsed
        int n = 0;
        for (String mutant : mutants) {
            String key = String.format("%064x", n++);
            remote.writeRun(key, mutant.getBytes());
        }
        TestRepo clone = cloneOf("mutated");
        RunCacheTransfer.Result fetched = transfer(clone, () -> FolderDatabase.remote("origin", store), false);
        assertEquals(2, fetched.entries(), "the two good entries");
        assertEquals(mutants.size(), fetched.skipped());
        try (Repository r = clone.open()) {
            assertEquals(2, new RunCache(r.cache()).keys().size(), "no malformed entry is stored");
        }
    }
}
