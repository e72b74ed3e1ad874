package dev.dvj.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dvj install}'s hooks run by a real git binary: a branch checkout brings the matching data,
 * a commit runs dvj status after the hook that was there, a Git push sends the data first, and
 * {@code --uninstall} puts the old hook back. Through the packaged launcher, as a user runs it.
 */
class GitHooksIT {
    @TempDir
    Path dir;
    Path work;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(dir.resolve("home"));
        run("git", "init", "-q", "-b", "main");
        run("git", "config", "user.email", "ci@example.com");
        run("git", "config", "user.name", "CI");
        assertEquals(0, dvj("init").exit());
        assertEquals(0, dvj("remote", "add", "-d", "origin", "../store").exit());
        Files.writeString(work.resolve("data.txt"), "version 1\n");
        assertEquals(0, dvj("add", "data.txt").exit());
        assertEquals(0, dvj("commit", "-m", "v1").exit());
    }

    private Result dvj(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LauncherIT.ROOT.resolve("dvj").toString()));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    private Result run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().remove("DVJ_LAUNCHER"); // the launcher sets its own
        Process process = builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        return new Result(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    @Test
    void hooksBringDataAlongWithGitAndKeepTheHookThatWasThere() throws Exception {
        Path hooks = work.resolve(".git/hooks");
        Files.createDirectories(hooks);
        Path own = hooks.resolve("pre-commit");
        String ownScript = "#!/bin/sh\necho \"the user's own hook ran\" >> \"" + dir.resolve("own-hook.log") + "\"\n";
        Files.writeString(own, ownScript);
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result install = dvj("install");
        assertEquals(0, install.exit(), install.err());
        assertTrue(install.out().contains("installed the pre-commit hook; the one already there runs first"), install.out());
        assertEquals(ownScript, Files.readString(hooks.resolve("pre-commit.dvj-chained")));

        run("git", "checkout", "-q", "-b", "feature");
        Files.writeString(work.resolve("data.txt"), "version 2\n");
        assertEquals(0, dvj("add", "data.txt").exit());
        Result commit = run("git", "commit", "-q", "-m", "v2", "--", "data.txt.dvj");
        assertEquals(0, commit.exit(), commit.err());
        assertTrue(Files.readString(dir.resolve("own-hook.log")).contains("the user's own hook ran"), "the chained hook runs first");

        Result back = run("git", "checkout", "-q", "main");
        assertEquals(0, back.exit(), back.err());
        assertEquals("version 1\n", Files.readString(work.resolve("data.txt")), "post-checkout ran dvj checkout: " + back.err());
        run("git", "checkout", "-q", "feature");
        assertEquals("version 2\n", Files.readString(work.resolve("data.txt")));

        run("git", "init", "-q", "--bare", dir.resolve("origin.git").toString());
        run("git", "remote", "add", "origin", dir.resolve("origin.git").toString());
        assertFalse(Files.exists(dir.resolve("store")), "nothing pushed yet");
        Result push = run("git", "push", "-q", "origin", "feature");
        assertEquals(0, push.exit(), push.err());
        assertEquals(0, dvj("status", "-c").exit(), "pre-push sent the data before the commits");

        Result uninstall = dvj("install", "--uninstall");
        assertEquals(0, uninstall.exit(), uninstall.err());
        assertEquals(ownScript, Files.readString(own), "the user's hook is back");
        assertFalse(Files.exists(hooks.resolve("post-checkout")));
        assertFalse(Files.exists(hooks.resolve("pre-push")));
        try (Stream<Path> left = Files.list(hooks)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".dvj-chained")));
        }
    }

    @Test
    void aHooksPathOutsideTheRepositoryIsRefused() throws Exception {
        Path elsewhere = dir.resolve("shared-hooks");
        run("git", "config", "core.hooksPath", elsewhere.toString());
        Result install = dvj("install");
        assertEquals(ExitCodes.INVALID_INPUT, install.exit(), install.out());
        assertTrue(install.err().contains("core.hooksPath points outside this repository"), install.err());
        assertFalse(Files.exists(elsewhere), "nothing written outside the repository");

        run("git", "config", "core.hooksPath", ".githooks"); // inside the work tree: fine
        Result inside = dvj("install");
        assertEquals(0, inside.exit(), inside.err());
        assertTrue(Files.isExecutable(work.resolve(".githooks/post-checkout")));
    }
}
