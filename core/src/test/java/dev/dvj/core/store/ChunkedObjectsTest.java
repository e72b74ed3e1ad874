package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.odb.ObjectInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache's side of {@code cache.chunked}: how files kept as chunks are stored, found, read and removed. */
class ChunkedObjectsTest {
    static final long THRESHOLD = 1 << 20;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aBigFileIsKeptAsChunksAndReadBackWhole(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"), THRESHOLD);
        byte[] content = random(2_500_000, 1);
        Path file = Files.write(dir.resolve("big.bin"), content);
        ObjectId id = cache.insert(file);
        assertEquals(Hashing.ofBytes(content, false), id);
        assertTrue(cache.has(id) && cache.isChunked(id));
        assertFalse(Files.exists(cache.path(id)));
        try (InputStream in = cache.open(id)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertEquals(content.length, cache.chunkedSize(id));
        assertFalse(cache.chunksOf(id).isEmpty());

        // Small files stay whole, and so does a directory manifest.
        ObjectId small = cache.insert(Files.write(dir.resolve("small.bin"), random(1000, 2)));
        assertFalse(cache.isChunked(small));
        assertTrue(Files.isRegularFile(cache.path(small)));
    }

    @Test
    void aDownloadOfABigFileIsStoredAsChunksAndRefusedWhenWrong(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"), THRESHOLD);
        byte[] content = random(1_500_000, 3);
        ObjectId id = Hashing.ofBytes(content, false);
        assertEquals(content.length, cache.insert(new ByteArrayInputStream(content), id));
        assertTrue(cache.isChunked(id));

        byte[] other = random(1_500_000, 4);
        ObjectId claimed = Hashing.ofBytes(random(1_500_000, 5), false);
        assertThrows(DvjException.class, () -> cache.insert(new ByteArrayInputStream(other), claimed));
        assertFalse(cache.has(claimed), "nothing stored under the wrong id");
    }

    @Test
    void presentAndTheDatabaseViewSeeChunkedFiles(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"), THRESHOLD);
        ObjectId big = cache.insert(Files.write(dir.resolve("big.bin"), random(1_200_000, 6)));
        List<ObjectId> asked = new ArrayList<>();
        for (int i = 0; i < CacheDirectory.CHECK_ONE_BY_ONE_BELOW + 10; i++) {
            asked.add(Hashing.ofBytes(("absent " + i).getBytes(), false));
        }
        asked.add(big);
        assertEquals(Set.of(big), cache.present(asked), "found by reading shard folders");
        assertEquals(Set.of(big), cache.present(List.of(big, asked.get(0))), "and one by one");

        FolderDatabase database = FolderDatabase.cache(cache);
        Map<ObjectId, ObjectInfo> listed = database.list();
        assertEquals(1_200_000, listed.get(big).size());
        assertEquals(1_200_000, database.stat(big).orElseThrow().size());
        assertTrue(database.localFile(big).isEmpty(), "no file to upload or link by path");
        assertTrue(database.isChunked(big));
        assertTrue(listed.keySet().containsAll(database.partsOf(List.of(big))), "its chunks are objects of the cache");

        assertTrue(database.delete(big));
        assertFalse(cache.has(big));
    }

    @Test
    void aDamagedChunkStopsTheReadBeforeItsBytesArePassedOn(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"), THRESHOLD);
        ObjectId id = cache.insert(Files.write(dir.resolve("big.bin"), random(1_300_000, 7)));
        ObjectId chunk = cache.chunksOf(id).iterator().next();
        Path file = cache.path(chunk);
        file.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(file, bytes);

        DvjException e = assertThrows(DvjException.class, () -> {
            try (InputStream in = cache.open(id)) {
                in.readAllBytes();
            }
        });
        assertTrue(e.getMessage().contains(id.hex()) && e.getMessage().contains(chunk.hex()), e.getMessage());

        Path aside = cache.setAsideChunked(id);
        assertFalse(cache.has(id), "the cache no longer claims it, so a pull fetches it again");
        assertFalse(Files.exists(file), "the damaged chunk went too, or the next store would keep it");
        assertTrue(Files.exists(aside.resolve(chunk.hex())));
    }

    @Test
    void aListThatNamesAnotherFilesChunksIsCaughtAtTheEndOfTheRead(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"), THRESHOLD);
        ObjectId a = cache.insert(Files.write(dir.resolve("a.bin"), random(1_100_000, 10)));
        ObjectId b = cache.insert(Files.write(dir.resolve("b.bin"), random(1_100_000, 11)));
        Path listOfA = dir.resolve("cache/chunks/sha256").resolve(a.shard()).resolve(a.fileName());
        Path listOfB = dir.resolve("cache/chunks/sha256").resolve(b.shard()).resolve(b.fileName());
        listOfA.toFile().setWritable(true);
        Files.copy(listOfB, listOfA, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DvjException e = assertThrows(DvjException.class, () -> {
            try (InputStream in = cache.open(a)) {
                in.readAllBytes();
            }
        });
        assertTrue(e.getMessage().contains("chunk list is wrong"), e.getMessage());
    }

    @Test
    void aCacheWithoutChunkingStillReadsWhatAnEarlierSettingStoredAsChunks(@TempDir Path dir) throws Exception {
        byte[] content = random(1_100_000, 8);
        ObjectId id = new CacheDirectory(dir.resolve("cache"), THRESHOLD).insert(Files.write(dir.resolve("big.bin"), content));
        CacheDirectory whole = new CacheDirectory(dir.resolve("cache"));
        assertTrue(whole.has(id) && whole.isChunked(id));
        try (InputStream in = whole.open(id)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        // A new big file goes in whole.
        ObjectId next = whole.insert(Files.write(dir.resolve("next.bin"), random(1_100_000, 9)));
        assertTrue(Files.isRegularFile(whole.path(next)));
    }
}
