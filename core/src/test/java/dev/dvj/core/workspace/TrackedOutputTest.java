package dev.dvj.core.workspace;

import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A directory narrowed to paths inside it selects exactly the entries at or below them. */
class TrackedOutputTest {
    private static final Manifest MANIFEST = manifest("a.txt", "p", "p-x/1", "p.txt", "p/a", "p/b/c", "pq/d", "z/p/e");

    private static Manifest manifest(String... paths) {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String path : paths) {
            entries.add(new ManifestEntry(path, Hashing.ofBytes(path.getBytes(StandardCharsets.UTF_8), false), 1, false));
        }
        return Manifest.ofScanned(entries);
    }

    private static TrackedOutput dir() {
        return new TrackedOutput("d.dvj", "d", new Pointer("d", HashAlgorithm.SHA256, MANIFEST.id(), 8L, 8, null, null));
    }

    private static List<String> paths(List<ManifestEntry> entries) {
        return entries.stream().map(ManifestEntry::path).toList();
    }

    @Test
    void aPathSelectsItselfAndWhatIsBelowItButNotItsNeighbours() {
        assertEquals(List.of("p", "p/a", "p/b/c"), paths(dir().narrowedTo("p").entriesIn(MANIFEST)),
                "'p-x/1', 'p.txt' and 'pq/d' sort between or after but are not inside p");
        assertEquals(List.of("p/b/c"), paths(dir().narrowedTo("p/b").entriesIn(MANIFEST)));
        assertEquals(List.of("a.txt", "p/a"), paths(dir().narrowedTo("p/a").narrowedTo("a.txt").entriesIn(MANIFEST)),
                "several paths come back in manifest order, each once");
        assertEquals(List.of("nothing"), dir().narrowedTo("p/a").narrowedTo("nothing").absentFrom(MANIFEST));
        assertEquals(MANIFEST.entries(), dir().entriesIn(MANIFEST));
    }

    @Test
    void theWholeWinsWhenSelectionsOfOneOutputMeet() {
        assertNull(dir().narrowedTo("p").union(dir()).within());
        assertEquals(List.of("p", "z"), dir().narrowedTo("p").union(dir().narrowedTo("z")).within());
    }
}
