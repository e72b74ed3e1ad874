package dev.dvj.core.workspace;

import dev.dvj.core.api.StatusCommand;
import dev.dvj.core.api.StatusCommand.State;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.tree.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory found unchanged by its scan's signature skips the per-file work; every change a
 * scan can see must still be reported, and nothing racy may be vouched for.
 */
class DirectoryStatesTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("images/1.txt", "one");
        repo.write("images/sub/2.txt", "two");
        repo.age("images");
        repo.add("images");
    }

    private State status() {
        try (Repository r = repo.open()) {
            return new StatusCommand(r).run(List.of()).outputs().get(0).state();
        }
    }

    private DirectoryStates.Entry remembered() {
        try (Repository r = repo.open()) {
            return r.directoryStates().get("images");
        }
    }

    private ObjectId recordedOid() {
        try {
            return dev.dvj.core.pointer.PointerFormat.read(Files.readAllBytes(repo.path("images.dvj")), "images.dvj").oid();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDirectoryIsRememberedUnderItsScanAndFoundUnchangedByIt() throws Exception {
        assertEquals(State.UNCHANGED, status());
        DirectoryStates.Entry entry = remembered();
        assertNotNull(entry);
        assertEquals(recordedOid(), entry.oid());
        assertEquals(2, entry.files());
        // Without the per-file state, any file looked at would be hashed and recorded in it again.
        Files.delete(repo.path(".dvj/tmp/state"));
        assertEquals(State.UNCHANGED, status());
        assertFalse(Files.exists(repo.path(".dvj/tmp/state")), "no file was looked at one by one");
    }

    @Test
    void everyChangeAScanSeesIsStillReported() throws Exception {
        assertEquals(State.UNCHANGED, status());
        // The same size, a later mtime: only the stat tells.
        repo.write("images/1.txt", "uno");
        repo.age("images/1.txt");
        Files.setLastModifiedTime(repo.path("images/1.txt"), FileTime.fromMillis(System.currentTimeMillis() - 30_000));
        assertEquals(State.MODIFIED, status());
        repo.write("images/1.txt", "one");
        repo.age("images");
        assertEquals(State.UNCHANGED, status());

        repo.write("images/sub/3.txt", "three");
        repo.age("images");
        assertEquals(State.MODIFIED, status(), "a file added");
        Files.delete(repo.path("images/sub/3.txt"));
        assertEquals(State.UNCHANGED, status());

        Files.move(repo.path("images/sub/2.txt"), repo.path("images/sub/two.txt"));
        assertEquals(State.MODIFIED, status(), "a file renamed");
        Files.move(repo.path("images/sub/two.txt"), repo.path("images/sub/2.txt"));
        assertEquals(State.UNCHANGED, status());

        Files.setPosixFilePermissions(repo.path("images/1.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(State.MODIFIED, status(), "a file made executable");
    }

    @Test
    void addStillChecksEveryObjectOfARememberedDirectory() throws Exception {
        assertEquals(State.UNCHANGED, status());
        assertNotNull(remembered());
        ObjectId one;
        try (Repository r = repo.open()) {
            one = r.cache().manifestOrNull(recordedOid()).entries().stream()
                    .filter(e -> e.path().equals("1.txt")).findFirst().orElseThrow().oid();
            Path object = r.cache().path(one);
            object.toFile().setWritable(true);
            Files.delete(object); // lost behind dvj's back
        }
        repo.add("images");
        try (Repository r = repo.open()) {
            assertTrue(r.cache().has(one), "add stored the lost object again");
        }
    }

    @Test
    void aDirectoryWithARacyFileIsNotRemembered() throws Exception {
        repo.write("images/1.txt", "new"); // mtime now: within the racy window
        assertEquals(State.MODIFIED, status());
        assertNull(remembered(), "a racy file's content may still change under the same stat");
        repo.age("images");
        assertEquals(State.MODIFIED, status());
        assertNotNull(remembered());
    }

    @Test
    void anUnchangedDirectorysManifestIsStillThereForWhoeverAsks() {
        assertEquals(State.UNCHANGED, status());
        try (Repository r = repo.open()) {
            Snapshot snapshot = new ContentHasher(r).snapshot(repo.path("images"), false);
            assertEquals(recordedOid(), snapshot.oid());
            assertEquals(2, snapshot.nfiles());
            Manifest manifest = snapshot.manifest();
            assertEquals(List.of("1.txt", "sub/2.txt"), manifest.entries().stream().map(e -> e.path()).toList());
            assertEquals(snapshot.oid(), manifest.id());
        }
    }

    @Test
    void aDamagedStateFileOnlyCostsAFullComputation() throws Exception {
        assertEquals(State.UNCHANGED, status());
        Path folder = repo.path(".dvj/tmp/directory-states");
        List<Path> files;
        try (var listing = Files.list(folder)) {
            files = listing.toList();
        }
        assertEquals(1, files.size());
        Files.write(files.get(0), new byte[] {0x44, 0x56, 0x4a, 0x44, 0, 0, 0, 1, 0, 6, 'i', 'm'});
        assertEquals(State.UNCHANGED, status());
        assertNotNull(remembered());
    }

    @Test
    void aMovedDirectoryKeepsItsStateAndTheOldPathForgetsIt() throws Exception {
        assertEquals(State.UNCHANGED, status());
        try (Repository r = repo.open()) {
            new dev.dvj.core.api.MoveCommand(r).run(repo.path("images"), repo.path("pictures"));
        }
        try (Repository r = repo.open()) {
            assertNull(r.directoryStates().get("images"));
            assertNotNull(r.directoryStates().get("pictures"));
            Files.delete(repo.path(".dvj/tmp/state"));
            assertEquals(State.UNCHANGED, new StatusCommand(r).run(List.of()).outputs().get(0).state());
        }
        assertFalse(Files.exists(repo.path(".dvj/tmp/state")), "the moved directory was not read file by file");
    }

    @Test
    void aDirectoryNoLongerTrackedIsForgotten() throws Exception {
        assertEquals(State.UNCHANGED, status());
        try (Repository r = repo.open()) {
            new dev.dvj.core.api.RemoveCommand(r).run(List.of(repo.path("images.dvj")), false);
        }
        assertNull(remembered());
        try (var listing = Files.list(repo.path(".dvj/tmp/directory-states"))) {
            assertEquals(0, listing.count());
        }
    }

    @Test
    void signaturesCoverPathsAndEveryStatFieldAndDelimitEntries() {
        FileStat stat = new FileStat(3, 1_000_000_123L, 42, false);
        byte[] base = signature(new ScannedFile("a", stat));
        assertTrue(signatureOf(new ScannedFile("a", stat)).sameAs(base));
        for (ScannedFile other : List.of(
                new ScannedFile("b", stat),
                new ScannedFile("a", new FileStat(4, 1_000_000_123L, 42, false)),
                new ScannedFile("a", new FileStat(3, 1_000_000_124L, 42, false)),
                new ScannedFile("a", new FileStat(3, 1_000_000_123L, 43, false)),
                new ScannedFile("a", new FileStat(3, 1_000_000_123L, 42, true)))) {
            assertFalse(signatureOf(other).sameAs(base), other.toString());
        }
        // Entries are delimited: "ab" + "c" is not "a" + "bc".
        assertFalse(signatureOf(new ScannedFile("ab", stat), new ScannedFile("c", stat))
                .sameAs(signature(new ScannedFile("a", stat), new ScannedFile("bc", stat))));
        // A folder's part joined after another's is the same as one written in one go.
        ScanSignature joined = ScanSignature.root();
        ScanSignature part = new ScanSignature();
        part.add("a", stat);
        joined.append(part);
        ScanSignature second = new ScanSignature();
        second.add("bc", stat);
        joined.append(second);
        assertArrayEquals(signature(new ScannedFile("a", stat), new ScannedFile("bc", stat)), joined.toBytes());
    }

    private static ScanSignature signatureOf(ScannedFile... files) {
        ScanSignature signature = ScanSignature.root();
        ScanSignature part = new ScanSignature();
        for (ScannedFile f : files) {
            part.add(f.relPath(), f.stat());
        }
        signature.append(part);
        return signature;
    }

    private static byte[] signature(ScannedFile... files) {
        return signatureOf(files).toBytes();
    }
}
