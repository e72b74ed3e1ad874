package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
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

class AddCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
    }

    private AddCommand.Result add(String desc, String... paths) {
        try (Repository r = repo.open()) {
            return new AddCommand(r).run(java.util.Arrays.stream(paths).map(repo::path).toList(), desc);
        }
    }

    private Pointer pointer(String path) throws Exception {
        return PointerFormat.read(Files.readAllBytes(repo.path(path)), path);
    }

    @Test
    void addingAFileWritesItsPointerIgnoresTheDataAndStagesBoth() throws Exception {
        repo.write("data/train.csv", "a,b\n1,2\n");
        AddCommand.Result result = add("first version", "data/train.csv");
        assertEquals(OutputChange.ADDED, result.outputs().get(0).change());
        Pointer p = pointer("data/train.csv.dvj");
        assertEquals("train.csv", p.path());
        assertEquals(8L, p.size());
        assertEquals("first version", p.desc());
        assertTrue(Files.exists(repo.path(".dvj/cache/sha256/" + p.oid().shard() + "/" + p.oid().fileName())));
        assertEquals("/train.csv\n", repo.read("data/.gitignore"));
        assertTrue(repo.staged("data/train.csv.dvj"));
        assertTrue(repo.staged("data/.gitignore"));
        assertFalse(repo.staged("data/train.csv"));
    }

    @Test
    void addingADirectoryStoresEveryFileAndItsManifest() throws Exception {
        repo.write("images/a.txt", "hello\n");
        repo.write("images/sub/b.txt", "");
        repo.path("images/sub/b.txt").toFile().setExecutable(true);
        add(null, "images");
        Pointer p = pointer("images.dvj");
        assertTrue(p.isDirectory());
        assertEquals(2, p.nfiles());
        assertEquals(6L, p.size());
        try (Repository r = repo.open()) {
            Manifest m = Manifest.parse(Files.readAllBytes(r.cache().path(p.oid())), "m");
            assertEquals(List.of("a.txt", "sub/b.txt"), m.entries().stream().map(e -> e.path()).toList());
            assertTrue(m.entries().get(1).executable());
            for (var entry : m.entries()) {
                assertTrue(r.cache().has(entry.oid()));
            }
        }
    }

    @Test
    void dvjignoreExcludesFilesFromDirectories() throws Exception {
        Files.writeString(repo.path(".dvjignore"), "*.tmp\n");
        repo.write("images/a.txt", "a");
        repo.write("images/scratch.tmp", "junk");
        add(null, "images");
        assertEquals(1, pointer("images.dvj").nfiles());
    }

    @Test
    void reAddingUnchangedDataIsANoOpAndChangedDataIsANewVersion() throws Exception {
        repo.write("model.bin", "v1");
        add(null, "model.bin");
        String before = repo.read("model.bin.dvj");
        assertEquals(OutputChange.UNCHANGED, add(null, "model.bin").outputs().get(0).change());
        assertEquals(before, repo.read("model.bin.dvj"));
        repo.write("model.bin", "v2 bigger");
        assertEquals(OutputChange.UPDATED, add(null, "model.bin").outputs().get(0).change());
        assertEquals(9L, pointer("model.bin.dvj").size());
        assertEquals("/model.bin\n", repo.read(".gitignore"), "the ignore line is not duplicated");
    }

    private void assertRefused(String expectedText, Path path) {
        DvjException e = assertThrows(DvjException.class, () -> {
            try (Repository r = repo.open()) {
                new AddCommand(r).run(List.of(path), null);
            }
        });
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
    }

    @Test
    void refusesPathsOutsideTheRepository() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "x");
        assertRefused("outside the repository", outside);
        assertRefused("outside the repository", repo.path("../outside.txt"));
    }

    @Test
    void refusesPathsInsideGitOrDvj() {
        assertRefused("inside .git", repo.path(".git/config"));
        assertRefused("inside .dvj", repo.path(".dvj/config.yaml"));
    }

    @Test
    void refusesPathsAlreadyTrackedByGit() throws Exception {
        repo.write("code/train.py", "print(1)\n");
        try (Git git = repo.git()) {
            git.add().addFilepattern("code/train.py").call();
        }
        assertRefused("already tracked by Git", repo.path("code/train.py"));
        assertRefused("already tracked by Git", repo.path("code"));
    }

    @Test
    void refusesMissingPathsPointersAndPathsInsideTrackedDirectories() throws Exception {
        assertRefused("no such file", repo.path("nope.csv"));
        repo.write("images/a.txt", "a");
        add(null, "images");
        assertRefused("dvj pointer file", repo.path("images.dvj"));
        assertRefused("inside the tracked directory images", repo.path("images/a.txt"));
    }

    @Test
    void refusesADirectoryHoldingOtherPointers() throws Exception {
        repo.write("all/inner/x.txt", "x");
        repo.write("all/inner/y.dvj", "path: y\nhash: sha256\n");
        assertRefused("contains the dvj pointer all/inner/y.dvj", repo.path("all"));
    }

    @Test
    void refusesAPointerGitWouldIgnoreAndWritesNothing() throws Exception {
        repo.write(".gitignore", "raw/\n");
        repo.write("raw/sub/a.txt", "a");
        assertRefused("'raw/sub.dvj' would be ignored by Git", repo.path("raw/sub"));
        assertFalse(Files.exists(repo.path("raw/sub.dvj")));
        assertFalse(Files.exists(repo.path("raw/.gitignore")));

        repo.write(".git/info/exclude", "*.dvj\n");
        repo.write("model.bin", "weights");
        assertRefused("'model.bin.dvj' would be ignored by Git", repo.path("model.bin"));
    }

    @Test
    void aRefusalFromGitStopsTheStoringOfABigFileAndLeavesNoTempFile() throws Exception {
        repo.write(".git/info/exclude", "*.dvj\n");
        Path big = repo.path("big.bin");
        byte[] block = new byte[1 << 20];
        new java.util.Random(7).nextBytes(block);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
        }
        repo.age("big.bin");
        assertRefused("'big.bin.dvj' would be ignored by Git", big);
        assertFalse(Files.exists(repo.path("big.bin.dvj")));
        assertFalse(Files.exists(repo.path(".gitignore")));
        try (var walk = Files.walk(repo.path(".dvj/cache"))) {
            assertEquals(List.of(), walk.filter(p -> p.getFileName().toString().endsWith(".dvjtmp")
                    || p.getFileName().toString().endsWith(".tmp")).toList(), "no temp file left in the cache");
        }
        // The same file is stored and recorded once Git would see its pointer.
        Files.delete(repo.path(".git/info/exclude"));
        add(null, "big.bin");
        assertTrue(repo.staged("big.bin.dvj"));
    }

    @Test
    void aFolderWhoseContentsAreIgnoredButPointersAreNotCanHoldPointers() throws Exception {
        repo.write(".gitignore", "raw/*\n!raw/*.dvj\n");
        repo.write("raw/sub/a.txt", "a");
        add(null, "raw/sub");
        assertTrue(repo.staged("raw/sub.dvj"), "the pointer reaches Git");
    }

    @Test
    void refusesThePipelinesFilesAndStageOutputs() throws Exception {
        repo.write("dvj.yaml", "stages:\n  train:\n    cmd: echo > bar\n    outs: [bar, models]\n");
        repo.write("bar", "x");
        repo.write("models/m.bin", "m");
        repo.write("all/x.txt", "x");
        assertRefused("'bar' is an output of stage 'train' (dvj.yaml:", repo.path("bar"));
        assertRefused("'models/m.bin' is inside 'models', which is an output of stage 'train'", repo.path("models/m.bin"));
        assertRefused("the pipeline's own file", repo.path("dvj.yaml"));
        repo.write("dvj.lock", "schema: '2.0'\nstages: {}\n");
        assertRefused("the pipeline's own file", repo.path("dvj.lock"));
        add(null, "all");
    }

    @Test
    void nothingIsWrittenWhenAnyPathIsRefused() throws Exception {
        repo.write("good.csv", "ok");
        DvjException e = assertThrows(DvjException.class, () -> {
            try (Repository r = repo.open()) {
                new AddCommand(r).run(List.of(repo.path("good.csv"), repo.path("missing.csv")), null);
            }
        });
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertFalse(Files.exists(repo.path("good.csv.dvj")));
    }

    @Test
    void theStateCacheAvoidsRehashingUnchangedFiles() throws Exception {
        repo.write("data.csv", "1,2,3\n");
        repo.age("data.csv");
        add(null, "data.csv");
        // Replace the content behind dvj's back while keeping size, mtime and inode: only a stat
        // cache could miss this, which proves status did not re-read the file.
        Path file = repo.path("data.csv");
        var mtime = Files.getLastModifiedTime(file);
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap("9,9,9\n".getBytes()));
        }
        Files.setLastModifiedTime(file, mtime);
        try (Repository r = repo.open()) {
            assertTrue(new StatusCommand(r).run(List.of()).clean());
        }
        ObjectId recorded = pointer("data.csv.dvj").oid();
        assertEquals(recorded, pointer("data.csv.dvj").oid());
    }

    private Path cached(String pointerPath) throws Exception {
        try (Repository r = repo.open()) {
            return r.cache().path(pointer(pointerPath).oid());
        }
    }

    @Test
    void theDefaultCopyModeKeepsAnIndependentWritableWorkspaceFile() throws Exception {
        repo.write("data.csv", "1,2\n");
        add(null, "data.csv");
        assertFalse(Files.isSameFile(cached("data.csv.dvj"), repo.path("data.csv")));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(repo.path("data.csv"))));
    }

    @Test
    void hardlinkModeStoresWithoutCopyingAndMakesTheFileReadOnly() throws Exception {
        Files.writeString(repo.path(".dvj/config.yaml"), "cache:\n  type: hardlink,copy\n");
        repo.write("big/model.bin", "weights");
        repo.write("big/sub/more.bin", "more");
        add(null, "big");
        try (Repository r = repo.open()) {
            Manifest m = Manifest.parse(Files.readAllBytes(r.cache().path(pointer("big.dvj").oid())), "m");
            for (var entry : m.entries()) {
                Path workspace = repo.path("big/" + entry.path());
                assertTrue(Files.isSameFile(r.cache().path(entry.oid()), workspace), entry.path());
                assertEquals("r--r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(workspace)));
            }
            assertTrue(new StatusCommand(r).run(List.of()).clean());
        }
    }

    @Test
    void symlinkModeReplacesTheFileWithALinkToTheObject() throws Exception {
        Files.writeString(repo.path(".dvj/config.yaml"), "cache:\n  type: symlink\n");
        repo.write("model.bin", "weights v1");
        add(null, "model.bin");
        Path object = cached("model.bin.dvj");
        assertTrue(Files.isSymbolicLink(repo.path("model.bin")));
        assertEquals(object.toAbsolutePath(), Files.readSymbolicLink(repo.path("model.bin")));
        assertEquals("weights v1", repo.read("model.bin"));
        // A new version is written as a new file, as with git-annex; re-adding links to the new object.
        Files.delete(repo.path("model.bin"));
        repo.write("model.bin", "weights v2");
        assertEquals(OutputChange.UPDATED, add(null, "model.bin").outputs().get(0).change());
        assertEquals("weights v2", repo.read("model.bin"));
        assertEquals("weights v1", Files.readString(object), "the old version is intact in the cache");
        try (Repository r = repo.open()) {
            assertTrue(new StatusCommand(r).run(List.of()).clean());
        }
    }

    @Test
    void linkingToAnObjectThatAlreadyExistsReusesIt() throws Exception {
        Files.writeString(repo.path(".dvj/config.yaml"), "cache:\n  type: hardlink\n");
        repo.write("a/same.txt", "identical");
        repo.write("b/same.txt", "identical");
        add(null, "a/same.txt", "b/same.txt");
        assertTrue(Files.isSameFile(repo.path("a/same.txt"), repo.path("b/same.txt")));
        assertTrue(Files.isSameFile(cached("a/same.txt.dvj"), repo.path("b/same.txt")));
    }

    @Test
    void manyFilesAreStoredInParallelWithoutLosingAny() throws Exception {
        for (String type : List.of("copy", "hardlink")) {
            Files.writeString(repo.path(".dvj/config.local.yaml"), "cache:\n  type: " + type + "\n");
            for (int i = 0; i < 600; i++) {
                repo.write(type + "/d" + (i % 40) + "/f" + i + ".txt", type + " file " + i);
            }
            add(null, type);
            Pointer p = pointer(type + ".dvj");
            assertEquals(600, p.nfiles());
            try (Repository r = repo.open()) {
                Manifest m = Manifest.parse(Files.readAllBytes(r.cache().path(p.oid())), "m");
                for (var entry : m.entries()) {
                    assertEquals(Files.readString(repo.path(type + "/" + entry.path())),
                            Files.readString(r.cache().path(entry.oid())), entry.path());
                }
                assertTrue(new StatusCommand(r).run(List.of()).clean(), type);
            }
        }
    }

    @Test
    void aLeftoverGitIndexLockIsNamedAndAddStagesThePointerOnceItIsGone() throws Exception {
        // A git (or dvj) killed while staging leaves .git/index.lock behind.
        repo.write("locked.csv", "a,b\n");
        Path lock = Files.writeString(repo.path(".git/index.lock"), "");
        DvjException e = assertThrows(DvjException.class, () -> repo.add("locked.csv"));
        assertEquals(ErrorKind.CONFLICT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(lock.toString()) && e.getMessage().contains("delete"), e.getMessage());
        assertTrue(Files.exists(repo.path("locked.csv.dvj")), "dvj's own files are written");
        assertFalse(repo.staged("locked.csv.dvj"));

        Files.delete(lock);
        repo.add("locked.csv"); // the data is unchanged, but the pointer was never staged
        assertTrue(repo.staged("locked.csv.dvj"));
        assertTrue(repo.staged(".gitignore"));
        DvjException commit = assertThrows(DvjException.class, () -> {
            Files.writeString(lock, "");
            repo.commit("blocked");
        });
        assertEquals(ErrorKind.CONFLICT, commit.kind(), commit.getMessage());
    }
}
