package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitCommandTest {

    @Test
    void createsTheLayoutAtTheGitTopLevelAndStagesIt(@TempDir Path dir) throws Exception {
        TestRepo repo = TestRepo.gitOnly(dir);
        Path sub = Files.createDirectories(repo.path("sub/folder"));
        InitCommand.Result result = InitCommand.run(sub, repo.env, false);
        assertTrue(result.created());
        assertEquals(repo.root, result.root());
        assertTrue(Files.isDirectory(repo.path(".dvj/cache")));
        assertTrue(repo.read(".dvj/.gitignore").contains("/cache/"));
        assertTrue(repo.read(".dvj/.gitignore").contains("/config.local.yaml"));
        assertTrue(repo.staged(".dvj/config.yaml"));
        assertTrue(repo.staged(".dvj/.gitignore"));
        assertTrue(repo.staged(".dvjignore"));
    }

    @Test
    void runningTwiceChangesNothing(@TempDir Path dir) throws Exception {
        TestRepo repo = TestRepo.create(dir);
        Files.writeString(repo.path(".dvj/config.yaml"), "cache:\n  type: copy\n");
        InitCommand.Result again = InitCommand.run(repo.root, repo.env, false);
        assertFalse(again.created());
        assertEquals("cache:\n  type: copy\n", repo.read(".dvj/config.yaml"));
    }

    @Test
    void outsideGitItNeedsNoScm(@TempDir Path dir) throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        DvjException e = assertThrows(DvjException.class, () -> InitCommand.run(plain, TestRepo.env(dir), false));
        assertEquals(ErrorKind.NOT_A_REPOSITORY, e.kind());
        assertTrue(e.getMessage().contains("--no-scm"));
        assertFalse(Files.exists(plain.resolve(".dvj")));
        InitCommand.Result result = InitCommand.run(plain, TestRepo.env(dir), true);
        assertTrue(result.created());
        assertTrue(Files.readString(plain.resolve(".dvj/config.yaml")).contains("no_scm: true"));
    }
}
