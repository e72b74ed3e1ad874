package dev.dvj.core.odb;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.store.CacheDirectory;
import org.junit.jupiter.api.Nested;

import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on the folder medium, in both its roles: a folder remote and the cache. */
class FolderDatabaseContractTest {

    /** Overwrites the object's file in place, as a failing disk or a careless hand would. */
    static void overwrite(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception {
        Path file = database.localFile(id).orElseThrow();
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            file.toFile().setWritable(true);
        }
        Files.write(file, bytes);
    }

    @Nested
    class AsARemote extends ObjectDatabaseContract {
        @Override
        protected ObjectDatabase open() {
            return FolderDatabase.remote("origin", dir.resolve("remote"));
        }

        @Override
        protected void damage(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception {
            overwrite(database, id, bytes);
        }
    }

    @Nested
    class AsTheCache extends ObjectDatabaseContract {
        @Override
        protected ObjectDatabase open() {
            return FolderDatabase.cache(new CacheDirectory(dir.resolve("cache-under-test")));
        }

        @Override
        protected boolean findReportsSizes() {
            return false;
        }

        @Override
        protected void damage(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception {
            overwrite(database, id, bytes);
        }
    }
}
