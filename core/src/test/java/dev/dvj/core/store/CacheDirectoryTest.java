package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheDirectoryTest {

    @Test
    void presentFindsTheSameObjectsOneByOneAndByReadingShards(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        List<ObjectId> wanted = new ArrayList<>();
        Set<ObjectId> stored = new HashSet<>();
        for (int i = 0; i < CacheDirectory.CHECK_ONE_BY_ONE_BELOW + 100; i++) {
            byte[] bytes = ("object " + i).getBytes(StandardCharsets.UTF_8);
            ObjectId id = Hashing.ofBytes(bytes, false);
            wanted.add(id);
            if (i % 3 == 0) {
                cache.insert(bytes, false);
                stored.add(id);
            }
        }
        ObjectId manifest = cache.insert("[]".getBytes(StandardCharsets.UTF_8), true);
        wanted.add(manifest);
        stored.add(manifest);
        // A writer's leftover temp file beside an object is not the object.
        ObjectId absent = wanted.get(1);
        Files.createDirectories(cache.path(absent).getParent());
        Files.writeString(cache.path(absent).resolveSibling(absent.fileName() + ".0123.tmp"), "partial");
        assertEquals(stored, cache.present(wanted), "by reading shard folders");
        assertEquals(Set.of(manifest), cache.present(List.of(manifest, absent)), "one by one");
        assertEquals(Set.of(), new CacheDirectory(dir.resolve("empty")).present(wanted), "no cache yet");
        assertEquals(stored.size(), cache.list().count());
    }

    @Test
    void insertStoresReadOnlyObjectsUnderTheFanOutLayout(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        Path source = Files.writeString(dir.resolve("hello.txt"), "hello\n");
        ObjectId id = cache.insert(source);
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", id.hex());
        Path object = dir.resolve("cache/sha256/58/91b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        assertEquals(object, cache.path(id));
        assertEquals("hello\n", Files.readString(object));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(object)));
        assertNoTempFiles(cache);
    }

    @Test
    void largeFilesAreHashedWhileCopied(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        byte[] bytes = new byte[5 * 1024 * 1024 + 3];
        new Random(1).nextBytes(bytes);
        Path source = Files.write(dir.resolve("big.bin"), bytes);
        ObjectId id = cache.insert(source);
        assertEquals(Hashing.ofBytes(bytes, false), id);
        assertArrayEquals(bytes, Files.readAllBytes(cache.path(id)));
        assertNoTempFiles(cache);
    }

    @Test
    void anExistingObjectIsNeverOverwritten(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = cache.insert("same".getBytes(StandardCharsets.UTF_8), false);
        Path object = cache.path(id);
        long inode = (long) Files.getAttribute(object, "unix:ino");
        cache.insert(Files.writeString(dir.resolve("again.txt"), "same"));
        assertEquals(inode, (long) Files.getAttribute(object, "unix:ino"));
    }

    @Test
    void aDownloadThatDoesNotMatchItsIdIsRefusedAndLeavesNothing(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId claimed = Hashing.ofBytes("good".getBytes(StandardCharsets.UTF_8), false);
        DvjException e = assertThrows(DvjException.class,
                () -> cache.insert(new ByteArrayInputStream("evil".getBytes(StandardCharsets.UTF_8)), claimed));
        assertEquals(ErrorKind.DATA, e.kind());
        assertTrue(e.getMessage().contains("corrupt"));
        assertFalse(cache.has(claimed));
        assertNoTempFiles(cache);
        cache.insert(new ByteArrayInputStream("good".getBytes(StandardCharsets.UTF_8)), claimed);
        assertTrue(cache.has(claimed));
    }

    @Test
    void openingAMissingObjectIsADataError(@TempDir Path dir) {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = Hashing.ofBytes(new byte[0], false);
        DvjException e = assertThrows(DvjException.class, () -> cache.open(id));
        assertEquals(ErrorKind.DATA, e.kind());
    }

    @Test
    void listsEveryObject(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId a = cache.insert("a".getBytes(StandardCharsets.UTF_8), false);
        ObjectId b = cache.insert("[\n]\n".getBytes(StandardCharsets.UTF_8), true);
        try (Stream<ObjectId> ids = cache.list()) {
            assertEquals(Set.of(a, b), ids.collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aKilledWritersTempFileIsNeverListedAndOnlyAStaleOneIsCleared(@TempDir Path dir) throws Exception {
        CacheDirectory cache = new CacheDirectory(dir.resolve("cache"));
        ObjectId id = cache.insert("kept".getBytes(StandardCharsets.UTF_8), false);
        Path shard = cache.path(id).getParent();
        Path stale = Files.writeString(shard.resolve(id.fileName() + ".1f2e3d.tmp"), "half an obj");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path fresh = Files.writeString(shard.resolve(id.fileName() + ".4c5b6a.tmp"), "being written");
        try (Stream<ObjectId> ids = cache.list()) {
            assertEquals(List.of(id), ids.toList(), "temp files are not objects");
        }

        assertEquals(1, cache.clearShardTemps(Instant.now().minus(Duration.ofDays(1))));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh), "a writer may still own a temp file younger than the cutoff");
        assertTrue(cache.has(id));
    }

    private static void assertNoTempFiles(CacheDirectory cache) throws Exception {
        try (Stream<Path> files = Files.walk(cache.root())) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void clearingTempFilesRemovesOnlyNamesTheCacheMakes(@TempDir Path dir) throws Exception {
        // cache.dir comes from a committed config and may name a folder holding someone else's files.
        CacheDirectory cache = new CacheDirectory(dir);
        Path own = cache.newTempFile();
        Files.writeString(own, "half-written");
        Path foreign = Files.writeString(dir.resolve("tmp/notes.txt"), "mine");
        Path foreignTmp = Files.writeString(dir.resolve("tmp/session.tmp"), "mine too");
        cache.clearTemp();
        assertFalse(Files.exists(own));
        assertTrue(Files.exists(foreign));
        assertTrue(Files.exists(foreignTmp));
    }
}
