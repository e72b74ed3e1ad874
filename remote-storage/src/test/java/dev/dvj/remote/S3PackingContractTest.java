package dev.dvj.remote;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectDatabaseContract;
import dev.dvj.core.odb.pack.PackIndex;
import dev.dvj.core.odb.pack.PackingDatabase;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The object database contract on S3 (S3Proxy) with small objects in packs: packs and indexes go
 * up as files, and packed objects come back by range requests through dvj's own signed GETs.
 */
class S3PackingContractTest extends ObjectDatabaseContract {
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.builder().withCredentials("dvj-access", "dvj-secret-key").build();
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Override
    protected ObjectDatabase open() {
        S3Settings settings = S3DatabaseContractTest.freshBucket(S3, "packs-" + BUCKETS.incrementAndGet());
        return new PackingDatabase(new S3Database("cloud", settings, 8, S3Database.DEFAULT_PART_SIZE),
                PackingDatabase.DEFAULT_THRESHOLD, 4096, 4);
    }

    @Override
    protected boolean hashesOnInsert() {
        return false;
    }

    /** A packed object: its pack rewritten with one byte of it flipped; a loose one: other bytes uploaded. */
    @Override
    protected void damage(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception {
        PackingDatabase packs = (PackingDatabase) database;
        var where = packs.locate(id);
        if (where.isEmpty()) {
            packs.medium().insert(id, Files.write(Files.createTempFile(dir, "damage", ".bin"), bytes));
            return;
        }
        String name = PackIndex.packName(where.get().packId());
        byte[] pack = packs.medium().readFile(name, 0, -1, InputStream::readAllBytes).orElseThrow();
        pack[(int) where.get().offset()] ^= 0x5a;
        packs.medium().writeFile(name, pack);
    }
}
