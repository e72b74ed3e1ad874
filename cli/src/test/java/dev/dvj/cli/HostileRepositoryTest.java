package dev.dvj.cli;

import dev.dvj.core.io.FileTrees;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository made by someone else, cloned with plain {@code git}: whatever it commits (symbolic
 * links included), {@code dvj pull} writes and deletes nothing outside the clone.
 */
class HostileRepositoryTest {
    @TempDir
    Path dir;
    TestRepo attacker;
    Cli attackerCli;
    Path victimSsh;

    @BeforeEach
    void setUp() throws Exception {
        attacker = TestRepo.gitOnly(dir.resolve("attacker"));
        attackerCli = new Cli(attacker.root, attacker.env);
        attackerCli.run("init");
        attackerCli.run("remote", "add", "-d", "origin", dir.resolve("store").toString());
        victimSsh = Files.createDirectories(dir.resolve("victim-home/.ssh"));
        Files.writeString(victimSsh.resolve("authorized_keys"), "ssh-ed25519 VICTIM\n");
        Files.writeString(victimSsh.resolve("config"), "Host *\n");
    }

    /** Runs the git binary in {@code workTree} with a home folder of its own (no user config). */
    private void git(Path workTree, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Attacker", "-c", "user.email=a@example.com",
                "-c", "commit.gpgsign=false", "-c", "core.symlinks=true"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workTree.toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", dir.resolve("git-home").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "git " + String.join(" ", args) + " timed out");
        assertEquals(0, process.exitValue(), "git " + String.join(" ", args) + ":\n" + output);
    }

    /**
     * The attacker tracks and pushes {@code data} honestly, then replaces {@code path} with a link
     * to the victim's .ssh and commits the link to Git (force-added past the .gitignore line).
     */
    private void pushDataThenCommitALinkAt(String path) throws Exception {
        attackerCli.run("add", "data");
        attackerCli.run("commit", "-m", "data");
        assertEquals(0, attackerCli.run("push").exit());
        FileTrees.delete(attacker.path(path));
        Files.createSymbolicLink(attacker.path(path), victimSsh);
        git(attacker.root, "add", "-f", path);
        git(attacker.root, "commit", "-q", "-m", "a link at " + path);
    }

    private Cli cloneAsVictim() throws Exception {
        git(dir, "clone", "-q", attacker.root.toString(), "victim");
        Path clone = dir.resolve("victim");
        return new Cli(clone, TestRepo.env(Files.createDirectories(dir.resolve("victim-env"))));
    }

    @Test
    void pullDoesNotWriteThroughALinkCommittedInsideATrackedDirectory() throws Exception {
        attacker.write("data/sub/authorized_keys", "ssh-ed25519 ATTACKER\n");
        attacker.write("data/readme.txt", "hello");
        pushDataThenCommitALinkAt("data/sub");

        Cli victim = cloneAsVictim();
        assertTrue(Files.isSymbolicLink(dir.resolve("victim/data/sub")), "git made the link in the clone");
        for (String[] pull : List.of(new String[] {"pull"}, new String[] {"pull", "-f"})) {
            Cli.Run run = victim.run(pull);
            assertEquals(ExitCodes.INVALID_INPUT, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("'data/sub', a symbolic link to " + victimSsh), run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }
        assertEquals("ssh-ed25519 VICTIM\n", Files.readString(victimSsh.resolve("authorized_keys")));
        try (var files = Files.list(victimSsh)) {
            assertEquals(2, files.count(), "nothing added to the link's target");
        }
    }

    @Test
    void forcedPullDoesNotDeleteThroughATrackedDirectoryCommittedAsALink() throws Exception {
        attacker.write("data/authorized_keys", "ssh-ed25519 ATTACKER\n");
        pushDataThenCommitALinkAt("data");

        Cli victim = cloneAsVictim();
        Cli.Run run = victim.run("pull", "-f");
        assertEquals(ExitCodes.INVALID_INPUT, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("'data', a symbolic link"), run.err());
        assertEquals("ssh-ed25519 VICTIM\n", Files.readString(victimSsh.resolve("authorized_keys")));
        assertEquals("Host *\n", Files.readString(victimSsh.resolve("config")), "a file the manifest lacks is not deleted");
    }

    @Test
    void aRemoteNameThatClimbsOutOfTheRepositoryKeepsItsPackIndexesInside() throws Exception {
        for (int i = 0; i < 20; i++) {
            attacker.write("data/f" + i + ".txt", "file " + i);
        }
        attackerCli.run("add", "data");
        // A hand-written configuration: the remote's name, an absolute path, would lead out of
        // .dvj/tmp/pack-indexes (a name with '..' cannot even be looked up: dots split keys).
        String escaped = dir.resolve("escaped").toString();
        String config = attacker.read(".dvj/config.yaml");
        Files.writeString(attacker.path(".dvj/config.yaml"), config.replace("origin", "'" + escaped + "'"));
        Cli.Run push = attackerCli.run("push");
        assertEquals(0, push.exit(), push.err() + "\n" + attacker.read(".dvj/config.yaml"));
        assertEquals(0, attackerCli.run("status", "-c").exit(), "reads the pack indexes back through the local copies");
        assertFalse(Files.exists(dir.resolve("escaped")), "nothing outside the repository");
        try (var kept = Files.list(attacker.path(".dvj/tmp/pack-indexes"))) {
            assertEquals(1, kept.count(), "one folder, named by the remote name's hash");
        }
    }
}
