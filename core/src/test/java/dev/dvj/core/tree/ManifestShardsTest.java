package dev.dvj.core.tree;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestShardsTest {
    static final ObjectId EMPTY = ManifestTest.EMPTY;
    static final ObjectId HELLO = ManifestTest.HELLO;

    /** {@code count} empty files named d/00000.txt, d/00001.txt, ...: the published test vector's tree. */
    static List<ManifestEntry> emptyFiles(int count) {
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new ManifestEntry(String.format("d/%05d.txt", i), EMPTY, 0, false));
        }
        return entries;
    }

    /** Every object a manifest stores, by id, as a store would keep them. */
    static Map<ObjectId, byte[]> stored(Manifest manifest) throws Exception {
        Map<ObjectId, byte[]> objects = new HashMap<>();
        manifest.store((bytes, directory) -> {
            ObjectId id = Hashing.ofBytes(bytes, directory);
            objects.put(id, bytes);
            return id;
        });
        return objects;
    }

    /** The test vector published in docs/formats.md, "Sharded manifests". */
    @Test
    void shardedFormMatchesThePublishedTestVector() throws Exception {
        Manifest manifest = Manifest.of(emptyFiles(10_000));
        assertTrue(manifest.sharded());
        List<ManifestShards.Ref> shards = manifest.shards();
        assertEquals(List.of("d/00000.txt", "d/06602.txt", "d/08052.txt", "d/09351.txt"),
                shards.stream().map(ManifestShards.Ref::first).toList());
        assertEquals(List.of(6602, 1450, 1299, 649), shards.stream().map(ManifestShards.Ref::nfiles).toList());
        ManifestShards.Ref first = shards.get(0);
        assertEquals(new String(Manifest.of(emptyFiles(6602)).flatBytes(), StandardCharsets.UTF_8),
                new String(stored(manifest).get(first.oid()), StandardCharsets.UTF_8));
        String root = new String(stored(manifest).get(manifest.id()), StandardCharsets.UTF_8);
        assertTrue(root.startsWith("{\"shards\":[\n{\"first\":\"d/00000.txt\",\"oid\":\"" + first.oid().hex()
                + "\",\"size\":" + first.size() + ",\"nfiles\":6602},\n"), root);
        assertTrue(root.endsWith("\"nfiles\":649}\n]}\n"), root);
        assertEquals("c9c665a01e8871cf4d83aed16b3dc403d473dad37cc128fe7d904ced4943ea46.dir", manifest.id().toString());
    }

    @Test
    void theCutFollowsFnv1aOfThePath() {
        assertEquals(0xcbf29ce484222325L, ManifestShards.fnv1a64(new byte[0]));
        assertEquals(0xaf63dc4c8601ec8cL, ManifestShards.fnv1a64("a".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ManifestShards.endsShard("d/06601.txt"));
        assertFalse(ManifestShards.endsShard("d/06602.txt"));
    }

    @Test
    void directoriesUpToTheThresholdKeepTheFlatListing() throws Exception {
        Manifest manifest = Manifest.of(emptyFiles(ManifestShards.SHARD_ABOVE));
        assertFalse(manifest.sharded());
        assertEquals(List.of(), manifest.shards());
        assertEquals(Hashing.ofBytes(manifest.flatBytes(), true), manifest.id());
        assertEquals(1, stored(manifest).size());
    }

    @Test
    void changingOneFileRewritesOneShard() {
        List<ManifestEntry> files = emptyFiles(20_000);
        Manifest before = Manifest.of(files);
        List<ManifestEntry> changed = new ArrayList<>(files);
        changed.set(12_345, new ManifestEntry("d/12345.txt", HELLO, 6, false));
        Manifest after = Manifest.of(changed);
        assertNotEquals(before.id(), after.id());
        assertEquals(1, differentShards(before, after));
    }

    @Test
    void addingOrRemovingAFileRewritesAtMostTwoShards() {
        List<ManifestEntry> files = emptyFiles(20_000);
        Manifest before = Manifest.of(files);
        List<ManifestEntry> added = new ArrayList<>(files);
        added.add(new ManifestEntry("d/07000.txt.new", HELLO, 6, false));
        assertTrue(differentShards(before, Manifest.of(added)) <= 2);
        for (int removed : new int[]{0, 6601, 6602, 19_999}) { // a first path, a cut path, the last one
            List<ManifestEntry> fewer = new ArrayList<>(files);
            fewer.remove(removed);
            assertTrue(differentShards(before, Manifest.of(fewer)) <= 2, "removing " + removed);
        }
    }

    /** How many shards of {@code after} are not shards of {@code before}. */
    private static int differentShards(Manifest before, Manifest after) {
        Set<ObjectId> old = new HashSet<>();
        before.shards().forEach(s -> old.add(s.oid()));
        return (int) after.shards().stream().filter(s -> !old.contains(s.oid())).count();
    }

    @Test
    void readsBackFromItsRootAndShards() throws Exception {
        Manifest manifest = Manifest.of(emptyFiles(10_000));
        Map<ObjectId, byte[]> objects = stored(manifest);
        assertEquals(manifest.shards().size() + 1, objects.size());
        Manifest read = Manifest.read(objects.get(manifest.id()), "test", shard -> objects.get(shard.oid()));
        assertEquals(manifest.entries(), read.entries());
        assertEquals(manifest.shards(), read.shards());
        assertEquals(manifest.id(), read.id());
        assertEquals(manifest.shards(), Manifest.shardsOf(objects.get(manifest.id()), "test"));
    }

    @Test
    void aDirectoryRecordedAsOneFlatListingIsTheSameContent() {
        Manifest manifest = Manifest.of(emptyFiles(10_000));
        ObjectId flat = Hashing.ofBytes(manifest.flatBytes(), true);
        assertEquals(flat, manifest.flatId());
        assertTrue(manifest.hasId(flat));
        assertTrue(manifest.hasId(manifest.id()));
        // Read back from the older flat object, it stands on no shards.
        Manifest legacy = Manifest.read(manifest.flatBytes(), "legacy", shard -> {
            throw new AssertionError("a flat listing has no shards");
        });
        assertEquals(List.of(), legacy.shards());
        assertEquals(manifest.id(), legacy.id());
    }

    @Test
    void aRootWhoseShardsDoNotFitIsRefused() throws Exception {
        Manifest manifest = Manifest.of(emptyFiles(10_000));
        Map<ObjectId, byte[]> objects = stored(manifest);
        byte[] root = objects.get(manifest.id());
        List<ManifestShards.Ref> refs = manifest.shards();

        // A shard that holds other files than the root says.
        DvjException wrongShard = assertThrows(DvjException.class, () -> Manifest.read(root, "r1",
                shard -> shard.equals(refs.get(1)) ? objects.get(refs.get(2).oid()) : objects.get(shard.oid())));
        assertTrue(wrongShard.getMessage().contains("manifest r1: shard " + refs.get(1).oid()), wrongShard.getMessage());

        // Shards listed out of path order.
        List<ManifestShards.Ref> swapped = new ArrayList<>(refs);
        swapped.set(0, refs.get(1));
        swapped.set(1, refs.get(0));
        DvjException order = assertThrows(DvjException.class, () -> Manifest.read(ManifestShards.rootBytes(swapped), "r2",
                shard -> objects.get(shard.oid())));
        assertTrue(order.getMessage().contains("out of path order"), order.getMessage());

        // A shard ref escaping the directory, and one with no files.
        String escaping = new String(root, StandardCharsets.UTF_8).replace("\"first\":\"d/00000.txt\"", "\"first\":\"../x\"");
        assertThrows(DvjException.class, () -> Manifest.shardsOf(escaping.getBytes(StandardCharsets.UTF_8), "r3"));
        String empty = new String(root, StandardCharsets.UTF_8).replace("\"nfiles\":6602", "\"nfiles\":0");
        DvjException none = assertThrows(DvjException.class, () -> Manifest.shardsOf(empty.getBytes(StandardCharsets.UTF_8), "r4"));
        assertTrue(none.getMessage().contains("malformed shard at line 2"), none.getMessage());

        // A shard list is not a file list.
        DvjException notFlat = assertThrows(DvjException.class, () -> Manifest.parse(root, "r5"));
        assertTrue(notFlat.getMessage().contains("is a shard list"), notFlat.getMessage());
    }

    @Test
    void rootBytesAreCanonical() throws Exception {
        Manifest manifest = Manifest.of(emptyFiles(9_000));
        byte[] root = stored(manifest).get(manifest.id());
        assertArrayEquals(root, ManifestShards.rootBytes(Manifest.shardsOf(root, "test")));
    }

    @Test
    void aSliceReadsOnlyTheShardsThatCanListThePathsAskedFor() throws Exception {
        Manifest manifest = Manifest.of(emptyFiles(10_000)); // shards from d/00000, d/06602, d/08052, d/09351
        Map<ObjectId, byte[]> objects = stored(manifest);
        byte[] root = objects.get(manifest.id());
        List<ManifestShards.Ref> all = manifest.shards();
        assertEquals(List.of(all.get(1)), Manifest.shardsOf(root, "t", List.of("d/07000.txt")));
        assertEquals(List.of(all.get(1)), Manifest.shardsOf(root, "t", List.of("d/06602.txt")), "a shard's first path");
        assertEquals(List.of(all.get(0)), Manifest.shardsOf(root, "t", List.of("d/06601.txt")), "the last path before it");
        assertEquals(all, Manifest.shardsOf(root, "t", List.of("d")), "a folder spanning every shard");
        assertEquals(List.of(), Manifest.shardsOf(root, "t", List.of("a")), "before every path: no shard can list it");
        assertEquals(List.of(all.get(3)), Manifest.shardsOf(root, "t", List.of("z")), "after every path");
        assertEquals(List.of(all.get(0), all.get(3)), Manifest.shardsOf(root, "t", List.of("d/00001.txt", "d/09999.txt")));

        Set<ObjectId> read = new HashSet<>();
        Manifest slice = Manifest.read(root, "t", shard -> {
            read.add(shard.oid());
            return objects.get(shard.oid());
        }, List.of("d/07000.txt"));
        assertFalse(slice.whole());
        assertEquals(Set.of(all.get(1).oid()), read);
        assertEquals(1450, slice.entries().size());
        assertEquals(List.of(all.get(1)), slice.shards());
        assertTrue(Manifest.read(root, "t", shard -> objects.get(shard.oid())).whole());
    }
}
