package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.StatusCommand.State;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
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

class StatusCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("data.csv", "a\n");
        repo.write("images/1.txt", "one");
        repo.write("images/2.txt", "two");
        repo.add("data.csv", "images");
    }

    private StatusCommand.Result status(String... targets) {
        try (Repository r = repo.open()) {
            return new StatusCommand(r).run(java.util.Arrays.stream(targets).map(repo::path).toList());
        }
    }

    private State stateOf(StatusCommand.Result result, String path) {
        return result.outputs().stream().filter(o -> o.path().equals(path)).findFirst().orElseThrow().state();
    }

    @Test
    void freshlyAddedDataIsClean() {
        StatusCommand.Result result = status();
        assertTrue(result.clean());
        assertEquals(2, result.outputs().size());
    }

    @Test
    void reportsModifiedFilesAndWhichFilesChangedInsideDirectories() throws Exception {
        repo.write("data.csv", "b\n");
        repo.write("images/1.txt", "uno");
        repo.write("images/3.txt", "three");
        Files.delete(repo.path("images/2.txt"));
        StatusCommand.Result result = status();
        assertFalse(result.clean());
        assertEquals(State.MODIFIED, stateOf(result, "data.csv"));
        var images = result.outputs().stream().filter(o -> o.path().equals("images")).findFirst().orElseThrow();
        assertEquals(State.MODIFIED, images.state());
        assertEquals(List.of("3.txt"), images.files().added());
        assertEquals(List.of("1.txt"), images.files().modified());
        assertEquals(List.of("2.txt"), images.files().deleted());
    }

    @Test
    void afterGitCheckoutMovesAPointerTheDataIsOutdatedNotModified() throws Exception {
        repo.commit("v1");
        repo.write("data.csv", "a\nb\n");
        repo.write("images/1.txt", "uno");
        repo.add("data.csv", "images");
        repo.commit("v2");
        try (org.eclipse.jgit.api.Git git = repo.git()) {
            // What 'git checkout HEAD~1 -- *.dvj' (or switching branch) does: pointers move, data stays.
            git.checkout().setStartPoint("HEAD~1").addPath("data.csv.dvj").addPath("images.dvj").call();
        }
        StatusCommand.Result result = status();
        assertFalse(result.clean());
        assertEquals(State.OUTDATED, stateOf(result, "data.csv"), "the data is v2, which the cache holds: checkout, not commit");
        assertEquals(State.OUTDATED, stateOf(result, "images"));
        repo.write("data.csv", "an edit nobody recorded\n");
        assertEquals(State.MODIFIED, stateOf(status(), "data.csv"));
    }

    @Test
    void reportsDeletedNewAndNotInCache() throws Exception {
        Files.delete(repo.path("data.csv"));
        Files.writeString(repo.path("planned.bin.dvj"), "path: planned.bin\nhash: sha256\n");
        // A directory is in the cache when its manifest is: manifests are stored after their files
        // and removed before them.
        try (Repository r = repo.open()) {
            var images = new dev.dvj.core.workspace.Outputs(r).forTarget(repo.path("images")).pointer().oid();
            Files.delete(r.cache().path(images));
        }
        StatusCommand.Result result = status();
        assertEquals(State.DELETED, stateOf(result, "data.csv"));
        assertEquals(State.NEW, stateOf(result, "planned.bin"));
        assertEquals(State.NOT_IN_CACHE, stateOf(result, "images"));
    }

    @Test
    void targetsLimitTheReportAndUntrackedTargetsAreRefused() {
        assertEquals(1, status("images").outputs().size());
        assertEquals(1, status("data.csv.dvj").outputs().size());
        DvjException e = assertThrows(DvjException.class, () -> status("nothing.csv"));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    }

    @Test
    void aMalformedPointerIsReportedWithItsFileAndLine() throws Exception {
        Files.writeString(repo.path("data.csv.dvj"), "path: data.csv\nhash: sha256\noid: nothex\nsize: 2\n");
        DvjException e = assertThrows(DvjException.class, this::status);
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("data.csv.dvj:3:"), e.getMessage());
    }

    @Test
    void aPointerNamingAPathOutsideItsFolderIsRefused() throws Exception {
        Files.writeString(repo.path("evil.dvj"), "path: ../../etc/passwd\nhash: sha256\n");
        DvjException e = assertThrows(DvjException.class, this::status);
        assertTrue(e.getMessage().startsWith("evil.dvj:1:"), e.getMessage());
    }

    @Test
    void tempFilesLeftByAKilledDvjAreNotTakenForData() throws Exception {
        repo.write("images/.1.txt.4f2a.dvjtmp", "half a file");
        repo.write("images/.c.91be.dvjtmp/x.txt", "a folder checkout was building");
        assertTrue(status().clean());
    }
}
