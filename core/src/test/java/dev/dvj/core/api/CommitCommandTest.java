package dev.dvj.core.api;

import dev.dvj.core.pointer.PointerFormat;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("data.csv", "v1\n");
        repo.add("data.csv");
    }

    private CommitCommand.Result commit(String message, boolean noGit) {
        try (Repository r = repo.open()) {
            return new CommitCommand(r).run(List.of(), message, noGit);
        }
    }

    @Test
    void commitsStagedPointersAndDvjFilesInGit() throws Exception {
        CommitCommand.Result result = commit("first data", false);
        assertNotNull(result.commit());
        try (Git git = repo.git()) {
            RevCommit head = git.log().call().iterator().next();
            assertEquals("first data", head.getFullMessage());
            assertTrue(git.status().call().isClean(), "everything dvj wrote is committed");
        }
    }

    @Test
    void recordsModifiedDataAsANewVersionDescribedByTheMessage() throws Exception {
        commit("v1", false);
        repo.write("data.csv", "v2 with more rows\n");
        CommitCommand.Result result = commit("more rows", false);
        assertEquals(1, result.recorded().size());
        var pointer = PointerFormat.read(Files.readAllBytes(repo.path("data.csv.dvj")), "data.csv.dvj");
        assertEquals(18L, pointer.size());
        assertEquals("more rows", pointer.desc());
        assertEquals(2, repo.commitCount());
    }

    @Test
    void withNothingToRecordItMakesNoEmptyCommit() throws Exception {
        commit("v1", false);
        CommitCommand.Result again = commit("again", false);
        assertTrue(again.nothingToCommit());
        assertNull(again.commit());
        assertEquals(1, repo.commitCount());
    }

    @Test
    void noGitRecordsAndStagesWithoutCommitting() throws Exception {
        commit("v1", false);
        repo.write("data.csv", "v2\n!");
        CommitCommand.Result result = commit(null, true);
        assertNull(result.commit());
        assertEquals(1, result.recorded().size());
        assertEquals(1, repo.commitCount());
        try (Git git = repo.git()) {
            assertTrue(git.status().call().getChanged().contains("data.csv.dvj"));
        }
    }
}
