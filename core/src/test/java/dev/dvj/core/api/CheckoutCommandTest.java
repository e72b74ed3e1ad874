package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.CheckoutCommand.Action;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckoutCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("data.csv", "month 1\n");
        repo.write("images/a.txt", "a1");
        repo.write("images/b.txt", "b1");
        repo.add("data.csv", "images");
        repo.commit("v1");
        repo.write("data.csv", "month 2, more rows\n");
        repo.write("images/a.txt", "a2");
        Files.delete(repo.path("images/b.txt"));
        repo.write("images/c/new.txt", "c2");
        repo.commit("v2");
    }

    private CheckoutCommand.Result checkout(String rev, boolean force, String... targets) {
        try (Repository r = repo.open()) {
            return new CheckoutCommand(r).run(java.util.Arrays.stream(targets).map(repo::path).toList(), rev, force);
        }
    }

    @Test
    void aSingleFilesExecBitSurvivesDeleteAndCheckout() throws Exception {
        repo.write("run.sh", "#!/bin/sh\necho hi\n");
        java.nio.file.Files.setPosixFilePermissions(repo.path("run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        repo.add("run.sh");
        assertTrue(repo.read("run.sh.dvj").contains("isexec: true"), repo.read("run.sh.dvj"));
        java.nio.file.Files.delete(repo.path("run.sh"));
        checkout(null, false, "run.sh");
        assertTrue(java.nio.file.Files.getPosixFilePermissions(repo.path("run.sh"))
                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE), "restored executable, as directories' files are");
    }

    @Test
    void restoresTheDataAndPointersOfAnEarlierRevision() throws Exception {
        CheckoutCommand.Result result = checkout("HEAD~1", false);
        assertEquals(2, result.outputs().size());
        assertEquals("month 1\n", repo.read("data.csv"));
        assertEquals("a1", repo.read("images/a.txt"));
        assertEquals("b1", repo.read("images/b.txt"));
        assertFalse(Files.exists(repo.path("images/c")), "files and folders absent in v1 are removed");
        assertTrue(repo.staged("data.csv.dvj"));
        try (Repository r = repo.open()) {
            assertTrue(new StatusCommand(r).run(List.of()).clean());
        }
        checkout("HEAD", false);
        assertEquals("month 2, more rows\n", repo.read("data.csv"));
        assertEquals("c2", repo.read("images/c/new.txt"));
    }

    @Test
    void oneRepositoryCanCheckOutAgainAFolderAnEarlierCheckoutRemoved() throws Exception {
        // Library users keep a Repository open across checkouts: nothing may remember folders
        // that a checkout in between has pruned.
        Files.delete(repo.path("images/c/new.txt"));
        try (Repository r = repo.open()) {
            new CheckoutCommand(r).run(List.of(), "HEAD", false);
            assertEquals("c2", repo.read("images/c/new.txt"));
            new CheckoutCommand(r).run(List.of(), "HEAD~1", false);
            assertFalse(Files.exists(repo.path("images/c")));
            new CheckoutCommand(r).run(List.of(), "HEAD", false);
        }
        assertEquals("c2", repo.read("images/c/new.txt"));
    }

    @Test
    void restoresOnlyTheNamedTargets() throws Exception {
        checkout("HEAD~1", false, "data.csv");
        assertEquals("month 1\n", repo.read("data.csv"));
        assertEquals("a2", repo.read("images/a.txt"));
    }

    @Test
    void recreatesDeletedDataFromTheCache() throws Exception {
        Files.delete(repo.path("data.csv"));
        CheckoutCommand.Result result = checkout(null, false);
        assertEquals(Action.CREATED, result.outputs().stream().filter(o -> o.path().equals("data.csv"))
                .findFirst().orElseThrow().action());
        assertEquals("month 2, more rows\n", repo.read("data.csv"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.path("data.csv"))),
                "copies are independent, writable files");
    }

    @Test
    void refusesToOverwriteUnsavedChangesUnlessForced() throws Exception {
        repo.write("images/a.txt", "precious unsaved edit");
        DvjException e = assertThrows(DvjException.class, () -> checkout("HEAD~1", false));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("images/a.txt"), e.getMessage());
        assertEquals("precious unsaved edit", repo.read("images/a.txt"), "nothing was changed");
        assertEquals("month 2, more rows\n", repo.read("data.csv"), "nothing was changed");
        checkout("HEAD~1", true);
        assertEquals("a1", repo.read("images/a.txt"));
    }

    @Test
    void aMissingObjectStopsCheckoutBeforeAnyWrite() throws Exception {
        try (Repository r = repo.open()) {
            var pointer = new dev.dvj.core.workspace.Outputs(r).atRevision("HEAD~1").get("data.csv.dvj").pointer();
            Files.delete(r.cache().path(pointer.oid()));
        }
        DvjException e = assertThrows(DvjException.class, () -> checkout("HEAD~1", false));
        assertEquals(ErrorKind.DATA, e.kind());
        assertEquals("month 2, more rows\n", repo.read("data.csv"));
        assertEquals("a2", repo.read("images/a.txt"));
    }

    @Test
    void aPendingCheckoutBuildsNewOutputsOutOfSightAndShowsThemWhole() throws Exception {
        FileTrees.delete(repo.path("images"));
        try (Repository r = repo.open()) {
            var images = new dev.dvj.core.workspace.Outputs(r).select(List.of(repo.path("images"))).get(0).pointer();
            Manifest manifest = r.cache().manifestOrNull(images.oid());
            ManifestEntry a = manifest.byPath().get("a.txt");
            try (CheckoutCommand.Pending pending = new CheckoutCommand(r).prepare(List.of(), null, false, Map.of(), Set.of())) {
                pending.arrived(a.oid(), "a2".getBytes(StandardCharsets.UTF_8));
                assertFalse(Files.exists(repo.path("images")), "nothing shows before finish");
                CheckoutCommand.Result result = pending.finish();
                assertEquals(Action.CREATED, result.outputs().stream().filter(o -> o.path().equals("images"))
                        .findFirst().orElseThrow().action());
            }
        }
        assertEquals("a2", repo.read("images/a.txt"));
        assertEquals("c2", repo.read("images/c/new.txt"), "files that did not arrive come from the cache");
        assertEquals(List.of(), leftovers(), "no temp folder is left behind");
        try (Repository r = repo.open()) {
            assertTrue(new StatusCommand(r).run(List.of()).clean());
        }
    }

    @Test
    void aPendingCheckoutClosedUnfinishedLeavesTheWorkspaceAsItWas() throws Exception {
        FileTrees.delete(repo.path("images"));
        Files.delete(repo.path("data.csv"));
        try (Repository r = repo.open()) {
            try (CheckoutCommand.Pending pending = new CheckoutCommand(r).prepare(List.of(), null, false, Map.of(), Set.of())) {
                var data = new dev.dvj.core.workspace.Outputs(r).select(List.of(repo.path("data.csv"))).get(0).pointer();
                pending.arrived(data.oid(), null);
            }
        }
        assertFalse(Files.exists(repo.path("images")));
        assertFalse(Files.exists(repo.path("data.csv")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void objectsOnTheirWayCountAsPresentWhenPlanning() throws Exception {
        ObjectId gone;
        try (Repository r = repo.open()) {
            gone = new dev.dvj.core.workspace.Outputs(r).select(List.of(repo.path("data.csv"))).get(0).pointer().oid();
            Files.delete(r.cache().path(gone));
        }
        Files.delete(repo.path("data.csv"));
        try (Repository r = repo.open()) {
            assertEquals(ErrorKind.DATA, assertThrows(DvjException.class,
                    () -> new CheckoutCommand(r).prepare(List.of(), null, false, Map.of(), Set.of())).kind());
            try (CheckoutCommand.Pending pending = new CheckoutCommand(r).prepare(List.of(), null, false, Map.of(), Set.of(gone))) {
                byte[] bytes = "month 2, more rows\n".getBytes(StandardCharsets.UTF_8);
                r.cache().insert(bytes, gone);
                pending.arrived(gone, bytes);
                pending.finish();
            }
        }
        assertEquals("month 2, more rows\n", repo.read("data.csv"));
    }

    private List<String> leftovers() throws Exception {
        try (var names = Files.list(dir)) {
            return names.map(p -> p.getFileName().toString()).filter(AtomicFiles::isTempName).toList();
        }
    }

    @Test
    void unknownRevisionsAndUntrackedTargetsAreInvalidInput() {
        assertEquals(ErrorKind.INVALID_INPUT, assertThrows(DvjException.class, () -> checkout("nosuchrev", false)).kind());
        assertEquals(ErrorKind.INVALID_INPUT,
                assertThrows(DvjException.class, () -> checkout("HEAD~1", false, "nothere.csv")).kind());
    }

    @Test
    void hardlinkAndSymlinkCheckoutsShareTheReadOnlyCacheFile() throws Exception {
        for (String type : List.of("hardlink", "symlink")) {
            Files.writeString(repo.path(".dvj/config.local.yaml"), "cache:\n  type: " + type + ",copy\n");
            Files.delete(repo.path("data.csv"));
            checkout(null, false, "data.csv");
            try (Repository r = repo.open()) {
                var oid = new dev.dvj.core.workspace.Outputs(r).forTarget(repo.path("data.csv")).pointer().oid();
                assertTrue(Files.isSameFile(r.cache().path(oid), repo.path("data.csv")), type);
                assertFalse(Files.isWritable(repo.path("data.csv")) && !isRoot(), type + " must not be writable");
                assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.path("data.csv"))));
                assertTrue(new StatusCommand(r).run(List.of()).clean(), type);
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void checkoutSweepsWhatAKilledCheckoutLeftInAndBesideItsOutputs() throws Exception {
        // What kill -9 leaves: a temp file mid-rename inside a tracked folder, a half-built output
        // folder beside it, a pointer's temp file.
        Path inside = repo.write("images/.a.txt.1f2e3d4c5b6a7988.dvjtmp", "half of a2");
        Path staged = Files.createDirectories(repo.path(".images.0a1b2c3d4e5f6071.dvjtmp/c"));
        Files.writeString(staged.resolve("new.txt"), "c2");
        Path pointerTemp = repo.write(".data.csv.dvj.99aa88bb77cc66dd.dvjtmp", "path: da");
        try (Repository r = repo.open()) {
            assertTrue(new StatusCommand(r).run(List.of()).clean(), "scans never take them for data");
        }
        CheckoutCommand.Result result = checkout("HEAD~1", false);
        assertEquals(3, result.leftoversRemoved());
        assertFalse(Files.exists(inside));
        assertFalse(Files.exists(staged.getParent()));
        assertFalse(Files.exists(pointerTemp));
        assertEquals("a1", repo.read("images/a.txt"));
        try (var files = Files.walk(repo.root)) {
            assertEquals(List.of(), files.filter(f -> AtomicFiles.isTempName(f.getFileName().toString())).toList());
        }
    }
}
