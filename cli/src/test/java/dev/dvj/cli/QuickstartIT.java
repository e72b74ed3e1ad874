package dev.dvj.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's run command must keep working: the docs cannot rot. */
class QuickstartIT {

    @Test
    void quickstartRunsEndToEnd() throws Exception {
        Path script = LauncherIT.ROOT.resolve("examples/quickstart.sh");
        Path log = Files.createTempFile("quickstart", ".log");
        Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "quickstart timed out");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Quickstart finished: every step succeeded."), output);
        Files.delete(log);
    }
}
