package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.api.StatusCommand;
import dev.dvj.core.api.UnprotectCommand;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cache object whose bytes no longer match its id is never placed in the workspace. */
class CorruptCacheTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
    }

    private void checkout(boolean force, String... targets) {
        try (Repository r = repo.open()) {
            new CheckoutCommand(r).run(java.util.Arrays.stream(targets).map(repo::path).toList(), null, force);
        }
    }

    private Path objectOf(String pointer) throws Exception {
        String oid = repo.read(pointer).lines().filter(l -> l.startsWith("oid: ")).findFirst().orElseThrow().substring(5);
        try (Repository r = repo.open()) {
            return r.cache().path(ObjectId.parse(oid));
        }
    }

    /** As root can, whatever the read-only mode says. */
    private static void tamper(Path object, String bytes) throws Exception {
        object.toFile().setWritable(true);
        Files.writeString(object, bytes);
    }

    @Test
    void checkoutRefusesACorruptObjectAndMovesItAsideForAPull() throws Exception {
        repo.write("data.csv", "good bytes\n");
        repo.add("data.csv");
        repo.commit("v1");
        Path object = objectOf("data.csv.dvj");
        tamper(object, "rotten bytes\n");
        Files.delete(repo.path("data.csv"));

        DvjException e = assertThrows(DvjException.class, () -> checkout(false));
        assertEquals(ErrorKind.DATA, e.kind());
        assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
        assertFalse(Files.exists(repo.path("data.csv")), "the corrupt bytes never reach the workspace");
        assertFalse(Files.exists(object), "moved aside, so that a pull fetches the object again");
        assertTrue(Files.exists(repo.path(".dvj/cache/corrupt")));
    }

    @Test
    void aManifestEditedToOtherValidJsonIsRefused() throws Exception {
        repo.write("images/a.txt", "a");
        repo.add("images");
        Path manifest = objectOf("images.dvj");
        String json = Files.readString(manifest);
        tamper(manifest, json.replace("\"a.txt\"", "\"b.txt\""));
        Files.delete(repo.path("images/a.txt"));

        DvjException e = assertThrows(DvjException.class, () -> checkout(false));
        assertEquals(ErrorKind.DATA, e.kind());
        assertFalse(Files.exists(repo.path("images/b.txt")));
    }

    @Test
    void anInPlaceEditOfAHardLinkedFileIsCaughtAndNotRestoredAsTheOldVersion() throws Exception {
        Files.writeString(repo.path(".dvj/config.yaml"), "cache:\n  type: hardlink\n");
        repo.write("model.bin", "version 1");
        repo.age("model.bin");
        repo.add("model.bin");
        repo.commit("v1");
        Path object = objectOf("model.bin.dvj");
        tamper(repo.path("model.bin"), "edited in place"); // the same inode as the object

        try (Repository r = repo.open()) {
            assertFalse(new StatusCommand(r).run(List.of()).clean(), "status sees the edit");
        }
        DvjException e = assertThrows(DvjException.class, () -> checkout(true));
        assertEquals(ErrorKind.DATA, e.kind());
        assertTrue(e.getMessage().contains("dvj unprotect"), e.getMessage());
        assertEquals("edited in place", repo.read("model.bin"), "the edit is not lost either");
        assertFalse(Files.exists(object));
    }

    @Test
    void unprotectGivesLinkedFilesBytesOfTheirOwnSoEditsLeaveTheCacheAlone() throws Exception {
        for (String type : List.of("hardlink", "symlink")) {
            Files.writeString(repo.path(".dvj/config.yaml"), "cache:\n  type: " + type + "\n");
            repo.write(type + "/a.txt", "a of " + type);
            repo.write(type + "/b.txt", "b of " + type);
            repo.add(type);
            Path a = repo.path(type + "/a.txt");
            try (Repository r = repo.open()) {
                UnprotectCommand.Result result = new UnprotectCommand(r).run(List.of(repo.path(type)));
                assertEquals(2, result.outputs().get(0).filesCopied(), type);
                assertEquals(0, new UnprotectCommand(r).run(List.of(repo.path(type))).outputs().get(0).filesCopied(),
                        "a second run finds nothing linked");
            }
            assertFalse(Files.isSymbolicLink(a), type);
            assertEquals(1, ((Number) Files.getAttribute(a, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue(), type);
            assertTrue(Files.isWritable(a), type);
            Files.writeString(a, "edited");
            try (Repository r = repo.open()) {
                assertEquals(1, new StatusCommand(r).run(List.of(repo.path(type))).outputs().size(), type);
            }
            checkout(true, type);
            assertEquals("a of " + type, repo.read(type + "/a.txt"), "the cached version was untouched: " + type);
        }
    }
}
