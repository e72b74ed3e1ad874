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

    /** Issue #25: the command list shows each summary whole, and every command's help has examples. */
    @Test
    void everyCommandSummaryIsOneWholeSentenceAndItsHelpShowsExamples() {
        picocli.CommandLine cli = CliFactory.create(TestRepo.env(dir), new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), new String[] {"--help"});
        for (String name : DvjCommand.SUBCOMMANDS) {
            picocli.CommandLine.Model.UsageMessageSpec usage = cli.getSubcommands().get(name).getCommandSpec().usageMessage();
            String summary = usage.description()[0];
            assertTrue(summary.endsWith(".") && Character.isUpperCase(summary.charAt(0)), name + ": '" + summary + "'");
            assertTrue(String.join("\n", usage.footer()).contains("Examples:\n  dvj " + name), name + " has no examples");
            assertEveryArgumentIsDescribed(cli.getSubcommands().get(name));
        }
        Cli.Run help = cli().runRaw("--help");
        assertTrue(help.out().contains("  status      Compare tracked data with its pointers.\n"), help.out());
    }

    private static void assertEveryArgumentIsDescribed(picocli.CommandLine command) {
        for (picocli.CommandLine.Model.PositionalParamSpec positional : command.getCommandSpec().positionalParameters()) {
            assertTrue(positional.description().length > 0, command.getCommandSpec().qualifiedName() + " " + positional.paramLabel());
        }
        command.getSubcommands().values().forEach(HelpAndVersionTest::assertEveryArgumentIsDescribed);
    }

    @Test
    void aMistypedCommandOrOptionGetsTheMostSimilarOnesInGitsWords() {
        Cli.Run typo = cli().runRaw("sttaus");
        assertEquals(ExitCodes.INVALID_INPUT, typo.exit());
        assertTrue(typo.err().startsWith("dvj: 'sttaus' is not a dvj command. See 'dvj --help'.\n\nThe most similar command"), typo.err());
        assertTrue(typo.err().contains("\n\tstatus\n"), typo.err());

        Cli.Run sub = cli().runRaw("remote", "lst");
        assertEquals(ExitCodes.INVALID_INPUT, sub.exit());
        assertTrue(sub.err().startsWith("dvj: 'lst' is not a dvj remote command. See 'dvj remote --help'."), sub.err());
        assertTrue(sub.err().contains("\tlist\n"), sub.err());

        Cli.Run option = cli().runRaw("status", "--jsn");
        assertEquals(ExitCodes.INVALID_INPUT, option.exit());
        assertTrue(option.err().startsWith("dvj: error: unknown option '--jsn'. See 'dvj status --help'."), option.err());
        assertTrue(option.err().contains("\t--json\n"), option.err());
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
