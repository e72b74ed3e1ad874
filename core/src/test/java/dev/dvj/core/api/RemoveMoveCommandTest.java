package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoveMoveCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("raw/data.csv", "x\n");
        repo.write("raw/keep.csv", "k\n");
        repo.add("raw/data.csv", "raw/keep.csv");
        repo.commit("v1");
    }

    @Test
    void rmStopsTrackingButKeepsTheDataUnlessPurged() throws Exception {
        try (Repository r = repo.open()) {
            new RemoveCommand(r).run(List.of(repo.path("raw/data.csv.dvj")), false);
        }
        assertFalse(Files.exists(repo.path("raw/data.csv.dvj")));
        assertTrue(Files.exists(repo.path("raw/data.csv")));
        assertEquals("/keep.csv\n", repo.read("raw/.gitignore"));
        assertFalse(repo.staged("raw/data.csv.dvj"));
        try (Repository r = repo.open()) {
            new RemoveCommand(r).run(List.of(repo.path("raw/keep.csv")), true);
        }
        assertFalse(Files.exists(repo.path("raw/keep.csv")));
        assertFalse(Files.exists(repo.path("raw/.gitignore")));
    }

    @Test
    void mvMovesDataAndPointerTogetherAndFixesGitignore() throws Exception {
        Files.createDirectories(repo.path("archive"));
        try (Repository r = repo.open()) {
            MoveCommand.Result result = new MoveCommand(r).run(repo.path("raw/data.csv"), repo.path("archive"));
            assertEquals("archive/data.csv", result.to());
        }
        assertEquals("x\n", repo.read("archive/data.csv"));
        assertTrue(repo.read("archive/data.csv.dvj").startsWith("path: data.csv\n"));
        assertEquals("/data.csv\n", repo.read("archive/.gitignore"));
        assertEquals("/keep.csv\n", repo.read("raw/.gitignore"));
        assertTrue(repo.staged("archive/data.csv.dvj"));
        assertFalse(repo.staged("raw/data.csv.dvj"));
        try (Repository r = repo.open()) {
            assertTrue(new StatusCommand(r).run(List.of()).clean());
            new MoveCommand(r).run(repo.path("archive/data.csv.dvj"), repo.path("archive/renamed.csv"));
        }
        assertTrue(repo.read("archive/renamed.csv.dvj").startsWith("path: renamed.csv\n"));
    }

    @Test
    void mvRefusesToOverwrite() {
        assertThrows(DvjException.class, () -> {
            try (Repository r = repo.open()) {
                new MoveCommand(r).run(repo.path("raw/data.csv"), repo.path("raw/keep.csv"));
            }
        });
        assertTrue(Files.exists(repo.path("raw/data.csv.dvj")));
    }
}
