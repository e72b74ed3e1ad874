package dev.dvj.core.io;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepositoryLockTest {

    @Test
    void aSecondWriterIsRefusedWhileTheLockIsHeldAndAdmittedAfter(@TempDir Path dir) {
        Path file = dir.resolve("lock");
        try (RepositoryLock first = RepositoryLock.acquire(file)) {
            DvjException e = assertThrows(DvjException.class, () -> RepositoryLock.acquire(file));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        RepositoryLock.acquire(file).close();
    }
}
