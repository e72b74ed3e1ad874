package dev.dvj.core.tree;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestTest {
    static final ObjectId HELLO = ObjectId.parse("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    static final ObjectId EMPTY = ObjectId.parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /** The test vector published in docs/formats.md. */
    @Test
    void canonicalFormMatchesThePublishedTestVector() {
        Manifest manifest = Manifest.of(List.of(
                new ManifestEntry("b/c.txt", EMPTY, 0, true),
                new ManifestEntry("a.txt", HELLO, 6, false)));
        String expected = "[\n"
                + "{\"path\":\"a.txt\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6},\n"
                + "{\"path\":\"b/c.txt\",\"oid\":\"" + EMPTY.hex() + "\",\"size\":0,\"exec\":true}\n"
                + "]\n";
        assertEquals(expected, new String(manifest.flatBytes(), StandardCharsets.UTF_8));
        assertEquals("97d75a1c4de72ffd6a62740cfebca85675d75c6c91534d2208843e1a42904060.dir", manifest.id().toString());
    }

    @Test
    void entriesAreSortedByUtf8BytesNotUtf16Units() {
        // U+FF5E (3 UTF-8 bytes, one UTF-16 unit) sorts before U+1F600 (4 bytes, a surrogate pair).
        Manifest manifest = Manifest.of(List.of(
                new ManifestEntry("\uD83D\uDE00", HELLO, 6, false),
                new ManifestEntry("\uFF5E", HELLO, 6, false),
                new ManifestEntry("a/b", HELLO, 6, false),
                new ManifestEntry("a.b", HELLO, 6, false)));
        List<String> order = manifest.entries().stream().map(ManifestEntry::path).toList();
        assertEquals(List.of("a.b", "a/b", "\uFF5E", "\uD83D\uDE00"), order);
    }

    @Test
    void roundTripsThroughItsBytes() {
        Manifest manifest = Manifest.of(List.of(
                new ManifestEntry("quote\"s", HELLO, 6, false),
                new ManifestEntry("tab\there", EMPTY, 0, true)));
        Manifest parsed = Manifest.parse(manifest.flatBytes(), "test");
        assertEquals(manifest.entries(), parsed.entries());
        assertEquals(manifest.id(), parsed.id());
    }

    @Test
    void emptyDirectoryHasAStableId() {
        assertEquals("[\n]\n", new String(Manifest.of(List.of()).flatBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void entriesEscapingTheDirectoryAreRefused() {
        // Backslashes and drive letters traverse on Windows: "..\\escape" is "../escape" there.
        for (String bad : List.of("../evil", "a/../../evil", "/etc/passwd", "a//b", "./a", "", "a/", "a/.", "a/..", "..",
                "..\\escape", "a\\..\\..\\evil", "name\\with", "C:/Windows/x", "c:evil")) {
            String json = "[{\"path\":" + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(bad)
                    + ",\"oid\":\"" + HELLO.hex() + "\",\"size\":6}]";
            DvjException e = assertThrows(DvjException.class,
                    () -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8), "m.dir"), bad);
            assertTrue(e.getMessage().contains("m.dir"), e.getMessage());
        }
    }

    @Test
    void duplicateAndMalformedEntriesAreRefused() {
        String dup = "[{\"path\":\"a\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6},"
                + "{\"path\":\"a\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6}]";
        assertThrows(DvjException.class, () -> Manifest.parse(dup.getBytes(StandardCharsets.UTF_8), "m"));
        assertThrows(DvjException.class, () -> Manifest.parse("{not json".getBytes(StandardCharsets.UTF_8), "m"));
        assertThrows(DvjException.class, () -> Manifest.parse("[{\"path\":\"a\",\"oid\":\"zz\",\"size\":1}]"
                .getBytes(StandardCharsets.UTF_8), "m"));
    }

    @Test
    void malformedEntriesNameTheLineAndTruncatedOrNonArrayManifestsAreRefused() {
        String missingSize = "[\n{\"path\":\"a\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6},\n{\"path\":\"b\",\"oid\":\""
                + HELLO.hex() + "\"}\n]\n";
        DvjException e = assertThrows(DvjException.class,
                () -> Manifest.parse(missingSize.getBytes(StandardCharsets.UTF_8), "m.dir"));
        assertTrue(e.getMessage().contains("m.dir has a malformed entry at line 3"), e.getMessage());
        for (String bad : List.of("{}", "[\"a\"]", "[{\"path\":\"a\",\"oid\":\"" + HELLO.hex() + "\",\"size\":-1}]",
                "[{\"path\":\"a\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6}", "")) {
            assertThrows(DvjException.class, () -> Manifest.parse(bad.getBytes(StandardCharsets.UTF_8), "m"), bad);
        }
    }

    @Test
    void dotsInsideNamesAreFineAndUnsortedManifestsAreSortedAndCheckedForDuplicates() {
        String json = "[{\"path\":\"b/..x\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6},"
                + "{\"path\":\".a/.b\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6}]";
        assertEquals(List.of(".a/.b", "b/..x"), Manifest.parse(json.getBytes(StandardCharsets.UTF_8), "m").entries()
                .stream().map(ManifestEntry::path).toList());
        String unsortedDuplicate = "[{\"path\":\"b\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6},"
                + "{\"path\":\"a\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6},"
                + "{\"path\":\"b\",\"oid\":\"" + HELLO.hex() + "\",\"size\":6}]";
        assertThrows(DvjException.class, () -> Manifest.parse(unsortedDuplicate.getBytes(StandardCharsets.UTF_8), "m"));
    }

    @Test
    void unknownFieldsAreSkippedForLaterVersions() {
        String json = "[{\"path\":\"a\",\"mtime\":{\"s\":1},\"oid\":\"" + HELLO.hex() + "\",\"size\":6}]";
        assertEquals(List.of(new ManifestEntry("a", HELLO, 6, false)),
                Manifest.parse(json.getBytes(StandardCharsets.UTF_8), "m").entries());
    }
}
