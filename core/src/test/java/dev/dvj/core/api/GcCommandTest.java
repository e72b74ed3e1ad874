package dev.dvj.core.api;

import dev.dvj.core.sync.ObjectGc;
import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.scm.HistoryScope;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;
    ObjectId v1;
    ObjectId v2;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("data.csv", "v1\n");
        repo.write("images/a.txt", "a");
        repo.add("data.csv", "images");
        repo.commit("v1");
        v1 = oidOf("data.csv");
        repo.write("data.csv", "v2 with more\n");
        repo.commit("v2");
        v2 = oidOf("data.csv");
    }

    private ObjectId oidOf(String target) {
        try (Repository r = repo.open()) {
            return new Outputs(r).forTarget(repo.path(target)).pointer().oid();
        }
    }

    private ObjectGc.Result gc(Set<HistoryScope> scopes, boolean dryRun) {
        try (Repository r = repo.open()) {
            return new GcCommand(r).run(new OutputSelection(List.of(), true, List.of(), scopes), dryRun);
        }
    }

    private boolean cached(ObjectId id) {
        try (Repository r = repo.open()) {
            return r.cache().has(id);
        }
    }

    @Test
    void workspaceScopeDeletesOldVersionsOnly() {
        ObjectGc.Result dry = gc(EnumSet.noneOf(HistoryScope.class), true);
        // The old version and its profile object (data.csv is a table) go; the current ones stay.
        assertEquals(2, dry.removed().size(), dry.removed().toString());
        assertTrue(dry.removed().contains(v1.toString()));
        assertTrue(cached(v1), "a dry run deletes nothing");
        gc(EnumSet.noneOf(HistoryScope.class), false);
        assertFalse(cached(v1));
        assertTrue(cached(v2));
        assertTrue(cached(oidOf("images")));
        try (Repository r = repo.open()) {
            assertTrue(new StatusCommand(r).run(List.of()).clean());
        }
    }

    @Test
    void gcClearsWhatAWriterKilledMidWriteLeftInTheShards() throws Exception {
        Path leftover;
        try (Repository r = repo.open()) {
            leftover = Files.writeString(r.cache().path(v2).resolveSibling(v2.fileName() + ".99aa.tmp"), "half");
        }
        assertTrue(gc(EnumSet.noneOf(HistoryScope.class), true).removed().contains(v1.toString()));
        assertTrue(Files.exists(leftover), "a dry run deletes nothing");
        gc(EnumSet.noneOf(HistoryScope.class), false);
        assertFalse(Files.exists(leftover));
        assertTrue(cached(v2));
    }

    @Test
    void allCommitsKeepsEveryVersionEverCommitted() {
        assertTrue(gc(EnumSet.of(HistoryScope.ALL_COMMITS), false).removed().isEmpty());
        assertTrue(cached(v1));
        assertTrue(gc(EnumSet.of(HistoryScope.ALL_BRANCHES), true).removed().contains(v1.toString()),
                "the branch tip no longer references v1");
    }

    @Test
    void aTagKeepsItsVersion() throws Exception {
        try (var git = repo.git()) {
            git.tag().setName("release-1").setObjectId(git.getRepository().parseCommit(git.getRepository().resolve("HEAD~1"))).call();
        }
        assertTrue(gc(EnumSet.of(HistoryScope.ALL_TAGS), false).removed().isEmpty());
        assertTrue(cached(v1));
    }

    @Test
    void anUnreadableManifestStopsGcBeforeAnyDeletion() throws Exception {
        try (Repository r = repo.open()) {
            Files.delete(r.cache().path(oidOf("images")));
        }
        DvjException e = assertThrows(DvjException.class, () -> gc(EnumSet.noneOf(HistoryScope.class), false));
        assertEquals(ErrorKind.DATA, e.kind());
        assertTrue(e.getMessage().contains("Nothing was deleted"), e.getMessage());
        assertTrue(cached(v1));
    }
}
