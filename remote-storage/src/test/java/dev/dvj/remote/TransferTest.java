package dev.dvj.remote;

import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.sync.ObjectGc;
import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.api.CheckoutCommand;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push, fetch and pull against a real local-directory remote and a real second Git clone. */
class TransferTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Path store;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir.resolve("first"));
        store = dir.resolve("store");
        repo.write("data.csv", "a,b\n1,2\n");
        for (int i = 0; i < 40; i++) {
            repo.write("images/d" + (i % 4) + "/img" + i + ".txt", "image " + i);
        }
        repo.add("data.csv", "images");
        repo.commit("v1");
    }

    private Transfer.Result push(TestRepo r) {
        try (Repository repository = r.open()) {
            return new Transfer(repository.objects(), FolderDatabase.remote("origin", store), 4).push(new Outputs(repository).all());
        }
    }

    private Transfer.Result fetch(TestRepo r) {
        try (Repository repository = r.open()) {
            return new Transfer(repository.objects(), FolderDatabase.remote("origin", store), 4).fetch(new Outputs(repository).all());
        }
    }

    private TestRepo cloneOf(TestRepo source, String name) throws Exception {
        Path target = dir.resolve(name).resolve("work");
        try (Git ignored = Git.cloneRepository().setURI(source.root.toUri().toString()).setDirectory(target.toFile()).call()) {
            // The clone holds pointers and .gitignore lines, but no data and an empty cache.
        }
        return TestRepo.existing(target, repo.env);
    }

    @Test
    void pushSendsOnlyWhatTheRemoteLacks() {
        Transfer.Result first = push(repo);
        assertEquals(43, first.transferred(), "40 images, their manifest, data.csv and its profile");
        assertTrue(first.missing().isEmpty());
        Transfer.Result again = push(repo);
        assertEquals(0, again.transferred());
        assertEquals(43, again.present());
    }

    @Test
    void aFreshCloneGetsByteIdenticalDataBack() throws Exception {
        push(repo);
        TestRepo clone = cloneOf(repo, "second");
        assertFalse(Files.exists(clone.path("data.csv")));
        Transfer.Result fetched = fetch(clone);
        assertEquals(43, fetched.transferred());
        try (Repository r = clone.open()) {
            new CheckoutCommand(r).run(List.of(), null, false);
        }
        assertEquals(repo.read("data.csv"), clone.read("data.csv"));
        for (int i = 0; i < 40; i++) {
            String image = "images/d" + (i % 4) + "/img" + i + ".txt";
            assertEquals(repo.read(image), clone.read(image));
        }
        assertEquals(0, fetch(clone).transferred(), "a second fetch moves nothing");
    }

    @Test
    void aCorruptObjectOnTheRemoteIsReportedAndNeverEntersTheCache() throws Exception {
        push(repo);
        ObjectId data;
        try (Repository r = repo.open()) {
            data = new Outputs(r).forTarget(repo.path("data.csv")).pointer().oid();
        }
        Path onRemote = FolderDatabase.remote("origin", store).root().resolve("sha256").resolve(data.shard()).resolve(data.fileName());
        Files.setPosixFilePermissions(onRemote, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(onRemote, "tampered");
        TestRepo clone = cloneOf(repo, "victim");
        DvjException e = assertThrows(DvjException.class, () -> fetch(clone));
        assertEquals(ErrorKind.DATA, e.kind());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        try (Repository r = clone.open()) {
            assertFalse(r.cache().has(data));
        }
        assertFalse(Files.exists(clone.path("data.csv")));
    }

    @Test
    void aManifestIsPushedOnlyWhenAllItsFilesAreThere() throws Exception {
        ObjectId images;
        try (Repository r = repo.open()) {
            TrackedOutput output = new Outputs(r).forTarget(repo.path("images"));
            images = output.pointer().oid();
            ObjectId first = r.cache().manifestOrNull(images).entries().get(0).oid();
            Files.delete(r.cache().path(first));
        }
        Transfer.Result result = push(repo);
        assertEquals(1, result.missing().size());
        Set<ObjectId> remote = FolderDatabase.remote("origin", store).list().keySet();
        assertFalse(remote.contains(images), "an incomplete directory has no manifest on the remote");
        assertEquals(41, remote.size(), "the 39 images present, data.csv and its profile");
    }

    @Test
    void objectsMissingOnTheRemoteAreListedNotInvented() throws Exception {
        TestRepo clone = cloneOf(repo, "empty");
        Transfer.Result result = fetch(clone);
        assertEquals(0, result.transferred());
        assertEquals(3, result.missing().size(), "data.csv, its profile and the images manifest");
    }

    @Test
    void remoteStatusComparesTheCacheWithTheRemote() throws Exception {
        try (Repository r = repo.open()) {
            Transfer transfer = new Transfer(r.objects(), FolderDatabase.remote("origin", store), 2);
            TrackedOutput images = new Outputs(r).forTarget(repo.path("images"));
            assertEquals(41, transfer.compare(List.of(images)).get(0).localOnly().size());
        }
        push(repo);
        try (Repository r = repo.open()) {
            Transfer transfer = new Transfer(r.objects(), FolderDatabase.remote("origin", store), 2);
            TrackedOutput images = new Outputs(r).forTarget(repo.path("images"));
            assertEquals(41, transfer.compare(List.of(images)).get(0).both().size());
            TestRepo clone = cloneOf(repo, "status-clone");
            try (Repository c = clone.open()) {
                Transfer.Comparison fromClone = new Transfer(c.objects(), FolderDatabase.remote("origin", store), 2)
                        .compare(new Outputs(c).all()).get(1);
                assertEquals(41, fromClone.remoteOnly().size(), "the manifest is read from the remote");
            }
        }
        try (Stream<Path> files = Files.walk(store)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp files left on the remote");
        }
    }

    @Test
    void remoteGcSparesUnreferencedObjectsNewerThanTheGracePeriod() throws Exception {
        push(repo);
        repo.write("data.csv", "a,b\n1,2\n3,4\n");
        repo.commit("v2");
        push(repo); // v1 of data.csv is now unreferenced by the workspace
        try (Repository r = repo.open(); FolderDatabase remote = FolderDatabase.remote("origin", store)) {
            java.time.Instant now = java.time.Instant.now();
            var spared = ObjectGc.collectRemote(r.objects(), remote, new Outputs(r).all(), false, java.time.Duration.ofDays(3), now);
            assertEquals(List.of(), spared.removed(), "another clone may have pushed it for a commit not yet in Git");
            assertEquals(2, spared.recent(), "v1 of data.csv and its profile");
            assertEquals(45, remote.list().size(), "40 images, their manifest, two versions of data.csv and their profiles");

            var later = ObjectGc.collectRemote(r.objects(), remote, new Outputs(r).all(), false, java.time.Duration.ofDays(3),
                    now.plus(java.time.Duration.ofDays(4)));
            assertEquals(2, later.removed().size());
            assertEquals(0, later.recent());
            assertEquals(43, remote.list().size());
        }
    }

    @Test
    void aFolderRemoteObjectOfTheWrongSizeIsDamagedAndPushReplacesIt() throws Exception {
        push(repo);
        ObjectId data;
        try (Repository r = repo.open()) {
            data = new Outputs(r).forTarget(repo.path("data.csv")).pointer().oid();
        }
        Path onRemote = store.resolve("sha256").resolve(data.shard()).resolve(data.fileName());
        onRemote.toFile().setWritable(true);
        Files.writeString(onRemote, "a,b\n1,"); // truncated
        try (Repository r = repo.open(); FolderDatabase remote = FolderDatabase.remote("origin", store)) {
            Transfer.Comparison c = new Transfer(r.objects(), remote, 4).compare(List.of(new Outputs(r).forTarget(repo.path("data.csv")))).get(0);
            assertEquals(Set.of(data), c.damaged());
        }
        Transfer.Result repaired = push(repo);
        assertEquals(1, repaired.repaired());
        assertEquals("a,b\n1,2\n", Files.readString(onRemote));
    }
}
