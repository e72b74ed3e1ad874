package dev.dvj.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's run command must keep working: the docs cannot rot. */
class QuickstartIT {

    private static String run(String example) throws Exception {
        Path script = LauncherIT.ROOT.resolve(example);
        Path log = Files.createTempFile("example", ".log");
        Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), example + " timed out");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        Files.delete(log);
        return output;
    }

    @Test
    void quickstartRunsEndToEnd() throws Exception {
        String output = run("examples/quickstart.sh");
        assertTrue(output.contains("Quickstart finished: every step succeeded."), output);
    }

    /** docs/lineage.md shows this script's output: the figures it quotes must stay true. */
    @Test
    void lineageDemoPrintsWhatDocsLineageShows() throws Exception {
        assertQuoted(run("examples/lineage-demo.sh"), "docs/lineage.md",
                "Quality: 97.16% complete, 0% invalid, 0 duplicate row(s), 0 malformed row(s)",
                "  Change: size +3.9 KiB · +column observer (string) · rows +44 · completeness 99.21% -> 97.16%",
                "│   ├── penguins.csv  cee729c4  data",
                "month-2    metrics.json  0.5537       298   month-2");
    }

    /** Each line is both in what the example printed and in the document that quotes it. */
    private static void assertQuoted(String output, String document, String... lines) throws Exception {
        String doc = Files.readString(LauncherIT.ROOT.resolve(document));
        for (String line : lines) {
            assertTrue(output.contains(line), "the example no longer prints: " + line + "\n" + output);
            assertTrue(doc.contains(line), document + " no longer shows: " + line);
        }
    }

    /** docs/validation.md shows the drift demo's output: the figures it quotes must stay true. */
    @Test
    void driftDemoPrintsWhatDocsValidationShows() throws Exception {
        String output = run("examples/drift-demo.sh");
        assertTrue(output.contains("Drift demo finished"), output);
        assertQuoted(output, "docs/validation.md",
                "body_mass_g        numeric      114    4213.1579  834.5963  2700",
                "species            categorical  114    -          -         -     -     -     -     -     3         Adelie (50)",
                "body_mass_g        numeric      jensen-shannon  0.1437    0.1        DRIFT",
                "1 of 8 column(s) drifted.",
                "sex      new-value       values not in the schema: 'FEMALE' (58), 'MALE' (62)",
                "(table)  duplicate-rows  12 duplicate row(s), at most 0 allowed");
    }

    /** examples/penguins/README.md quotes the walkthrough's output: the figures must stay true. */
    @Test
    void penguinsWalkthroughPrintsWhatItsReadmeShows() throws Exception {
        String output = run("examples/penguins/walkthrough.sh");
        assertTrue(output.contains("Walkthrough finished: every step succeeded"), output);
        assertQuoted(output, "examples/penguins/README.md",
                "evaluate: accuracy 0.9706 on 68 penguins",
                "metrics.json  accuracy          0.95    0.98       0.03",
                "data-v2    metrics.json  0.9851    67      1              0.9286            1              data-v2",
                "  Change: size -248 B · rows -6 · completeness 99.45% -> 100%",
                "restored its outputs from the run-cache, not running it.",
                "success  0.99      1              0.9565            7              200           0.5       data-v3",
                "Applied experiment grid-7: dvj.lock, metrics.json, params.yaml.");
    }

    /**
     * The README's tour runs as written in an empty folder with dvj on the PATH: every command
     * succeeds except 'dvj status', whose exit code 1 the tour announces.
     */
    @Test
    void readmeTourRunsAsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String readme = Files.readString(LauncherIT.ROOT.resolve("README.md"));
        int start = readme.indexOf("```sh", readme.indexOf("## A tour"));
        String tour = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 5));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Tour\n\temail = tour@example.com\n"
                + "[init]\n\tdefaultBranch = main\n");
        Files.writeString(dir.resolve("tour.sh"), tour);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "trap 'echo \"FAILED $? : $BASH_COMMAND\"' ERR; source ../tour.sh")
                .directory(Files.createDirectories(dir.resolve("work")).toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("PATH", LauncherIT.ROOT + java.io.File.pathSeparator + System.getenv("PATH"));
        Path log = dir.resolve("tour.log");
        Process process = builder.redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the tour timed out");
        String output = Files.readString(log);
        assertEquals(java.util.List.of("FAILED 1 : dvj status"),
                output.lines().filter(l -> l.startsWith("FAILED")).toList(), output);
        assertTrue(output.contains("params.yaml  train.top  10    20"), output);
        assertTrue(output.contains("model.txt  ") && output.contains("params: params.yaml:train.top=20"), output);
    }
}
