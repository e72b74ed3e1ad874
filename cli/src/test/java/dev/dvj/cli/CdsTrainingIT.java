package dev.dvj.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data training must really run the remote commands: a failing step only prints a line
 * at build time, and the cost would show up as slower S3 commands, not as an error. It runs as the
 * build runs it, from outside the shipped jar, which must not hold it.
 */
class CdsTrainingIT {
    private static final Path ROOT = Path.of(System.getProperty("dvj.root", ".")).toAbsolutePath();

    @Test
    void theTrainingRunsEveryStepFromOutsideTheJar() throws Exception {
        Path jar = ROOT.resolve("cli/target/dvj.jar");
        Path training = ROOT.resolve("cli/target/cds-training");
        assertTrue(Files.isDirectory(training.resolve("dev/dvj/cli/training")), "compiled by the package phase");
        try (java.util.zip.ZipFile shipped = new java.util.zip.ZipFile(jar.toFile())) {
            assertFalse(shipped.stream().anyMatch(e -> e.getName().startsWith("dev/dvj/cli/training/")),
                    "the training and its S3 stub are build tools, not part of the jar");
        }
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), "dev.dvj.cli.CdsTrainingRunner", training.toString(), "--strict")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), err);
        assertEquals("", err, "no step failed");
    }
}
