package dev.dvj.core.api;

import dev.dvj.core.api.DiffCommand.Change;
import dev.dvj.core.api.DiffCommand.Entry;
import dev.dvj.core.testing.TestRepo;
import dev.dvj.core.workspace.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        repo.write("data.csv", "v1\n");
        repo.write("images/a.txt", "a1");
        repo.write("images/b.txt", "b1");
        repo.add("data.csv", "images");
        repo.commit("v1");
    }

    private Map<String, Entry> diff(String a, String b) {
        try (Repository r = repo.open()) {
            return new DiffCommand(r).run(a, b).entries().stream().collect(Collectors.toMap(Entry::path, e -> e));
        }
    }

    @Test
    void beforeTheFirstCommitEverythingIsAdded() throws Exception {
        TestRepo fresh = TestRepo.create(dir.resolve("fresh"));
        fresh.write("data.csv", "v1\n");
        fresh.add("data.csv");
        try (Repository r = fresh.open()) {
            List<Entry> entries = new DiffCommand(r).run(null, null).entries();
            assertEquals(List.of("data.csv"), entries.stream().map(Entry::path).toList());
            assertEquals("added", entries.get(0).change().toString().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void aCleanWorkspaceHasNoDifferences() {
        assertTrue(diff(null, null).isEmpty());
    }

    @Test
    void comparesHeadWithTheWorkspaceDownToFilesWithSizes() throws Exception {
        repo.write("images/a.txt", "a1 changed");
        Files.delete(repo.path("images/b.txt"));
        repo.write("images/c.txt", "c");
        repo.write("extra.bin", "12345");
        repo.add("extra.bin");
        Map<String, Entry> entries = diff(null, null);
        assertEquals(Change.MODIFIED, entries.get("images/").change());
        assertEquals(Change.MODIFIED, entries.get("images/a.txt").change());
        assertEquals(2L, entries.get("images/a.txt").oldSize());
        assertEquals(10L, entries.get("images/a.txt").newSize());
        assertEquals(Change.DELETED, entries.get("images/b.txt").change());
        assertEquals(Change.ADDED, entries.get("images/c.txt").change());
        assertEquals(Change.ADDED, entries.get("extra.bin").change());
        assertEquals(5L, entries.get("extra.bin").newSize());
        assertEquals(5, entries.size());
    }

    @Test
    void comparesTwoRevisions() throws Exception {
        repo.write("data.csv", "v2!\n");
        repo.commit("v2");
        Map<String, Entry> entries = diff("HEAD~1", "HEAD");
        assertEquals(1, entries.size());
        assertEquals(Change.MODIFIED, entries.get("data.csv").change());
        assertEquals(Change.MODIFIED, diff("HEAD", "HEAD~1").get("data.csv").change());
    }
}
