package dev.dvj.core.odb.pack;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.odb.Fsck;
import dev.dvj.core.odb.MemoryDatabase;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.store.Arrivals;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.sync.ObjectGc;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.TrackedOutput;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packs: the format and its test vector, round trips, damage, partial reads, repack, killed pushes. */
class PackTest {
    @TempDir
    Path dir;
    FolderDatabase cache;
    MemoryDatabase medium;
    PackingDatabase remote;

    @BeforeEach
    void setUp() {
        cache = FolderDatabase.cache(new CacheDirectory(dir.resolve("cache")));
        medium = new MemoryDatabase("origin");
        remote = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 64 << 10, 4);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The test vector of docs/formats.md: two objects, "hello\n" and "world\n". */
    @Test
    void thePackOfTwoObjectsIsTheDocumentedTarAndIndex() throws Exception {
        PackBuilder builder = new PackBuilder();
        byte[] hello = bytes("hello\n");
        byte[] world = bytes("world\n");
        builder.add(Hashing.ofBytes(world, false), world);
        builder.add(Hashing.ofBytes(hello, false), hello);
        PackBuilder.Pack pack = builder.finish();

        assertEquals(3072, pack.bytes().length, "two headers, two padded bodies, two end records");
        assertEquals(Hashing.ofBytes(pack.bytes(), false).hex(), pack.id());
        String index = new String(pack.index().toBytes(), StandardCharsets.UTF_8);
        assertEquals("dvj-pack-index 1\n"
                + "pack " + pack.id() + " 3072\n"
                + "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 1536 6\n"
                + "e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317 512 6\n", index);
        assertEquals(PackVector.PACK_ID, pack.id(), "the id docs/formats.md gives: the tar is byte for byte the same");

        // Any tar reader sees the objects under their loose names, at the offsets the index gives.
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(pack.bytes()))) {
            TarArchiveEntry first = tar.getNextEntry();
            assertEquals("e2/58d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", first.getName());
            assertArrayEquals(world, tar.readAllBytes());
            assertEquals("58/91b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", tar.getNextEntry().getName());
        }
        for (PackIndex.Entry entry : pack.index().entries()) {
            byte[] slice = java.util.Arrays.copyOfRange(pack.bytes(), (int) entry.offset(), (int) (entry.offset() + entry.length()));
            assertEquals(entry.id(), Hashing.ofBytes(slice, false));
        }
        assertEquals(pack.index(), PackIndex.parse(pack.index().toBytes(), "vector"));
    }

    @Test
    void aMalformedIndexIsRefusedWithItsLine() {
        String good = "dvj-pack-index 1\npack " + "a".repeat(64) + " 2048\n";
        assertThrows(DvjException.class, () -> PackIndex.parse(bytes("not an index\n"), "x.idx"));
        DvjException past = assertThrows(DvjException.class, () -> PackIndex.parse(
                bytes(good + "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 2040 100\n"), "x.idx"));
        assertTrue(past.getMessage().startsWith("x.idx line 3: "), past.getMessage());
        String id = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        DvjException twice = assertThrows(DvjException.class, () -> PackIndex.parse(
                bytes(good + id + " 512 6\n" + id + " 1024 6\n"), "x.idx"));
        assertTrue(twice.getMessage().contains("line 4"), twice.getMessage());
    }

    /** {@code count} small files of a folder and one big file, cached, as outputs. */
    private List<TrackedOutput> outputs(int count, String version) throws Exception {
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] content = bytes("file " + i + " of version " + version + " " + "x".repeat(i % 700));
            ObjectId id = Hashing.ofBytes(content, false);
            cache.insert(id, content);
            entries.add(new ManifestEntry("f" + i, id, content.length, false));
        }
        Manifest manifest = Manifest.of(entries);
        cache.insert(manifest.id(), manifest.flatBytes());
        byte[] big = new byte[(int) PackingDatabase.DEFAULT_THRESHOLD + 1];
        new java.util.Random(version.hashCode()).nextBytes(big);
        ObjectId bigId = Hashing.ofBytes(big, false);
        cache.insert(bigId, big);
        return List.of(
                new TrackedOutput("folder.dvj", "folder", new Pointer("folder", HashAlgorithm.SHA256, manifest.id(), manifest.totalSize(), count, null, null)),
                new TrackedOutput("big.bin.dvj", "big.bin", new Pointer("big.bin", HashAlgorithm.SHA256, bigId, (long) big.length, null, null, null)));
    }

    private FolderDatabase emptyCache(String name) {
        return FolderDatabase.cache(new CacheDirectory(dir.resolve(name)));
    }

    @Test
    void smallObjectsTravelInPacksBigOnesLooseAndAFetchGetsThemAllBack() throws Exception {
        List<TrackedOutput> outputs = outputs(200, "v1");
        Transfer.Result pushed = new Transfer(cache, remote, 4).push(outputs);
        assertEquals(202, pushed.transferred());
        long packs = medium.listFiles(PackIndex.FOLDER).keySet().stream().filter(n -> n.endsWith(".tar")).count();
        assertTrue(packs >= 2, "64 KiB packs: " + medium.listFiles(PackIndex.FOLDER).keySet());
        assertEquals(packs, medium.listFiles(PackIndex.FOLDER).size() / 2, "an index beside each pack");
        assertEquals(2, medium.list().size(), "loose: the big file, and the manifest (sent last, on its own)");

        PackingDatabase reopened = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 64 << 10, 4);
        assertEquals(0, new Transfer(cache, reopened, 4).push(outputs, true).transferred(), "all there, verified");
        FolderDatabase other = emptyCache("other");
        Transfer.Result fetched = new Transfer(other, reopened, 4).fetch(outputs);
        assertEquals(202, fetched.transferred());
        assertEquals(cache.list().keySet(), other.list().keySet());
        assertTrue(new Fsck(reopened, 4).run(Progress.NONE).clean());
    }

    @Test
    void fetchingOneFileReadsOnlyItsBytesFromThePack() throws Exception {
        List<TrackedOutput> outputs = outputs(200, "v1");
        new Transfer(cache, remote, 4).push(outputs);
        Manifest manifest = cache.manifest(outputs.get(0).pointer().oid()).orElseThrow();
        ManifestEntry wanted = manifest.entries().get(123);
        PackingDatabase reopened = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 64 << 10, 4);
        reopened.find(List.of(wanted.oid()), 1); // reads the indexes
        medium.fileReads.set(0);
        medium.fileBytesRead.set(0);

        FolderDatabase other = emptyCache("other");
        Transfer one = new Transfer(other, reopened, 4);
        TrackedOutput single = new TrackedOutput("f.dvj", "f", new Pointer("f", HashAlgorithm.SHA256, wanted.oid(), wanted.size(), null, null, null));
        assertEquals(1, one.fetch(List.of(single)).transferred());
        assertEquals(1, medium.fileReads.get(), "one range request");
        assertEquals(wanted.size(), medium.fileBytesRead.get(), "for exactly the object's bytes");
    }

    @Test
    void aPackDamagedInTheMiddleFailsOnlyTheObjectItHitsAndFsckNamesIt() throws Exception {
        List<TrackedOutput> outputs = outputs(50, "v1");
        new Transfer(cache, remote, 4).push(outputs);
        ObjectId victim = cache.manifest(outputs.get(0).pointer().oid()).orElseThrow().entries().get(25).oid();
        PackingDatabase.Location where = remote.locate(victim).orElseThrow();
        medium.corruptFile(PackIndex.packName(where.packId()), where.offset() + where.length() / 2);

        FolderDatabase other = emptyCache("other");
        DvjException refused = assertThrows(DvjException.class, () -> new Transfer(other, remote, 4).fetch(outputs));
        assertTrue(refused.getMessage().contains("1 packed object(s) are corrupt"), refused.getMessage());
        assertTrue(other.stat(victim).isEmpty(), "nothing corrupt enters the cache");
        assertEquals(50, other.list().size(), "the 49 other files and the big one arrived; the manifest waits for all its files");
        assertFalse(other.stat(outputs.get(0).pointer().oid()).isPresent());

        Fsck.Result fsck = new Fsck(remote, 4).run(Progress.NONE);
        assertEquals(Set.of(victim.toString(), PackIndex.packName(where.packId())),
                Set.copyOf(fsck.damage().stream().map(Fsck.Damage::id).toList()));
    }

    @Test
    void verifyingPackedObjectsReadsThemInFewRequestsAndFindsOneFlippedByte() throws Exception {
        List<TrackedOutput> outputs = outputs(200, "v1");
        new Transfer(cache, remote, 4).push(outputs);
        Manifest manifest = cache.manifest(outputs.get(0).pointer().oid()).orElseThrow();
        ObjectId victim = manifest.entries().get(77).oid();
        PackingDatabase.Location where = remote.locate(victim).orElseThrow();
        medium.corruptFile(PackIndex.packName(where.packId()), where.offset() + 1);
        java.util.Map<ObjectId, Long> sizes = new java.util.LinkedHashMap<>();
        manifest.entries().forEach(e -> sizes.put(e.oid(), e.size()));
        medium.fileReads.set(0);

        dev.dvj.core.odb.Survey.Findings verified = new dev.dvj.core.odb.Survey(remote, 4).survey(sizes, true);
        assertEquals(Set.of(victim), verified.damaged(), "same size, other bytes: only a read-back finds it");
        assertEquals(199, verified.held().size());
        assertTrue(medium.fileReads.get() < 30, medium.fileReads.get() + " range requests for 200 objects");
    }

    @Test
    void gcRewritesAPackOnceLessThanHalfOfItIsNeededAndKeepsEveryNeededObject() throws Exception {
        remote = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, PackingDatabase.DEFAULT_PACK_SIZE, 4);
        List<TrackedOutput> v1 = outputs(100, "v1");
        new Transfer(cache, remote, 4).push(v1);
        Manifest all = cache.manifest(v1.get(0).pointer().oid()).orElseThrow();
        Instant later = Instant.now().plus(Duration.ofDays(4));

        // Keep 70 of the 100 files: the pack stays as it is.
        Manifest most = Manifest.of(all.entries().subList(0, 70));
        cache.insert(most.id(), most.flatBytes());
        TrackedOutput mostOut = new TrackedOutput("folder.dvj", "folder", new Pointer("folder", HashAlgorithm.SHA256, most.id(), 1L, 70, null, null));
        new Transfer(cache, remote, 4).push(List.of(mostOut));
        ObjectGc.Result kept = ObjectGc.collectRemote(cache, remote, List.of(mostOut), false, Duration.ofDays(3), later);
        assertEquals(30, kept.inPacks());

        // Keep 20: the pack is rewritten with those 20 only.
        Manifest few = Manifest.of(all.entries().subList(0, 20));
        cache.insert(few.id(), few.flatBytes());
        TrackedOutput fewOut = new TrackedOutput("folder.dvj", "folder", new Pointer("folder", HashAlgorithm.SHA256, few.id(), 1L, 20, null, null));
        new Transfer(cache, remote, 4).push(List.of(fewOut));
        ObjectGc.Result dry = ObjectGc.collectRemote(cache, remote, List.of(fewOut), true, Duration.ofDays(3), later);
        assertTrue(dry.removed().size() >= 80, dry.removed().size() + " would go");
        ObjectGc.Result collected = ObjectGc.collectRemote(cache, remote, List.of(fewOut), false, Duration.ofDays(3), later);
        assertEquals(dry.removed().size(), collected.removed().size());

        PackingDatabase reopened = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, PackingDatabase.DEFAULT_PACK_SIZE, 4);
        for (ManifestEntry entry : few.entries()) {
            assertArrayEquals(cache.read(entry.oid(), InputStream::readAllBytes).orElseThrow(),
                    reopened.read(entry.oid(), InputStream::readAllBytes).orElseThrow());
        }
        assertTrue(reopened.stat(all.entries().get(50).oid()).isEmpty(), "an unneeded object went with the old pack");
        assertEquals(2, medium.listFiles(PackIndex.FOLDER).size(), "one new pack and its index; the old ones are gone");
        assertTrue(new Fsck(reopened, 4).run(Progress.NONE).clean());
    }

    @Test
    void gcMergesManySmallPacksIntoFullOnesKeepingEveryNeededObject() throws Exception {
        remote = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 256 << 10, 4);
        List<TrackedOutput> all = new ArrayList<>();
        for (int push = 0; push < PackingDatabase.MERGE_AT + 2; push++) {
            List<TrackedOutput> version = outputs(20, "push " + push);
            new Transfer(cache, remote, 4).push(version.subList(0, 1)); // one small pack per push
            all.add(version.get(0));
        }
        long packsBefore = medium.listFiles(PackIndex.FOLDER).keySet().stream().filter(n -> n.endsWith(".tar")).count();
        assertEquals(PackingDatabase.MERGE_AT + 2, packsBefore);

        List<TrackedOutput> needed = all.subList(2, all.size()); // the first two versions are no longer needed
        ObjectGc.Result merged = ObjectGc.collectRemote(cache, remote, needed, false, Duration.ofDays(3),
                Instant.now().plus(Duration.ofDays(4)));
        assertEquals(42, merged.removed().size(), "the unneeded versions: 40 files gone with the merge, 2 loose manifests");
        assertEquals(0, merged.inPacks());
        long packsAfter = medium.listFiles(PackIndex.FOLDER).keySet().stream().filter(n -> n.endsWith(".tar")).count();
        assertTrue(packsAfter < 3, packsAfter + " packs after the merge");

        PackingDatabase reopened = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 256 << 10, 4);
        assertTrue(new Fsck(reopened, 4).run(Progress.NONE).clean());
        FolderDatabase other = emptyCache("other");
        assertEquals(needed.size() * 21, new Transfer(other, reopened, 4).fetch(needed).transferred(),
                "every needed version still whole: its files and its manifest");
    }

    @Test
    void aPushKilledBetweenPackAndIndexLeavesNothingThatClaimsObjectsAndGcClearsThePackLater() throws Exception {
        List<TrackedOutput> outputs = outputs(40, "v1");
        medium.failWritesEndingWith = ".idx";
        assertThrows(DvjException.class, () -> new Transfer(cache, remote, 4).push(outputs));
        assertEquals(1, medium.listFiles(PackIndex.FOLDER).size(), "the pack got there, its index did not");

        PackingDatabase reopened = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 64 << 10, 4);
        ObjectId file = cache.manifest(outputs.get(0).pointer().oid()).orElseThrow().entries().get(0).oid();
        assertTrue(reopened.stat(file).isEmpty(), "an unindexed pack holds nothing as far as anyone can tell");
        medium.failWritesEndingWith = null;
        assertEquals(42, new Transfer(cache, reopened, 4).push(outputs).transferred(), "the next push sends them again");
        assertEquals(2, medium.listFiles(PackIndex.FOLDER).size(), "the same objects make the same pack: now indexed");

        List<TrackedOutput> v2 = outputs(40, "v2");
        medium.failWritesEndingWith = ".idx";
        assertThrows(DvjException.class, () -> new Transfer(cache, reopened, 4).push(v2));
        medium.failWritesEndingWith = null;
        String orphan = medium.listFiles(PackIndex.FOLDER).keySet().stream()
                .filter(n -> n.endsWith(".tar") && !medium.listFiles(PackIndex.FOLDER).containsKey(n.replace(".tar", ".idx")))
                .findFirst().orElseThrow();
        ObjectGc.Result soon = ObjectGc.collectRemote(cache, reopened, outputs, false, Duration.ofDays(3), Instant.now());
        assertEquals(0, soon.leftovers(), "a push may still be writing it");
        medium.age(orphan, Duration.ofDays(2));
        ObjectGc.Result later = ObjectGc.collectRemote(cache, reopened, outputs, false, Duration.ofDays(3), Instant.now());
        assertEquals(1, later.leftovers());
        assertFalse(medium.listFiles(PackIndex.FOLDER).containsKey(orphan));
    }

    @Test
    void aRemoteOfLooseObjectsFromBeforePacksReadsAsBeforeAndMayMixBoth() throws Exception {
        List<TrackedOutput> v1 = outputs(30, "v1");
        PackingDatabase noPacks = new PackingDatabase(medium, 0, PackingDatabase.DEFAULT_PACK_SIZE, 4);
        new Transfer(cache, noPacks, 4).push(v1);
        assertTrue(medium.listFiles(PackIndex.FOLDER).isEmpty(), "threshold 0: all loose, as an old remote");
        List<TrackedOutput> v2 = outputs(30, "v2");
        new Transfer(cache, remote, 4).push(v2);
        assertFalse(medium.listFiles(PackIndex.FOLDER).isEmpty());

        FolderDatabase other = emptyCache("other");
        List<TrackedOutput> both = new ArrayList<>(v1);
        both.addAll(v2);
        assertEquals(64, new Transfer(other, remote, 4).fetch(both).transferred());
        assertTrue(new Fsck(remote, 4).run(Progress.NONE).clean());
    }

    @Test
    void gcPacksTheLooseObjectsOfARemoteFromBeforePacksAsGitGcDoes() throws Exception {
        List<TrackedOutput> v1 = outputs(30, "v1");
        new Transfer(cache, new PackingDatabase(medium, 0, PackingDatabase.DEFAULT_PACK_SIZE, 4), 4).push(v1);
        assertEquals(32, medium.list().size(), "all loose: 30 files, the manifest, the big file");

        Instant later = Instant.now().plus(Duration.ofDays(4));
        ObjectGc.Result dry = ObjectGc.collectRemote(cache, remote, v1, true, Duration.ofDays(3), later);
        assertEquals(30, dry.packed());
        assertEquals(32, medium.list().size(), "a dry run changes nothing");
        ObjectGc.Result packed = ObjectGc.collectRemote(cache, remote, v1, false, Duration.ofDays(3), later);
        assertEquals(30, packed.packed());
        assertEquals(List.of(), packed.removed(), "nothing needed is removed");
        assertEquals(2, medium.list().size(), "left loose: the manifest (always) and the big file");

        PackingDatabase reopened = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 64 << 10, 4);
        assertTrue(new Fsck(reopened, 4).run(Progress.NONE).clean());
        FolderDatabase other = emptyCache("other");
        assertEquals(32, new Transfer(other, reopened, 4).fetch(v1).transferred());
        assertEquals(0, ObjectGc.collectRemote(cache, reopened, v1, false, Duration.ofDays(3), later).packed(),
                "nothing loose is left to pack");
    }

    @Test
    void aDamagedLocalCopyOfAnIndexIsReadAgainFromTheRemote() throws Exception {
        List<TrackedOutput> outputs = outputs(40, "v1");
        Path copies = dir.resolve("pack-indexes");
        new Transfer(cache, remote.withIndexCache(copies), 4).push(outputs);
        ObjectId file = cache.manifest(outputs.get(0).pointer().oid()).orElseThrow().entries().get(3).oid();
        PackingDatabase first = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 64 << 10, 4).withIndexCache(copies);
        assertTrue(first.isPacked(file), "read from the remote, and a copy kept");
        Path copy;
        try (var kept = java.nio.file.Files.list(copies)) {
            copy = kept.findFirst().orElseThrow();
        }
        java.nio.file.Files.writeString(copy, "damaged on this disk\n");
        medium.fileReads.set(0);

        PackingDatabase again = new PackingDatabase(medium, PackingDatabase.DEFAULT_THRESHOLD, 64 << 10, 4).withIndexCache(copies);
        assertTrue(again.isPacked(file), "the bad copy does not hide the pack");
        assertEquals(1, medium.fileReads.get(), "its index read again from the remote");
        assertTrue(java.nio.file.Files.readString(copy).startsWith("dvj-pack-index 1"), "and the copy repaired");
    }
}
