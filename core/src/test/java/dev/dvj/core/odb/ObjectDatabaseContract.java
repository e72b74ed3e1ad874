package dev.dvj.core.odb;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.pointer.Pointer;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.sync.NeededObjects;
import dev.dvj.core.sync.ObjectGc;
import dev.dvj.core.sync.Transfer;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.TrackedOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ObjectDatabase} must do, run against each implementation (a subclass per
 * medium: the cache, a folder remote, memory, S3 through S3Proxy). Push, fetch, status and gc are
 * written once on top of the contract, so they are exercised here against each medium too.
 */
public abstract class ObjectDatabaseContract {
    @TempDir
    protected Path dir;
    private ObjectDatabase db;
    private FolderDatabase cache;

    /** A fresh, empty database of the medium under test; {@code dir} is free to use. */
    protected abstract ObjectDatabase open() throws Exception;

    /** Whether an insert hashes the bytes (and refuses a mismatch), or only confirms their size (S3). */
    protected boolean hashesOnInsert() {
        return true;
    }

    /**
     * Whether {@link ObjectDatabase#find} reports sizes to check. The cache answers from names
     * alone (its objects were hashed on the way in; damage to them is fsck's to find).
     */
    protected boolean findReportsSizes() {
        return true;
    }

    /** Stores {@code bytes} under {@code id} whatever they hash to: damage, as a broken store or disk would. */
    protected abstract void damage(ObjectDatabase database, ObjectId id, byte[] bytes) throws Exception;

    @BeforeEach
    void openDatabases() throws Exception {
        db = open();
        cache = FolderDatabase.cache(new CacheDirectory(dir.resolve("contract-cache")));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectId idOf(byte[] bytes) {
        return Hashing.ofBytes(bytes, false);
    }

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void whatIsInsertedAnyWayReadsBackWithItsSizeAndIsListed() throws Exception {
        byte[] a = bytes("from a file");
        byte[] b = bytes("from memory");
        byte[] c = bytes("from a stream");
        db.insert(idOf(a), file("a", a));
        db.insert(idOf(b), b);
        assertEquals(c.length, db.insert(idOf(c), new ByteArrayInputStream(c), c.length));

        for (byte[] each : List.of(a, b, c)) {
            ObjectId id = idOf(each);
            assertArrayEquals(each, db.read(id, InputStream::readAllBytes).orElseThrow());
            assertEquals(each.length, db.stat(id).orElseThrow().size());
        }
        assertEquals(Set.of(idOf(a), idOf(b), idOf(c)), db.list().keySet());
        assertEquals(a.length, db.list().get(idOf(a)).size());
    }

    @Test
    void anAbsentObjectIsEmptyEverywhereAndDeletingItSaysSo() throws Exception {
        ObjectId absent = idOf(bytes("never stored"));
        assertTrue(db.stat(absent).isEmpty());
        assertTrue(db.read(absent, InputStream::readAllBytes).isEmpty());
        assertTrue(db.manifest(Hashing.ofBytes(bytes("[]"), true)).isEmpty());
        assertFalse(db.delete(absent));
        assertTrue(db.list().isEmpty());
    }

    @Test
    void deleteRemovesOnlyThatObject() throws Exception {
        byte[] keep = bytes("keep");
        byte[] drop = bytes("drop");
        db.insert(idOf(keep), keep);
        db.insert(idOf(drop), drop);
        assertTrue(db.delete(idOf(drop)));
        assertEquals(Set.of(idOf(keep)), db.list().keySet());
    }

    @Test
    void findAnswersForFewIdsOneByOneAndForManyWithAListing() throws Exception {
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < ObjectDatabase.FIND_ONE_BY_ONE_BELOW + 10; i++) {
            byte[] bytes = bytes("object " + i);
            ids.add(idOf(bytes));
            if (i % 2 == 0) {
                db.insert(idOf(bytes), bytes);
            }
        }
        Map<ObjectId, ObjectInfo> many = db.find(ids, 8);
        assertEquals((ids.size() + 1) / 2, many.size());
        Map<ObjectId, ObjectInfo> few = db.find(ids.subList(0, 10), 4);
        assertEquals(Set.of(ids.get(0), ids.get(2), ids.get(4), ids.get(6), ids.get(8)), few.keySet());
    }

    @Test
    void bytesThatDoNotHashToTheIdAreRefusedAndLeaveNothing() throws Exception {
        byte[] right = bytes("the right bytes");
        ObjectId id = idOf(right);
        byte[] wrong = bytes("other bytes!!!!");
        if (!hashesOnInsert()) {
            return; // S3 cannot hash on the way in: a survey's size check and push --verify catch it (below)
        }
        DvjException refused = assertThrows(DvjException.class, () -> db.insert(id, wrong));
        assertTrue(refused.getMessage().contains("corrupt"), refused.getMessage());
        assertThrows(DvjException.class, () -> db.insert(id, new ByteArrayInputStream(wrong), wrong.length));
        assertThrows(DvjException.class, () -> db.insert(id, file("wrong", wrong)));
        assertTrue(db.stat(id).isEmpty(), "nothing is left under the id");
    }

    @Test
    void aSurveyTellsHeldFromDamagedAndAbsentAndAnInsertRepairsDamage() throws Exception {
        byte[] good = bytes("good object");
        byte[] damagedBytes = bytes("damaged object");
        byte[] flipped = bytes("damaged objecT"); // same size: only a read-back finds it
        byte[] absentBytes = bytes("absent object");
        db.insert(idOf(good), good);
        damage(db, idOf(damagedBytes), bytes("short"));
        damage(db, idOf(flipped), damagedBytes);
        Map<ObjectId, Long> expected = new LinkedHashMap<>();
        for (byte[] each : List.of(good, damagedBytes, flipped, absentBytes)) {
            expected.put(idOf(each), (long) each.length);
        }

        Survey.Findings bySize = new Survey(db, 4).survey(expected, false);
        if (findReportsSizes()) {
            assertEquals(Set.of(idOf(good), idOf(flipped)), bySize.held());
            assertEquals(Set.of(idOf(damagedBytes)), bySize.damaged());
        } else {
            assertEquals(Set.of(idOf(good), idOf(flipped), idOf(damagedBytes)), bySize.held());
        }
        Survey.Findings verified = new Survey(db, 4).survey(expected, true);
        assertEquals(Set.of(idOf(good)), verified.held());
        assertEquals(Set.of(idOf(damagedBytes), idOf(flipped)), verified.damaged());

        db.insert(idOf(damagedBytes), damagedBytes);
        db.insert(idOf(flipped), flipped);
        assertEquals(3, new Survey(db, 4).survey(expected, true).held().size(), "an insert replaces what was damaged");
    }

    @Test
    void aManifestIsReadVerifiedAgainstItsId() throws Exception {
        byte[] file = bytes("in a folder");
        Manifest manifest = Manifest.of(List.of(new ManifestEntry("f.txt", idOf(file), file.length, false)));
        ObjectId id = manifest.id();
        db.insert(id, manifest.flatBytes());
        assertEquals(manifest.entries(), db.manifest(id).orElseThrow().entries());

        ObjectId other = Manifest.of(List.of(new ManifestEntry("g.txt", idOf(file), file.length, false))).id();
        damage(db, other, manifest.flatBytes());
        assertThrows(DvjException.class, () -> db.manifest(other), "another manifest's bytes under its id");
    }

    @Test
    void runEntriesRoundTripAndAreReplaced() throws Exception {
        String key = "ab" + "0".repeat(62);
        assertTrue(db.readRun(key).isEmpty());
        db.writeRun(key, bytes("first run"));
        db.writeRun(key, bytes("latest run"));
        assertEquals(Set.of(key), db.listRuns());
        assertArrayEquals(bytes("latest run"), db.readRun(key).orElseThrow());
    }

    /** A directory of {@code files} files and a single file, as outputs, with their objects in the cache. */
    private List<TrackedOutput> cachedOutputs(int files) throws Exception {
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            byte[] bytes = bytes("file " + i + " of the folder");
            entries.add(new ManifestEntry("f" + i, idOf(bytes), bytes.length, false));
            cache.insert(idOf(bytes), bytes);
        }
        Manifest manifest = Manifest.of(entries);
        cache.insert(manifest.id(), manifest.flatBytes());
        byte[] single = bytes("a single file");
        cache.insert(idOf(single), single);
        return List.of(
                output("folder", manifest.id(), manifest.totalSize(), files),
                output("single.txt", idOf(single), single.length, null));
    }

    private static TrackedOutput output(String path, ObjectId id, long size, Integer files) {
        Pointer pointer = new Pointer(path, HashAlgorithm.SHA256, id, size, files, null, null);
        return new TrackedOutput(path + ".dvj", path, pointer);
    }

    @Test
    void pushFetchAndStatusThroughThisMedium() throws Exception {
        List<TrackedOutput> outputs = cachedOutputs(20);
        Transfer push = new Transfer(cache, db, 4);
        Transfer.Result pushed = push.push(outputs);
        assertEquals(22, pushed.transferred(), "20 files, their manifest, the single file");
        assertEquals(List.of(), pushed.missing());
        assertEquals(0, push.push(outputs, true).transferred(), "a second push finds everything there, verified");
        assertTrue(push.compare(outputs).stream().allMatch(c -> c.localOnly().isEmpty() && c.neither().isEmpty()));

        FolderDatabase emptyCache = FolderDatabase.cache(new CacheDirectory(dir.resolve("other-cache")));
        Transfer fetch = new Transfer(emptyCache, db, 4);
        Transfer.FetchPlan plan = fetch.planFetch(outputs);
        assertTrue(plan.complete(), "the manifest is read from the remote");
        assertEquals(22, plan.downloads().size());
        Transfer.Result fetched = fetch.fetch(plan, dev.dvj.core.store.Arrivals.NONE);
        assertEquals(22, fetched.transferred());
        assertEquals(cache.list().keySet(), emptyCache.list().keySet());
    }

    @Test
    void aManifestIsNotCopiedUntilEveryFileItListsArrived() throws Exception {
        List<TrackedOutput> outputs = cachedOutputs(3);
        ObjectId manifest = outputs.get(0).pointer().oid();
        ObjectId lost = cache.manifest(manifest).orElseThrow().entries().get(1).oid();
        cache.delete(lost);

        Transfer.Result pushed = new Transfer(cache, db, 4).push(outputs);
        assertEquals(List.of(lost.toString()), pushed.missing());
        assertTrue(db.stat(manifest).isEmpty(), "a manifest present means a complete directory");
    }

    @Test
    void fetchRefusesACorruptObjectAndNamesWhereItCameFrom() throws Exception {
        List<TrackedOutput> outputs = cachedOutputs(2);
        new Transfer(cache, db, 4).push(outputs);
        ObjectId victim = outputs.get(1).pointer().oid();
        damage(db, victim, bytes("a single fil!"));

        FolderDatabase emptyCache = FolderDatabase.cache(new CacheDirectory(dir.resolve("other-cache")));
        DvjException refused = assertThrows(DvjException.class, () -> new Transfer(emptyCache, db, 4).fetch(outputs));
        assertTrue(refused.getMessage().contains(victim.toString()), refused.getMessage());
        assertTrue(refused.getMessage().startsWith(db.describe()), refused.getMessage());
        assertTrue(emptyCache.stat(victim).isEmpty(), "nothing corrupt enters the cache");
    }

    @Test
    void gcDeletesOnlyWhatNoOutputNeedsManifestsFirst() throws Exception {
        List<TrackedOutput> outputs = cachedOutputs(4);
        new Transfer(cache, db, 4).push(outputs);
        byte[] stale = bytes("a version nothing points at");
        db.insert(idOf(stale), stale);

        ObjectGc.Result spared = ObjectGc.collectRemote(cache, db, outputs, false, Duration.ofDays(3), Instant.now());
        assertEquals(List.of(), spared.removed(), "written just now: within the grace period");
        assertEquals(1, spared.recent());

        ObjectGc.Result collected = ObjectGc.collectRemote(cache, db, outputs.subList(1, 2), false, Duration.ofDays(3),
                Instant.now().plus(Duration.ofDays(4)));
        assertEquals(6, collected.removed().size(), "the stale file, the folder's 4 files and its manifest");
        assertTrue(collected.removed().get(0).endsWith(".dir"), "the manifest goes first");
        assertEquals(Set.of(outputs.get(1).pointer().oid()), db.list().keySet());
        assertEquals(Set.copyOf(NeededObjects.of(outputs.subList(1, 2), List.of(cache)).ids()), db.list().keySet());
    }

    @Test
    void fsckReportsCorruptObjectsMalformedManifestsAndIncompleteDirectoriesAndDeletesNothing() throws Exception {
        List<TrackedOutput> outputs = cachedOutputs(3);
        new Transfer(cache, db, 4).push(outputs);
        assertTrue(new Fsck(db, 4).run(dev.dvj.core.Progress.NONE).clean());

        ObjectId single = outputs.get(1).pointer().oid();
        damage(db, single, bytes("a single fil!"));
        Manifest folder = cache.manifest(outputs.get(0).pointer().oid()).orElseThrow();
        db.delete(folder.entries().get(0).oid());
        byte[] notAManifest = bytes("not json at all");
        db.insert(Hashing.ofBytes(notAManifest, true), notAManifest);

        Fsck.Result result = new Fsck(db, 4).run(dev.dvj.core.Progress.NONE);
        assertEquals(5, result.checked(), "2 files of the folder, its manifest, the single file, the bad manifest");
        Map<String, Fsck.Problem> found = new LinkedHashMap<>();
        result.damage().forEach(d -> found.put(d.id(), d.problem()));
        assertEquals(Map.of(single.toString(), Fsck.Problem.CORRUPT,
                folder.id().toString(), Fsck.Problem.INCOMPLETE_DIRECTORY,
                Hashing.ofBytes(notAManifest, true).toString(), Fsck.Problem.MALFORMED_MANIFEST), found);
        assertEquals(5, db.list().size(), "fsck deletes nothing");
    }
}
