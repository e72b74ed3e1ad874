package dev.dvj.core.workspace;

import dev.dvj.core.hash.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateCacheTest {
    static final ObjectId OID = ObjectId.parse("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    static final Instant NOW = Instant.parse("2026-01-15T14:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final long OLD = TimeUnit.MILLISECONDS.toNanos(NOW.toEpochMilli()) - TimeUnit.SECONDS.toNanos(60);

    @Test
    void remembersAHashUntilAnyStatFieldChanges(@TempDir Path dir) {
        StateCache cache = StateCache.load(dir.resolve("state"), CLOCK);
        FileStat stat = new FileStat(6, OLD, 42, false);
        cache.put("data.csv", stat, OID);
        assertEquals(OID, cache.get("data.csv", stat));
        assertNull(cache.get("data.csv", new FileStat(7, OLD, 42, false)));
        assertNull(cache.get("data.csv", new FileStat(6, OLD + 1, 42, false)));
        assertNull(cache.get("data.csv", new FileStat(6, OLD, 43, false)));
        assertNull(cache.get("other.csv", stat));
    }

    @Test
    void survivesASaveAndLoad(@TempDir Path dir) throws Exception {
        StateCache cache = StateCache.load(dir.resolve("state"), CLOCK);
        FileStat stat = new FileStat(6, OLD, 42, true);
        cache.put("dir/ü.csv", stat, OID);
        cache.save();
        assertEquals(OID, StateCache.load(dir.resolve("state"), CLOCK).get("dir/ü.csv", stat));
    }

    @Test
    void doesNotRememberFilesModifiedTooRecentlyToTrustTheirMtime(@TempDir Path dir) {
        StateCache cache = StateCache.load(dir.resolve("state"), CLOCK);
        FileStat fresh = new FileStat(6, TimeUnit.MILLISECONDS.toNanos(NOW.toEpochMilli()) - 1000, 42, false);
        cache.put("data.csv", fresh, OID);
        assertNull(cache.get("data.csv", fresh));
    }

    @Test
    void theRacyWindowFollowsTheFilesystemsTimestampGranularity(@TempDir Path dir) {
        StateCache cache = StateCache.load(dir.resolve("state"), CLOCK);
        long now = TimeUnit.MILLISECONDS.toNanos(NOW.toEpochMilli());
        // Half a second old with nanoseconds: a fine-grained filesystem, safe to remember.
        FileStat fine = new FileStat(6, now - TimeUnit.MILLISECONDS.toNanos(500) + 123, 42, false);
        cache.put("fine.csv", fine, OID);
        assertEquals(OID, cache.get("fine.csv", fine));
        // A whole-second mtime may come from a filesystem that keeps only seconds: still racy.
        FileStat coarse = new FileStat(6, now - TimeUnit.SECONDS.toNanos(1), 42, false);
        cache.put("coarse.csv", coarse, OID);
        assertNull(cache.get("coarse.csv", coarse));
    }

    @Test
    void aFileRacyWhenRecordedIsSavedOnceItIsOldEnoughAtSaveTime(@TempDir Path dir) throws Exception {
        long now = TimeUnit.MILLISECONDS.toNanos(NOW.toEpochMilli());
        Instant[] time = {NOW};
        Clock moving = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return time[0]; }
        };
        StateCache cache = StateCache.load(dir.resolve("state"), moving);
        FileStat justWritten = new FileStat(6, now - 1_000, 42, false);
        FileStat stillRacy = new FileStat(6, now + TimeUnit.MILLISECONDS.toNanos(450) + 7, 43, false);
        cache.put("written.csv", justWritten, OID);
        assertNull(cache.get("written.csv", justWritten), "not trusted within the same process");
        time[0] = NOW.plusMillis(500);
        cache.put("late.csv", stillRacy, OID);
        cache.save();
        StateCache reloaded = StateCache.load(dir.resolve("state"), moving);
        assertEquals(OID, reloaded.get("written.csv", justWritten));
        assertNull(reloaded.get("late.csv", stillRacy));
    }

    @Test
    void aDamagedStateFileIsIgnored(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("state"), "DVJSgarbage");
        assertEquals(0, StateCache.load(dir.resolve("state"), CLOCK).size());
    }

    @Test
    void entriesFollowARenamedFolder(@TempDir Path dir) {
        StateCache cache = StateCache.load(dir.resolve("state"), CLOCK);
        FileStat stat = new FileStat(6, OLD, 42, false);
        cache.put("data/a.csv", stat, OID);
        cache.put("database.csv", stat, OID);
        cache.rename("data", "archive/data");
        assertEquals(OID, cache.get("archive/data/a.csv", stat));
        assertNull(cache.get("data/a.csv", stat));
        assertEquals(OID, cache.get("database.csv", stat));
    }

    static final ObjectId OTHER = ObjectId.parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    private static StateCache withFiles(Path state, int count) throws Exception {
        StateCache cache = StateCache.load(state, CLOCK);
        for (int i = 0; i < count; i++) {
            cache.put("f" + i, new FileStat(i, OLD, i, false), OID);
        }
        cache.save();
        return cache;
    }

    @Test
    void aSaveAppendsItsChangesAndLeavesTheSnapshotAlone(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        withFiles(state, 100);
        byte[] snapshot = Files.readAllBytes(state);
        assertFalse(Files.exists(dir.resolve("state.log")));

        StateCache second = StateCache.load(state, CLOCK);
        second.put("f7", new FileStat(7, OLD + 1, 7, false), OTHER);
        second.put("new", new FileStat(1, OLD, 1, true), OTHER);
        second.save();
        assertArrayEquals(snapshot, Files.readAllBytes(state), "the snapshot is not rewritten");
        long journal = Files.size(dir.resolve("state.log"));
        assertTrue(journal < 400, journal + " bytes for two entries");

        StateCache third = StateCache.load(state, CLOCK);
        third.put("f8", new FileStat(8, OLD + 1, 8, false), OTHER);
        third.save();
        StateCache reloaded = StateCache.load(state, CLOCK);
        assertEquals(101, reloaded.size());
        assertEquals(OTHER, reloaded.get("f7", new FileStat(7, OLD + 1, 7, false)));
        assertNull(reloaded.get("f7", new FileStat(7, OLD, 7, false)));
        assertEquals(OTHER, reloaded.get("f8", new FileStat(8, OLD + 1, 8, false)));
        assertEquals(OTHER, reloaded.get("new", new FileStat(1, OLD, 1, true)));
        assertEquals(OID, reloaded.get("f9", new FileStat(9, OLD, 9, false)));
    }

    @Test
    void aJournalThatOutgrowsItsLimitIsFoldedIntoANewSnapshot(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        withFiles(state, 10);
        StateCache cache = StateCache.load(state, CLOCK);
        for (int i = 0; i <= StateCache.JOURNAL_MIN_LIMIT; i++) {
            cache.put("g" + i, new FileStat(i, OLD, i, false), OTHER);
        }
        cache.save();
        assertFalse(Files.exists(dir.resolve("state.log")), "folded into the snapshot");
        assertEquals(StateCache.JOURNAL_MIN_LIMIT + 11, StateCache.load(state, CLOCK).size());
    }

    @Test
    void aJournalOfAnotherSnapshotAndADamagedBlockAreIgnored(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Path log = dir.resolve("state.log");
        withFiles(state, 10);
        StateCache first = StateCache.load(state, CLOCK);
        first.put("a", new FileStat(1, OLD, 1, false), OTHER);
        first.save();
        StateCache second = StateCache.load(state, CLOCK);
        second.put("b", new FileStat(2, OLD, 2, false), OTHER);
        second.save();
        byte[] journal = Files.readAllBytes(log);

        // The last byte of the second block flipped: replay keeps the first block, stops there.
        byte[] damaged = journal.clone();
        damaged[damaged.length - 1] ^= 1;
        Files.write(log, damaged);
        StateCache partly = StateCache.load(state, CLOCK);
        assertEquals(OTHER, partly.get("a", new FileStat(1, OLD, 1, false)));
        assertNull(partly.get("b", new FileStat(2, OLD, 2, false)));

        // A rename goes to the journal as a removal and an entry.
        Files.write(log, journal);
        StateCache renaming = StateCache.load(state, CLOCK);
        renaming.rename("f1", "moved");
        renaming.save();
        StateCache renamed = StateCache.load(state, CLOCK);
        assertEquals(OID, renamed.get("moved", new FileStat(1, OLD, 1, false)));
        assertNull(renamed.get("f1", new FileStat(1, OLD, 1, false)), "a rename is not undone by the snapshot");

        // A rewrite of the snapshot starts a new generation; the old journal no longer applies.
        StateCache growing = StateCache.load(state, CLOCK);
        for (int i = 0; i <= StateCache.JOURNAL_MIN_LIMIT; i++) {
            growing.put("g" + i, new FileStat(i, OLD, i, false), OTHER);
        }
        growing.save();
        assertFalse(Files.exists(log));
        Files.write(log, journal);
        StateCache after = StateCache.load(state, CLOCK);
        assertEquals(OID, after.get("moved", new FileStat(1, OLD, 1, false)));
        assertNull(after.get("f1", new FileStat(1, OLD, 1, false)), "the old journal's entries are not replayed");
        assertEquals(OTHER, after.get("a", new FileStat(1, OLD, 1, false)), "kept: it was in the rewritten snapshot");
        StateCache stale = StateCache.load(state, CLOCK);
        stale.put("c", new FileStat(3, OLD, 3, false), OTHER);
        stale.save(); // finds the other snapshot's journal there, so rewrites the snapshot instead
        StateCache last = StateCache.load(state, CLOCK);
        assertEquals(OTHER, last.get("c", new FileStat(3, OLD, 3, false)));
        assertEquals(OTHER, last.get("b", new FileStat(2, OLD, 2, false)));
    }

    @Test
    void anEntryReplacedByARacyOneDoesNotComeBackFromTheSnapshot(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        withFiles(state, 3);
        StateCache cache = StateCache.load(state, CLOCK);
        FileStat racy = new FileStat(1, TimeUnit.MILLISECONDS.toNanos(NOW.toEpochMilli()), 1, false);
        cache.put("f1", racy, OTHER);
        cache.save();
        StateCache reloaded = StateCache.load(state, CLOCK);
        assertNull(reloaded.get("f1", new FileStat(1, OLD, 1, false)));
        assertNull(reloaded.get("f1", racy));
        assertEquals(OID, reloaded.get("f2", new FileStat(2, OLD, 2, false)));
    }
}
