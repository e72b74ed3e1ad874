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
        String output = run("examples/lineage-demo.sh");
        String doc = Files.readString(LauncherIT.ROOT.resolve("docs/lineage.md"));
        for (String line : new String[] {
                "Quality: 97.16% complete, 0% invalid, 0 duplicate row(s), 0 malformed row(s)",
                "  Change: size +3.9 KiB · +column observer (string) · rows +44 · completeness 99.21% -> 97.16%",
                "│   ├── penguins.csv  cee729c4  data",
                "month-2    metrics.json  0.5537       298   month-2"}) {
            assertTrue(output.contains(line), "the demo no longer prints: " + line + "\n" + output);
            assertTrue(doc.contains(line), "docs/lineage.md no longer shows: " + line);
        }
    }

    /** examples/penguins/README.md quotes the walkthrough's output: the figures must stay true. */
    @Test
    void penguinsWalkthroughPrintsWhatItsReadmeShows() throws Exception {
        String output = run("examples/penguins/walkthrough.sh");
        assertTrue(output.contains("Walkthrough finished: every step succeeded"), output);
        String readme = Files.readString(LauncherIT.ROOT.resolve("examples/penguins/README.md"));
        for (String line : new String[] {
                "evaluate: accuracy 0.9706 on 68 penguins",
                "metrics.json  accuracy          0.95    0.98       0.03",
                "data-v2    metrics.json  0.9851    67      1              0.9286            1              data-v2",
                "  Change: size -248 B · rows -6 · completeness 99.45% -> 100%",
                "restored its outputs from the run-cache, not running it."}) {
            assertTrue(output.contains(line), "the walkthrough no longer prints: " + line + "\n" + output);
            assertTrue(readme.contains(line), "examples/penguins/README.md no longer shows: " + line);
        }
    }
}
