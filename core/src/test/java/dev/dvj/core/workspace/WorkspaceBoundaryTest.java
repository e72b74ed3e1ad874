package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.AddCommand;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.pointer.LockFile;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dvj writes and deletes only inside the repository, whatever symbolic links stand in the workspace. */
class WorkspaceBoundaryTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "not dvj's");
        repo.write("data/a.txt", "a");
        repo.write("data/sub/b.txt", "b");
        repo.add("data");
        repo.commit("v1");
    }

    private CheckoutCommand.Result checkout(boolean force) {
        try (Repository r = repo.open()) {
            return new CheckoutCommand(r).run(List.of(), null, force);
        }
    }

    private static void assertRefusedLink(DvjException e, String link) {
        assertEquals(ErrorKind.INVALID_INPUT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + link + "', a symbolic link"), e.getMessage());
    }

    @Test
    void checkoutDoesNotWriteThroughALinkedFolderInsideATrackedDirectory() throws Exception {
        FileTrees.delete(repo.path("data/sub"));
        Files.createSymbolicLink(repo.path("data/sub"), outside);

        DvjException e = assertThrows(DvjException.class, () -> checkout(false));
        assertRefusedLink(e, "data/sub");
        assertRefusedLink(assertThrows(DvjException.class, () -> checkout(true)), "data/sub");
        try (var files = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("keep.txt")), files.toList(), "nothing written outside");
        }
        assertTrue(Files.isSymbolicLink(repo.path("data/sub")), "nothing changed in the workspace either");
    }

    @Test
    void forcedCheckoutDoesNotDeleteThroughATrackedDirectoryThatIsALink() throws Exception {
        FileTrees.delete(repo.path("data"));
        Files.writeString(outside.resolve("a.txt"), "victim's a");
        Files.createSymbolicLink(repo.path("data"), outside);

        assertRefusedLink(assertThrows(DvjException.class, () -> checkout(true)), "data");
        assertEquals("not dvj's", Files.readString(outside.resolve("keep.txt")), "a file the manifest lacks survives");
        assertEquals("victim's a", Files.readString(outside.resolve("a.txt")));
    }

    @Test
    void aTrackedFileWhoseFolderIsNowALinkIsNotWritten() throws Exception {
        repo.write("models/m.bin", "model");
        repo.add("models/m.bin");
        Files.move(repo.path("models/m.bin.dvj"), outside.resolve("m.bin.dvj"));
        FileTrees.delete(repo.path("models"));
        Files.createSymbolicLink(repo.path("models"), outside);

        DvjException e = assertThrows(DvjException.class, () -> {
            try (Repository r = repo.open()) {
                new CheckoutCommand(r).run(List.of(repo.path("models/m.bin")), null, true);
            }
        });
        assertRefusedLink(e, "models");
        assertFalse(Files.exists(outside.resolve("m.bin")));
    }

    @Test
    void addRefusesAPathUnderALinkedFolderAndALinkToAFolder() throws Exception {
        Files.createSymbolicLink(repo.path("linked"), outside);
        Files.writeString(outside.resolve("foo.csv"), "x\n");

        DvjException under = assertThrows(DvjException.class, () -> repo.add("linked/foo.csv"));
        assertRefusedLink(under, "linked");
        assertFalse(Files.exists(outside.resolve("foo.csv.dvj")), "no pointer written into the link's target");
        assertFalse(Files.exists(outside.resolve(".gitignore")));

        DvjException whole = assertThrows(DvjException.class, () -> repo.add("linked"));
        assertRefusedLink(whole, "linked");
        assertFalse(Files.exists(repo.path("linked.dvj")));
    }

    @Test
    void aLockFileNamingAPathOutsideTheRepositoryIsRefused() throws Exception {
        String lock = "schema: '1'\nhash: sha256\nstages:\n  evil:\n    cmd: 'true'\n    outs:\n"
                + "    - path: ../outside/authorized_keys\n"
                + "      oid: " + "ab".repeat(32) + "\n      size: 1\n";
        repo.write(LockFile.FILE, lock);
        DvjException e = assertThrows(DvjException.class, () -> checkout(true));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("dvj.lock:"), e.getMessage());
        assertTrue(e.getMessage().contains(".."), e.getMessage());
        assertFalse(Files.exists(outside.resolve("authorized_keys")));
    }

    @Test
    void theBoundaryNamesTheFirstLinkOnTheWayAndPassesFoldersNotYetMade() throws Exception {
        Files.createDirectories(repo.path("real/deeper"));
        Files.createSymbolicLink(repo.path("real/link"), outside);
        WorkspaceBoundary boundary = new WorkspaceBoundary(repo.root);
        assertEquals(repo.path("real/deeper/x"), boundary.writable("real/deeper/x"));
        assertEquals(repo.path("new/folders/x"), boundary.writable("new/folders/x"));
        assertEquals(repo.path("real/link"), boundary.writable("real/link"), "the last component may be a link");
        assertRefusedLink(assertThrows(DvjException.class, () -> boundary.writable("real/link/x/y")), "real/link");
        assertThrows(DvjException.class, () -> boundary.writable("../escape"));
    }

    @Test
    void aFileNameWithABackslashIsRefusedByAdd() throws Exception {
        repo.write("win/ok.txt", "ok");
        repo.write("win/..\\escape", "x");
        DvjException e = assertThrows(DvjException.class, () -> {
            try (Repository r = repo.open()) {
                new AddCommand(r).run(List.of(repo.path("win")), null);
            }
        });
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().contains("backslash"), e.getMessage());
    }
}
