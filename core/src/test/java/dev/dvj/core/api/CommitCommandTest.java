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

    @Test
    void aRepositoryThatSignsCommitsGetsASignedCommitThroughGit() throws Exception {
        Path key = dir.resolve("signing-key");
        Process keygen;
        try {
            keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("ssh-keygen is not installed, so no signing key can be made: " + e.getMessage());
            return;
        }
        assertEquals(0, keygen.waitFor());
        try (Git git = repo.git()) {
            var config = git.getRepository().getConfig();
            config.setBoolean("commit", null, "gpgsign", true);
            config.setString("gpg", null, "format", "ssh");
            config.setString("user", null, "signingkey", key + ".pub");
            config.save();
        }
        CommitCommand.Result result = commit("signed data", false);
        try (Git git = repo.git()) {
            RevCommit head = git.log().call().iterator().next();
            assertEquals(result.commit(), head.getName());
            assertEquals("signed data", head.getFullMessage().trim());
            assertNotNull(head.getRawGpgSignature(), "the commit carries git's signature");
            assertTrue(new String(head.getRawGpgSignature()).contains("BEGIN SSH SIGNATURE"));
            assertTrue(git.status().call().isClean());
        }
    }

    @Test
    void aRefusingPreCommitHookIsNamedOnceWithItsExitCode() throws Exception {
        Path hook = repo.path(".git/hooks/pre-commit");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho 'data.csv is too big for this team' >&2\nexit 3\n");
        hook.toFile().setExecutable(true);
        int commits = repo.commitCount();
        dev.dvj.core.DvjException e = org.junit.jupiter.api.Assertions.assertThrows(dev.dvj.core.DvjException.class,
                () -> commit("refused", false));
        assertEquals(dev.dvj.core.ErrorKind.GIT_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("pre-commit hook refused the commit (exit 3"), e.getMessage());
        assertTrue(!e.getMessage().contains("too big") && !e.getMessage().contains("\n"),
                "the hook printed its own words; the error does not repeat them: " + e.getMessage());
        assertEquals(commits, repo.commitCount(), "nothing was committed");
        assertTrue(repo.staged("data.csv.dvj"), "the changes stay staged");
    }
}
