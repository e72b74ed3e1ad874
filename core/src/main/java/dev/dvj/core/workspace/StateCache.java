package dev.dvj.core.workspace;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Remembers the hash of each workspace file by (path, size, mtime, inode), so unchanged files are
 * only stat'ed, never re-read. Private and disposable: losing it only costs rehashing.
 *
 * <p>Stored as a snapshot ({@code .dvj/tmp/state}) and a journal beside it ({@code state.log}): a
 * save appends only the entries that changed, as one checksummed block, and the snapshot is
 * rewritten whole only when the journal has grown to a quarter of it. With a million files the
 * snapshot is 113 MB, and rewriting it made a save after one changed entry (with every file
 * looked up first) take 2.5 s instead of 1.2 s; yet looking up every file in a map loaded from it
 * beat the embedded stores measured
 * (H2's MVStore 3.2x slower in a fresh JVM, SQLite 3.1x read whole and 12x queried per file;
 * bench/state-store.sh, bench/results/state-store.md).
 *
 * <p>A file modified within the filesystem's timestamp granularity of being hashed could keep its
 * old mtime; such "racy" files are not remembered and get hashed again next time. How recent is
 * racy depends on the granularity: an mtime with a fraction of a second comes from a filesystem
 * with fine timestamps (ext4, xfs, btrfs, APFS: the kernel's clock tick, a few milliseconds), so
 * {@link #FINE_RACY_WINDOW_NANOS} is plenty; an mtime on a whole second may come from one that
 * keeps seconds (FAT, HFS+, some network mounts) and gets {@link #RACY_WINDOW_NANOS}. The short
 * window matters: checkout and pull record every file they write, and with a 2 s window the next
 * command re-read all 20,000 files of a fresh pull.
 *
 * <p>Several dvj processes may save at once (status takes no lock). Every entry is only a claim
 * "this path with this stat had this id", true whichever process wrote it, so the worst a race
 * can do is lose entries (a rehash): a journal belongs to the snapshot whose random generation its
 * header carries and is ignored beside any other, and a block whose checksum fails ends the replay.
 */
public final class StateCache {
    static final long RACY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long FINE_RACY_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int MAGIC = 0x44564a53; // "DVJS"
    private static final int VERSION = 3;
    private static final int JOURNAL_MAGIC = 0x44564a4c; // "DVJL"
    private static final int JOURNAL_VERSION = 1;
    private static final String JOURNAL_SUFFIX = ".log";
    /** The journal may hold this many entries, or a quarter of the snapshot's if more, before a rewrite. */
    static final int JOURNAL_MIN_LIMIT = 4096;

    private record Entry(FileStat stat, ObjectId oid) {
    }

    /** In the journal, a path no longer remembered (written with size -1 and nothing after it). */
    private static final Entry GONE = new Entry(new FileStat(-1, 0, 0, false), null);

    private final Path file;
    private final Path journal;
    private final Clock clock;
    private final Map<String, Entry> entries;
    /** Entries too recent to trust when put: never answered by get, reconsidered when saving. */
    private final Map<String, Entry> racy = new ConcurrentHashMap<>();
    /**
     * Entries put, changed or gone ({@link #GONE}) since the last load or save: what the next save
     * appends. Not kept while there is no snapshot yet: then the save writes one, whole.
     */
    private final Map<String, Entry> changed = new ConcurrentHashMap<>();
    private volatile boolean dirty;
    /** The snapshot's generation (0: none on disk), and how many entries its journal holds. */
    private volatile long generation;
    private int snapshotEntries;
    private int journalEntries;

    private StateCache(Path file, Clock clock, int expected) {
        this.file = file;
        this.journal = file.resolveSibling(file.getFileName() + JOURNAL_SUFFIX);
        this.clock = clock;
        this.entries = new ConcurrentHashMap<>(Math.max(16, expected * 4 / 3 + 1));
    }

    public static StateCache load(Path file, Clock clock) {
        StateCache cache = readSnapshot(file, clock);
        if (cache.generation != 0) {
            cache.replayJournal();
        }
        return cache;
    }

    private static StateCache readSnapshot(Path file, Clock clock) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return new StateCache(file, clock, 0);
            }
            long generation = in.readLong();
            int count = in.readInt();
            StateCache cache = new StateCache(file, clock, count);
            byte[] hex = new byte[64];
            for (int i = 0; i < count; i++) {
                cache.readEntry(in, hex);
            }
            cache.generation = generation;
            cache.snapshotEntries = count;
            return cache;
        } catch (NoSuchFileException e) {
            // First run: nothing remembered yet.
        } catch (IOException | RuntimeException e) {
            // A damaged state file is only a cache: start afresh.
        }
        return new StateCache(file, clock, 0);
    }

    /** Applies the journal's blocks in order, up to the first one cut short or damaged. */
    private void replayJournal() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(journal);
        } catch (IOException e) {
            return; // none yet, or unreadable: only a cache
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 16 || in.getInt() != JOURNAL_MAGIC || in.getInt() != JOURNAL_VERSION || in.getLong() != generation) {
            return; // another snapshot's journal: what it says may be older than the snapshot
        }
        while (in.remaining() >= 12) {
            int count = in.getInt();
            int length = in.getInt();
            int checksum = in.getInt();
            if (count < 0 || length < 0 || length > in.remaining()) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, in.position(), length);
            if ((int) crc.getValue() != checksum) {
                return;
            }
            try (DataInputStream block = new DataInputStream(new ByteArrayInputStream(bytes, in.position(), length))) {
                byte[] hex = new byte[64];
                for (int i = 0; i < count; i++) {
                    readEntry(block, hex);
                }
            } catch (IOException | RuntimeException e) {
                return;
            }
            journalEntries += count;
            in.position(in.position() + length);
        }
    }

    // Ids are kept as their 64 hex characters: building a String from ASCII bytes is far cheaper
    // than formatting 32 bytes as hex, and this runs once per tracked file (hence one buffer too).
    private void readEntry(DataInputStream in, byte[] hex) throws IOException {
        String path = in.readUTF();
        long size = in.readLong();
        if (size < 0) {
            entries.remove(path);
            return;
        }
        FileStat stat = new FileStat(size, in.readLong(), in.readLong(), in.readBoolean());
        in.readFully(hex);
        entries.put(path, new Entry(stat, new ObjectId(new String(hex, StandardCharsets.ISO_8859_1), false)));
    }

    private static void writeEntry(DataOutputStream out, String path, Entry entry) throws IOException {
        out.writeUTF(path);
        out.writeLong(entry.stat.size());
        if (entry == GONE) {
            return;
        }
        out.writeLong(entry.stat.mtimeNanos());
        out.writeLong(entry.stat.inode());
        out.writeBoolean(entry.stat.executable());
        out.write(entry.oid.hex().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The remembered id of this file, or null when it is unknown or its stat changed. */
    public ObjectId get(String path, FileStat stat) {
        Entry entry = entries.get(path);
        return entry != null && entry.stat.equals(stat) ? entry.oid : null;
    }

    public void put(String path, FileStat stat, ObjectId oid) {
        if (isRacy(stat)) {
            if (entries.remove(path) != null) {
                changed(path, GONE); // the old entry must not come back from the snapshot
            }
            racy.put(path, new Entry(stat, oid));
            dirty = true;
            return;
        }
        racy.remove(path);
        Entry entry = new Entry(stat, oid);
        Entry previous = entries.put(path, entry);
        if (previous == null || !previous.equals(entry)) {
            changed(path, entry);
        }
    }

    private void changed(String path, Entry entry) {
        dirty = true;
        if (generation != 0) {
            changed.put(path, entry);
        }
    }

    private boolean isRacy(FileStat stat) {
        return isRacy(stat, nowNanos());
    }

    private long nowNanos() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    private static boolean isRacy(FileStat stat, long nowNanos) {
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
                    String moved = to + path.substring(from.length());
                    entries.put(moved, entry);
                    changed(path, GONE);
                    changed(moved, entry);
                }
            }
        }
    }

    public int size() {
        return entries.size();
    }

    /**
     * Appends what changed (and what went away) to the journal, or rewrites the snapshot (and
     * starts a new journal) when there is none yet or the journal would outgrow its limit.
     */
    public synchronized void save() throws IOException {
        if (!dirty) {
            return;
        }
        // Racy when recorded, but saved only if no longer racy now (like Git, which judges
        // against the time the index is written): checkout records files the moment it writes
        // them, and would otherwise leave every one of them to be re-read. A racy path is never
        // in entries at the same time (put moves it between the two). One "now" for the whole
        // save, so every pass below agrees on which racy entries have settled.
        long now = nowNanos();
        int settled = (int) racy.values().stream().filter(entry -> !isRacy(entry.stat, now)).count();
        int count = changed.size() + settled;
        if (generation == 0) {
            writeSnapshot(now, settled);
        } else if (count > 0) {
            boolean appended = journalEntries + count <= Math.max(JOURNAL_MIN_LIMIT, snapshotEntries / 4)
                    && append(now);
            if (!appended) {
                writeSnapshot(now, settled);
            }
        }
        for (Iterator<Map.Entry<String, Entry>> it = racy.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (!isRacy(e.getValue().stat, now)) {
                entries.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        changed.clear();
        dirty = false;
    }

    /** Writes every entry, and the settled racy ones, as a new snapshot with a new generation. */
    private void writeSnapshot(long now, int settled) throws IOException {
        long next = newGeneration();
        int count = entries.size() + settled;
        // Streamed to the file: with a million files the snapshot is 113 MB.
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(next);
            out.writeInt(count);
            int written = 0;
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                writeEntry(out, e.getKey(), e.getValue());
                written++;
            }
            for (Map.Entry<String, Entry> e : racy.entrySet()) {
                if (!isRacy(e.getValue().stat, now)) {
                    writeEntry(out, e.getKey(), e.getValue());
                    written++;
                }
            }
            if (written != count) {
                throw new IOException("state changed while it was being saved"); // the old snapshot stays
            }
            out.flush();
        });
        // The old journal names the old generation, so readers already ignore it; this only frees it.
        Files.deleteIfExists(journal);
        generation = next;
        snapshotEntries = count;
        journalEntries = 0;
    }

    /**
     * Appends one block to this snapshot's journal (creating it whole, with its header, if there is
     * none); false when the journal on disk belongs to another snapshot, so a rewrite is needed.
     */
    private boolean append(long now) throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream(changed.size() * 96 + 64);
        int count = 0;
        try (DataOutputStream out = new DataOutputStream(records)) {
            for (Map.Entry<String, Entry> e : changed.entrySet()) {
                Entry laterRacy = racy.get(e.getKey());
                if (laterRacy == null || isRacy(laterRacy.stat, now)) { // else the settled entry replaces it
                    writeEntry(out, e.getKey(), e.getValue());
                    count++;
                }
            }
            for (Map.Entry<String, Entry> e : racy.entrySet()) {
                if (!isRacy(e.getValue().stat, now)) {
                    writeEntry(out, e.getKey(), e.getValue());
                    count++;
                }
            }
        }
        byte[] body = records.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteBuffer block = ByteBuffer.allocate(12 + body.length).putInt(count).putInt(body.length)
                .putInt((int) crc.getValue()).put(body);
        block.flip();
        if (!Files.exists(journal) && createJournal(block)) {
            journalEntries += count;
            return true;
        }
        // Appenders take turns under an OS lock on the journal, so blocks never interleave.
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            ByteBuffer head = ByteBuffer.allocate(16);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // the header, from the start of the file
            }
            head.flip();
            if (head.remaining() < 16 || head.getInt() != JOURNAL_MAGIC || head.getInt() != JOURNAL_VERSION || head.getLong() != generation) {
                return false;
            }
            long end = channel.size();
            while (block.hasRemaining()) {
                end += channel.write(block, end);
            }
        } catch (NoSuchFileException e) {
            return false; // removed by a rewrite in between
        }
        journalEntries += count;
        return true;
    }

    /** Creates the journal with its header and first block in one rename; false if one appeared first. */
    private boolean createJournal(ByteBuffer block) throws IOException {
        ByteBuffer whole = ByteBuffer.allocate(16 + block.remaining()).putInt(JOURNAL_MAGIC).putInt(JOURNAL_VERSION)
                .putLong(generation).put(block.duplicate());
        return AtomicFiles.create(journal, whole.array()); // never over another process's journal
    }

    private static long newGeneration() {
        long value;
        do {
            value = new SecureRandom().nextLong();
        } while (value == 0);
        return value;
    }
}
