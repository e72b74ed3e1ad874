package dev.dvj.remote;

import dev.dvj.core.odb.RemoteDatabases;

import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where an S3 remote's region, endpoint and credentials come from when dvj's config does not say:
 * the AWS environment and shared files, as the AWS CLI reads them, and S3's redirect to the
 * bucket's region. S3Proxy accepts any region, so a proxy in front of it plays S3's part: it
 * records the region each request was signed for and redirects requests signed for another.
 */
class S3RegionTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.builder().withCredentials("dvj-access", "dvj-secret-key").build();

    @TempDir
    Path dir;

    private FaultyProxy proxy;
    private int repositories;

    @BeforeEach
    void createBucket() {
        try (S3Client admin = S3Client.builder().endpointOverride(S3.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3.getAccessKey(), S3.getSecretKey())))
                .build()) {
            admin.createBucket(r -> r.bucket("data"));
        }
        System.setProperty("aws.maxAttempts", "2");
    }

    @AfterEach
    void stopProxy() throws Exception {
        System.clearProperty("aws.maxAttempts");
        if (proxy != null) {
            proxy.close();
        }
    }

    /**
     * A repository whose remote 'store' sets only what {@code remoteSettings} says (YAML lines);
     * with {@link #KEYS} in them, S3Proxy's keys go to config.local.yaml.
     */
    private Repository repository(Map<String, String> variables, String remoteSettings) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        TestRepo repo = TestRepo.create(dir.resolve("repo" + repositories++));
        Files.writeString(repo.path(".dvj/config.yaml"), "core:\n  remote: store\nremote:\n  store:\n    url: s3://data/p\n"
                + remoteSettings.replace(KEYS, ""));
        if (remoteSettings.contains(KEYS)) {
            Files.writeString(repo.path(".dvj/config.local.yaml"), "remote:\n  store:\n    access_key_id: " + S3.getAccessKey()
                    + "\n    secret_access_key: " + S3.getSecretKey() + "\n");
        }
        SystemEnv env = new SystemEnv(variables, home, Clock.systemUTC(), "tester", "testhost");
        return TestRepo.existing(repo.path(""), env).open();
    }

    private static final String KEYS = "#keys\n";

    /** Uploads, checks, lists and downloads one object: each kind of request the remote makes. */
    private void roundTrip(ObjectDatabase remote) throws Exception {
        Path file = Files.writeString(dir.resolve("object.txt"), "penguins " + System.nanoTime());
        ObjectId id = Hashing.ofFile(file);
        remote.insert(id, file);
        assertTrue(remote.stat(id).isPresent());
        assertTrue(remote.list().containsKey(id));
        byte[] read = remote.read(id, in -> in.readAllBytes()).orElseThrow();
        assertArrayEquals(Files.readAllBytes(file), read);
    }

    /**
     * Opens the remote of a repository made by {@link #repository}, runs {@link #roundTrip} through
     * it and returns the regions its requests were signed for.
     */
    private Set<String> regionsSignedFor(Map<String, String> variables, String remoteSettings) throws Exception {
        proxy.signedFor.clear();
        try (Repository repository = repository(variables, remoteSettings);
             ObjectDatabase store = RemoteDatabases.open(repository, null)) {
            roundTrip(store);
        }
        return Set.copyOf(proxy.signedFor);
    }

    @Test
    void theRegionComesFromAwsRegionThenAwsDefaultRegion() throws Exception {
        proxy = FaultyProxy.bucketIn(S3.getUri(), "eu-central-1");
        String remote = "    endpoint: " + proxy.uri() + "\n" + KEYS;
        assertEquals(Set.of("eu-central-1"), regionsSignedFor(Map.of("AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "ap-south-1"), remote),
                "AWS_REGION wins over AWS_DEFAULT_REGION");
        assertEquals(0, proxy.redirected.get());
        assertEquals(Set.of("eu-central-1"), regionsSignedFor(Map.of("AWS_DEFAULT_REGION", "eu-central-1"), remote),
                "AWS_DEFAULT_REGION, as the AWS CLI reads it");
    }

    @Test
    void theConfiguredRegionWinsOverTheEnvironment() throws Exception {
        proxy = FaultyProxy.bucketIn(S3.getUri(), "us-west-2");
        assertEquals(Set.of("us-west-2"), regionsSignedFor(Map.of("AWS_REGION", "eu-central-1"),
                "    region: us-west-2\n    endpoint: " + proxy.uri() + "\n" + KEYS));
    }

    @Test
    void aProfileGivesItsRegionEndpointAndCredentials() throws Exception {
        proxy = FaultyProxy.bucketIn(S3.getUri(), "eu-west-3");
        Files.createDirectories(dir.resolve("home/.aws"));
        Files.writeString(dir.resolve("home/.aws/config"), "[profile team]\nregion = eu-west-3\nendpoint_url = " + proxy.uri() + "\n");
        Files.writeString(dir.resolve("home/.aws/credentials"), "[team]\naws_access_key_id = " + S3.getAccessKey()
                + "\naws_secret_access_key = " + S3.getSecretKey() + "\n");
        assertEquals(Set.of("eu-west-3"), regionsSignedFor(Map.of(), "    profile: team\n"),
                "every request went to the profile's endpoint, for its region");
        assertEquals(Set.of("eu-west-3"), regionsSignedFor(Map.of("AWS_PROFILE", "team"), ""),
                "the same through AWS_PROFILE, with no profile in dvj's config");
    }

    @Test
    void aRedirectToTheBucketsRegionIsFollowedAndKept() throws Exception {
        proxy = FaultyProxy.bucketIn(S3.getUri(), "eu-west-2");
        S3Settings settings = new S3Settings("data", "p/", null, proxy.uri(), true, null, S3.getAccessKey(), S3.getSecretKey(),
                AwsEnvironment.of(TestRepo.env(dir)));
        // A part size this small sends the second object as a multipart upload, through the S3 client.
        try (S3Database remote = new S3Database("store", settings, 4, 5 << 20)) {
            roundTrip(remote);
            int afterFirst = proxy.redirected.get();
            assertTrue(afterFirst >= 1, "the first request was signed for us-east-1 and redirected");
            Path big = dir.resolve("big.bin");
            byte[] bytes = new byte[(6 << 20) + 3];
            new java.util.Random(7).nextBytes(bytes);
            Files.write(big, bytes);
            ObjectId id = Hashing.ofFile(big);
            remote.insert(id, big);
            assertEquals(bytes.length, remote.stat(id).orElseThrow().size());
            assertEquals(afterFirst, proxy.redirected.get(), "once told, every later request goes to eu-west-2");
        }
        assertTrue(proxy.signedFor.contains("eu-west-2"));
    }

    @Test
    void aRegionS3DoesNotNameIsAnErrorThatSaysHowToSetIt() throws Exception {
        // A store that answers 301 without naming a region: dvj cannot follow, and says why.
        proxy = FaultyProxy.editingResponses(S3.getUri(), line -> true,
                head -> "HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        S3Settings settings = new S3Settings("data", "p/", null, proxy.uri(), true, null, S3.getAccessKey(), S3.getSecretKey(),
                AwsEnvironment.of(TestRepo.env(dir)));
        try (S3Database remote = new S3Database("store", settings, 2, S3Database.DEFAULT_PART_SIZE)) {
            DvjException e = assertThrows(DvjException.class, () -> remote.stat(ObjectId.parse("ab".repeat(32))));
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().contains("another region than us-east-1"), e.getMessage());
            assertTrue(e.getMessage().contains("dvj remote modify store region REGION"), e.getMessage());
        }
    }

    @Test
    void aProfileThatDoesNotExistIsNamed() throws Exception {
        try (Repository repository = repository(Map.of("AWS_PROFILE", "nosuch"), "    endpoint: " + S3.getUri() + "\n");
             ObjectDatabase store = RemoteDatabases.open(repository, null)) {
            DvjException e = assertThrows(DvjException.class, store::list);
            assertEquals(ErrorKind.REMOTE, e.kind());
            assertTrue(e.getMessage().contains("AWS profile 'nosuch' (from AWS_PROFILE) is in neither ~/.aws/config nor ~/.aws/credentials"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        try (Repository repository = repository(Map.of(), "    profile: tema\n    endpoint: " + S3.getUri() + "\n");
             ObjectDatabase store = RemoteDatabases.open(repository, null)) {
            DvjException e = assertThrows(DvjException.class, store::list);
            assertTrue(e.getMessage().contains("AWS profile 'tema' (from its profile setting)"), e.getMessage());
        }
    }

    @Test
    void awsEndpointUrlVariablesGiveTheEndpoint() throws Exception {
        proxy = FaultyProxy.bucketIn(S3.getUri(), "us-east-1");
        assertEquals(Set.of("us-east-1"), regionsSignedFor(Map.of("AWS_ENDPOINT_URL_S3", proxy.uri().toString(),
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9"), KEYS), "AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL");
        try (Repository repository = repository(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), KEYS)) {
            S3Settings settings = S3Settings.from("store", "s3://data/p", repository.config(), AwsEnvironment.of(repository.env()));
            assertEquals(null, settings.endpoint(), "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns them off");
        }
    }
}
