package dev.dvj.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data training must really run the remote commands: a failing step only prints a line
 * at build time, and the cost would show up as slower S3 commands, not as an error.
 */
class CdsTrainingTest {
    @TempDir
    Path dir;

    @Test
    void theRemoteStepsPushToAndPullFromTheTrainingStore() throws Exception {
        Path work = CdsTraining.trainLocal(dir);
        try (TrainingObjectStore store = TrainingObjectStore.start()) {
            List<String> failed = CdsTraining.trainRemotes(work, store, dir.resolve("remote"));

            assertEquals(List.of(), failed);
            // data.csv, the images manifest and its one file, under the remote's prefix.
            assertEquals(3, store.objectCount());
            assertTrue(store.requests() > 10, "requests: " + store.requests());
        }
        // The pull into an emptied cache and workspace brought the first commit's data back.
        assertEquals("a,b\n1,2\n", Files.readString(work.resolve("data.csv")));
        assertEquals("1", Files.readString(work.resolve("images/one.txt")));
        assertTrue(Files.isDirectory(dir.resolve("remote/sha256")), "the local-directory remote was pushed to");
    }
}
