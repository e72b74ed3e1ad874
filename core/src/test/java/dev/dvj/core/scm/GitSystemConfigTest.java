package dev.dvj.core.scm;

import dev.dvj.core.SystemEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system config's location is asked of a git program once and remembered for that program.
 * A stand-in git script counts how often it is asked; the real JGit (FS.DETECTED) is never touched.
 */
class GitSystemConfigTest {
    @TempDir
    Path dir;

    private Path fakeGit(String answer) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path git = bin.resolve("git");
        Files.writeString(git, "#!/bin/sh\n"
                + "echo asked >> " + dir.resolve("asked") + "\n"
                + "[ \"$1 $2 $3\" = \"config --system --edit\" ] || exit 2\n"
                + "$GIT_EDITOR " + answer + "\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
        return git;
    }

    private SystemEnv env(Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(extra);
        variables.put("PATH", dir.resolve("bin") + File.pathSeparator + "/usr/bin:/bin");
        return new SystemEnv(variables, dir.resolve("home"), Clock.systemUTC(), "t", "h");
    }

    private long asked() throws Exception {
        Path log = dir.resolve("asked");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void askedOncePerGitProgramAndRememberedAcrossProcesses() throws Exception {
        Path git = fakeGit("/opt/git/etc/gitconfig");
        SystemEnv env = env(Map.of());
        Path cache = dir.resolve("repo/.dvj/tmp/git-system-config");
        assertEquals(Optional.of(new File("/opt/git/etc/gitconfig")), GitSystemConfig.location(env, cache));
        assertEquals(Optional.of(new File("/opt/git/etc/gitconfig")), GitSystemConfig.location(env, cache));
        assertEquals(1, asked(), "the second time comes from " + cache);
        assertTrue(Files.readString(cache).contains("/opt/git/etc/gitconfig"));

        // Another git program (here: the same file changed) is asked again.
        fakeGit("/usr/local/etc/gitconfig");
        Files.setLastModifiedTime(git, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals(Optional.of(new File("/usr/local/etc/gitconfig")), GitSystemConfig.location(env, cache));
        assertEquals(2, asked());
    }

    @Test
    void leftToJGitWhenTheEnvironmentChoosesOrGitCannotTell() throws Exception {
        fakeGit("/etc/gitconfig");
        Path cache = dir.resolve("cache");
        assertEquals(Optional.empty(), GitSystemConfig.location(env(Map.of("GIT_CONFIG_SYSTEM", "/x")), cache));
        assertEquals(Optional.empty(), GitSystemConfig.location(env(Map.of("GIT_CONFIG_NOSYSTEM", "1")), cache));
        assertEquals(0, asked());
        fakeGit("relative/gitconfig");
        assertEquals(Optional.empty(), GitSystemConfig.location(env(Map.of()), cache), "not an absolute path");
        assertTrue(Files.notExists(cache), "nothing remembered from an answer that was not one");
    }

    @Test
    void theRealGitNamesItsSystemConfig() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "dvj leaves the system config to JGit on macOS and Windows");
        SystemEnv env = new SystemEnv(Map.of("PATH", System.getenv("PATH")), dir.resolve("home"), Clock.systemUTC(), "t", "h");
        Optional<File> location = GitSystemConfig.location(env, dir.resolve("cache"));
        assertTrue(location.isPresent(), "git is on the PATH in this build");
        assertTrue(location.get().isAbsolute() && location.get().getName().equals("gitconfig"), location.toString());
    }
}
