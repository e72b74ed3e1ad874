package dev.dvj.cli;

import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpAndVersionTest {
    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir, TestRepo.env(dir));
    }

    @Test
    void versionNamesDvjAndJava() {
        Cli.Run run = cli().runRaw("--version");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("dvj "), run.out());
        assertTrue(run.out().contains("Java "), run.out());
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli.Run run = cli().runRaw("--help");
        assertEquals(0, run.exit());
        for (String command : new String[] {"init", "add", "status", "commit", "checkout", "diff", "ls", "rm", "mv", "remote", "push", "fetch", "pull"}) {
            assertTrue(run.out().contains("  " + command), command + " missing from:\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes"));
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"init", "add", "status", "commit", "checkout", "diff", "ls", "rm", "mv", "remote", "push", "fetch", "pull"}) {
            Cli.Run run = cli().runRaw(command, "--help");
            assertEquals(0, run.exit(), command);
            assertTrue(run.out().contains("Usage: dvj " + command), run.out());
        }
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        Cli.Run run = cli().runRaw("status", "--bogus");
        assertEquals(ExitCodes.INVALID_INPUT, run.exit());
        assertTrue(run.err().startsWith("dvj: error: Unknown option: '--bogus'"), run.err());
    }
}
