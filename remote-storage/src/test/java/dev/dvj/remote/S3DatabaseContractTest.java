package dev.dvj.remote;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectDatabaseContract;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;

/** The object database contract on S3, through S3Proxy (a real S3 protocol server on loopback). */
class S3DatabaseContractTest extends ObjectDatabaseContract {
    // See also S3PackingContractTest: the same suite with small objects in packs.
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.builder().withCredentials("dvj-access", "dvj-secret-key").build();
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Override
    protected ObjectDatabase open() {
        return new S3Database("cloud", freshBucket(S3, "contract-" + BUCKETS.incrementAndGet()), 8, S3Database.DEFAULT_PART_SIZE);
    }

    /** A bucket of its own per test (S3Proxy lives as long as the class), and settings to reach it. */
    static S3Settings freshBucket(S3ProxyExtension s3, String bucket) {
        try (S3Client admin = S3Client.builder().region(Region.US_EAST_1).endpointOverride(s3.getUri()).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.getAccessKey(), s3.getSecretKey())))
                .build()) {
            admin.createBucket(r -> r.bucket(bucket));
        }
        return new S3Settings(bucket, "team/project/", "us-east-1", s3.getUri(), true, null, s3.getAccessKey(), s3.getSecretKey());
    }

    /** S3 cannot hash on the way in: it checks that the store kept what was sent (MD5 or size). */
    @Override
    protected boolean hashesOnInsert() {
        return false;
    }

    /** An upload of other bytes under the id: S3 takes them, as it would from a buggy client. */
    @Override
    protected void damage(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception {
        database.insert(id, Files.write(Files.createTempFile(dir, "damage", ".bin"), bytes));
    }
}
