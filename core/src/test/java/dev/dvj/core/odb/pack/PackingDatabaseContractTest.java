package dev.dvj.core.odb.pack;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.odb.MemoryDatabase;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectDatabaseContract;
import org.junit.jupiter.api.Nested;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract on a packing remote over each local medium: every transfer of 16 or more small
 * objects in the suite goes into packs, so push, fetch, status, gc and fsck run through them.
 */
class PackingDatabaseContractTest {

    /** Damages a packed object inside its pack (one byte flipped), a loose one as the medium does. */
    static void damage(PackingDatabase packs, ObjectId id, byte[] bytes, Damager loose) throws Exception {
        var where = packs.locate(id);
        if (where.isEmpty()) {
            loose.damage(packs.medium(), id, bytes);
            return;
        }
        String pack = PackIndex.packName(where.get().packId());
        if (packs.medium() instanceof MemoryDatabase memory) {
            memory.corruptFile(pack, where.get().offset());
        } else {
            Path file = Path.of(packs.medium().location()).resolve(pack);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(where.get().offset());
                int b = raf.read();
                raf.seek(where.get().offset());
                raf.write(b ^ 0x5a);
            }
        }
    }

    interface Damager {
        void damage(ObjectDatabase medium, ObjectId id, byte[] bytes) throws Exception;
    }

    @Nested
    class InMemory extends ObjectDatabaseContract {
        @Override
        protected ObjectDatabase open() {
            return new PackingDatabase(new MemoryDatabase("packed"), PackingDatabase.DEFAULT_THRESHOLD, 4096, 4);
        }

        @Override
        protected void damage(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception {
            PackingDatabaseContractTest.damage((PackingDatabase) database, id, bytes,
                    (medium, looseId, b) -> ((MemoryDatabase) medium).corrupt(looseId, b));
        }
    }

    @Nested
    class InAFolder extends ObjectDatabaseContract {
        @Override
        protected ObjectDatabase open() {
            return new PackingDatabase(FolderDatabase.remote("origin", dir.resolve("remote")), PackingDatabase.DEFAULT_THRESHOLD,
                    PackingDatabase.DEFAULT_PACK_SIZE, 4);
        }

        @Override
        protected void damage(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception {
            PackingDatabaseContractTest.damage((PackingDatabase) database, id, bytes, (medium, looseId, b) -> {
                Path file = medium.localFile(looseId).orElseThrow();
                Files.createDirectories(file.getParent());
                if (Files.exists(file)) {
                    file.toFile().setWritable(true);
                }
                Files.write(file, b);
            });
        }
    }
}
