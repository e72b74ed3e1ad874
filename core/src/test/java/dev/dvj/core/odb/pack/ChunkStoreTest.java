package dev.dvj.core.odb.pack;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.Progress;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.odb.MemoryDatabase;
import dev.dvj.core.odb.ObjectCopier;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.store.CacheDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Big files on a remote as chunks: a push sends only the chunks the remote lacks, a fetch
 * reassembles and verifies the file, and a corrupt chunk never reaches the cache.
 */
class ChunkStoreTest {
    @TempDir
    Path dir;
    FolderDatabase cache;
    MemoryDatabase medium;
    PackingDatabase remote;

    @BeforeEach
    void setUp() {
        cache = FolderDatabase.cache(new CacheDirectory(dir.resolve("cache")));
        medium = new MemoryDatabase("origin");
        remote = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 4 << 20, 4).withChunking(2 << 20);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private ObjectId cached(byte[] data) throws Exception {
        ObjectId id = Hashing.ofBytes(data, false);
        cache.insert(id, data);
        return id;
    }

    private static void copy(ObjectId id, FolderDatabase from, PackingDatabase to) {
        new ObjectCopier(from, to, 4).copy(List.of(id), Progress.NONE, "push", -1, Arrivals.NONE);
    }

    /** Bytes the medium holds: loose objects and files (packs, indexes, chunk lists). */
    private long stored() throws Exception {
        long bytes = medium.list().values().stream().mapToLong(ObjectInfo::size).sum();
        for (String folder : List.of("packs", "chunks")) {
            bytes += medium.listFiles(folder).values().stream().mapToLong(ObjectInfo::size).sum();
        }
        return bytes;
    }

    @Test
    void aNewVersionOfABigFileSendsOnlyTheChunksAroundItsChange() throws Exception {
        byte[] first = random(8 << 20, 1);
        ObjectId v1 = cached(first);
        copy(v1, cache, remote);
        assertTrue(remote.isChunked(v1));
        assertEquals(first.length, remote.stat(v1).orElseThrow().size(), "the list's name gives the file's size");
        long afterFirst = stored();

        byte[] appended = java.util.Arrays.copyOf(first, first.length + first.length / 100);
        System.arraycopy(random(first.length / 100, 2), 0, appended, first.length, first.length / 100);
        copy(cached(appended), cache, remote);
        long sentForAppend = stored() - afterFirst;
        assertTrue(sentForAppend < appended.length / 20, "1% appended: " + sentForAppend + " bytes stored, under 5%");

        byte[] inserted = new byte[first.length + (256 << 10)];
        System.arraycopy(first, 0, inserted, 0, first.length / 2);
        System.arraycopy(random(256 << 10, 3), 0, inserted, first.length / 2, 256 << 10);
        System.arraycopy(first, first.length / 2, inserted, first.length / 2 + (256 << 10), first.length - first.length / 2);
        long before = stored();
        ObjectId v3 = cached(inserted);
        copy(v3, cache, remote);
        long sentForInsert = stored() - before;
        assertTrue(sentForInsert < (256 << 10) + 4 * 256 * 1024, "256 KiB inserted mid-file: " + sentForInsert + " bytes stored");

        FolderDatabase other = FolderDatabase.cache(new CacheDirectory(dir.resolve("other")));
        new ObjectCopier(remote, other, 4).copy(List.of(v3), Progress.NONE, "fetch", -1, Arrivals.NONE);
        assertArrayEquals(inserted, other.read(v3, InputStream::readAllBytes).orElseThrow(), "reassembled and verified");
        assertEquals(3, medium.listFiles("chunks").size());
    }

    @Test
    void aCorruptChunkFailsTheFetchAndNothingEntersTheCache() throws Exception {
        byte[] data = random(6 << 20, 4);
        ObjectId id = cached(data);
        copy(id, cache, remote);
        String pack = medium.listFiles("packs").keySet().stream().filter(n -> n.endsWith(".tar")).findFirst().orElseThrow();
        medium.corruptFile(pack, 100_000);

        FolderDatabase other = FolderDatabase.cache(new CacheDirectory(dir.resolve("other")));
        PackingDatabase reopened = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 4 << 20, 4);
        DvjException e = assertThrows(DvjException.class,
                () -> new ObjectCopier(reopened, other, 4).copy(List.of(id), Progress.NONE, "fetch", -1, Arrivals.NONE));
        assertEquals(ErrorKind.DATA, e.kind(), e.getMessage());
        assertFalse(other.read(id, InputStream::readAllBytes).isPresent(), "nothing under the id");
        if (Files.exists(dir.resolve("other"))) {
            try (var files = Files.walk(dir.resolve("other"))) {
                assertEquals(0, files.filter(Files::isRegularFile).count(), "no temp file left either");
            }
        }
    }

    @Test
    void aCorruptCacheObjectIsNeverChunkedOntoTheRemote() throws Exception {
        byte[] data = random(3 << 20, 5);
        ObjectId id = Hashing.ofBytes(data, false);
        Path file = dir.resolve("wrong");
        Files.write(file, random(3 << 20, 6));
        DvjException e = assertThrows(DvjException.class, () -> remote.insert(id, file));
        assertEquals(ErrorKind.DATA, e.kind());
        assertEquals(0, medium.listFiles("chunks").size());
    }

    @Test
    void filesBelowTheThresholdStayWholeAndChunkingCanBeOff() throws Exception {
        ObjectId small = cached(random(1 << 20, 7));
        copy(small, cache, remote);
        assertFalse(remote.isChunked(small));
        PackingDatabase off = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 4 << 20, 4).withChunking(0);
        ObjectId big = cached(random(3 << 20, 8));
        copy(big, cache, off);
        assertFalse(off.isChunked(big));
        assertTrue(medium.stat(big).isPresent(), "stored loose, as before chunks");
    }
}
