package dev.dvj.core.workspace;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the hash of each workspace file by (path, size, mtime, inode), so unchanged files are
 * only stat'ed, never re-read. Lives in {@code .dvj/tmp/state}, a private binary file: losing it only
 * costs rehashing.
 *
 * <p>A file modified within the filesystem's timestamp granularity of being hashed could keep its
 * old mtime; such "racy" files are not remembered and get hashed again next time. How recent is
 * racy depends on the granularity: an mtime with a fraction of a second comes from a filesystem
 * with fine timestamps (ext4, xfs, btrfs, APFS: the kernel's clock tick, a few milliseconds), so
 * {@link #FINE_RACY_WINDOW_NANOS} is plenty; an mtime on a whole second may come from one that
 * keeps seconds (FAT, HFS+, some network mounts) and gets {@link #RACY_WINDOW_NANOS}. The short
 * window matters: checkout and pull record every file they write, and with a 2 s window the next
 * command re-read all 20,000 files of a fresh pull.
 */
public final class StateCache {
    static final long RACY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long FINE_RACY_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int MAGIC = 0x44564a53; // "DVJS"
    private static final int VERSION = 2;

    private record Entry(FileStat stat, ObjectId oid) {
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, Entry> entries;
    /** Entries too recent to trust when put: never answered by get, reconsidered when saving. */
    private final Map<String, Entry> racy = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    private StateCache(Path file, Clock clock, int expected) {
        this.file = file;
        this.clock = clock;
        this.entries = new ConcurrentHashMap<>(Math.max(16, expected * 4 / 3 + 1));
    }

    public static StateCache load(Path file, Clock clock) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return new StateCache(file, clock, 0);
            }
            int count = in.readInt();
            StateCache cache = new StateCache(file, clock, count);
            // Ids are kept as their 64 hex characters: building a String from ASCII bytes is far
            // cheaper than formatting 32 bytes as hex, and this loop runs once per tracked file.
            byte[] hex = new byte[64];
            for (int i = 0; i < count; i++) {
                String path = in.readUTF();
                FileStat stat = new FileStat(in.readLong(), in.readLong(), in.readLong(), in.readBoolean());
                in.readFully(hex);
                cache.entries.put(path, new Entry(stat, new ObjectId(new String(hex, StandardCharsets.ISO_8859_1), false)));
            }
            return cache;
        } catch (NoSuchFileException e) {
            // First run: nothing remembered yet.
        } catch (IOException | RuntimeException e) {
            // A damaged state file is only a cache: start afresh.
        }
        return new StateCache(file, clock, 0);
    }

    /** The remembered id of this file, or null when it is unknown or its stat changed. */
    public ObjectId get(String path, FileStat stat) {
        Entry entry = entries.get(path);
        return entry != null && entry.stat.equals(stat) ? entry.oid : null;
    }

    public void put(String path, FileStat stat, ObjectId oid) {
        if (isRacy(stat)) {
            entries.remove(path);
            racy.put(path, new Entry(stat, oid));
            dirty = true;
            return;
        }
        racy.remove(path);
        Entry previous = entries.put(path, new Entry(stat, oid));
        if (previous == null || !previous.stat.equals(stat) || !previous.oid.equals(oid)) {
            dirty = true;
        }
    }

    private boolean isRacy(FileStat stat) {
        long nowNanos = TimeUnit.MILLISECONDS.toNanos(clock.millis());
        boolean fineTimestamps = stat.mtimeNanos() % TimeUnit.SECONDS.toNanos(1) != 0;
        return stat.mtimeNanos() > nowNanos - (fineTimestamps ? FINE_RACY_WINDOW_NANOS : RACY_WINDOW_NANOS);
    }

    /** Moves remembered entries along with a renamed file or folder. */
    public void rename(String from, String to) {
        String prefix = from + "/";
        racy.keySet().removeIf(path -> path.equals(from) || path.startsWith(prefix));
        for (String path : Map.copyOf(entries).keySet()) {
            if (path.equals(from) || path.startsWith(prefix)) {
                Entry entry = entries.remove(path);
                if (entry != null) {
                    entries.put(to + path.substring(from.length()), entry);
                    dirty = true;
                }
            }
        }
    }

    public int size() {
        return entries.size();
    }

    public void save() throws IOException {
        if (!dirty) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 96 + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            Map<String, Entry> snapshot = new HashMap<>(entries);
            // Racy when recorded, but saved only if no longer racy now (like Git, which judges
            // against the time the index is written): checkout records files the moment it writes
            // them, and would otherwise leave every one of them to be re-read.
            racy.forEach((path, entry) -> {
                if (!isRacy(entry.stat)) {
                    snapshot.putIfAbsent(path, entry);
                }
            });
            out.writeInt(snapshot.size());
            for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
                FileStat stat = e.getValue().stat;
                out.writeUTF(e.getKey());
                out.writeLong(stat.size());
                out.writeLong(stat.mtimeNanos());
                out.writeLong(stat.inode());
                out.writeBoolean(stat.executable());
                out.write(e.getValue().oid.hex().getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
        dirty = false;
    }
}
