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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
