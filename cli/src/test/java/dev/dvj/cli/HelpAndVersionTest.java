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
    void completionScriptCoversEveryCommandAndIsValidBash() throws Exception {
        Cli.Run run = cli().runRaw("completion", "bash");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("complete -F"), run.out());
        for (String word : new String[] {"push", "pull", "gc", "remote", "completion", "--all-commits", "--dry-run"}) {
            assertTrue(run.out().contains(word), word + " missing from the completion script");
        }
        assertEquals(run.out(), cli().runRaw("completion", "zsh").out(), "one script serves both shells");
        java.nio.file.Path script = java.nio.file.Files.writeString(dir.resolve("dvj-completion.bash"), run.out());
        Process check = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertEquals(0, check.waitFor(), output);

        String complete = "source " + script + "; COMP_WORDS=(dvj pu); COMP_CWORD=1; _complete_dvj dvj pu dvj 2>/dev/null;"
                + " echo \"${COMPREPLY[@]}\"";
        Process tab = new ProcessBuilder("bash", "-c", complete).redirectErrorStream(true).start();
        String offered = new String(tab.getInputStream().readAllBytes()).strip();
        assertEquals(0, tab.waitFor(), offered);
        assertEquals("push pull", offered);
    }

    @Test
    void completionRefusesAnUnknownShell() {
        Cli.Run run = cli().runRaw("completion", "fish");
        assertEquals(ExitCodes.INVALID_INPUT, run.exit());
        assertTrue(run.err().startsWith("dvj: error: Invalid value for positional parameter"), run.err());
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        Cli.Run run = cli().runRaw("status", "--bogus");
        assertEquals(ExitCodes.INVALID_INPUT, run.exit());
        assertTrue(run.err().startsWith("dvj: error: Unknown option: '--bogus'"), run.err());
    }
}
