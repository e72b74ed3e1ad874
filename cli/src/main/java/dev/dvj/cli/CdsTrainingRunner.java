package dev.dvj.cli;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Build-time only: runs the class-data training ({@code dev.dvj.cli.training.CdsTraining}, compiled
 * into {@code cli/target/cds-training}, outside the shipped jar) on top of this jar's classes.
 * The training classes come from a loader of their own, so the archive records only the jar's
 * classes, which dvj loads at run time, and the archive's class path stays the jar alone, as the
 * launcher's is (the JVM refuses an archive made with a longer one).
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=dvj.jsa -cp dvj.jar dev.dvj.cli.CdsTrainingRunner TRAINING_DIR [--strict]}
 */
public final class CdsTrainingRunner {
    private CdsTrainingRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: CdsTrainingRunner TRAINING_CLASSES_DIR [--strict]");
            System.exit(2);
        }
        URL classes = Path.of(args[0]).toUri().toURL();
        try (URLClassLoader training = new URLClassLoader(new URL[] {classes}, CdsTrainingRunner.class.getClassLoader())) {
            training.loadClass("dev.dvj.cli.training.CdsTraining").getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        }
    }
}
