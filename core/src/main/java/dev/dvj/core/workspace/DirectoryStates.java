package dev.dvj.core.workspace;

import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each tracked directory's manifest id together with a fingerprint of the scan it was
 * computed from: the SHA-256 of every file's path and stat (size, mtime, inode, executable bit),
 * in scan order. When a later scan has the same fingerprint, every file has the same stat as then,
 * so by the state cache's own rule every file has the same content, and the directory the same
 * manifest: the per-file lookups, the manifest's sort, serialisation and hash are skipped. For a
 * no-op {@code dvj status} of 20,000 files that was about half of its run.
 *
 * <p>The rule is no weaker than the per-file one: a directory is remembered only if none of its
 * files was racy (modified too recently to trust its mtime, see {@link StateCache}) when its id was
 * computed, and any change to the list of files (one added, removed, renamed, newly ignored) or
 * any file's stat changes the fingerprint. Lives in {@code .dvj/tmp/directory-states}, apart from the
 * per-file state so that a command finding every directory unchanged never loads that one.
 */
public final class DirectoryStates {
    private static final int MAGIC = 0x44564a44; // "DVJD"
    /** Part of every fingerprint: a change to what is fingerprinted or how makes old ones miss. */
    private static final int VERSION = 1;

    /** What a directory's scan was when its manifest id was computed. */
    public record Entry(byte[] fingerprint, ObjectId oid, long size, int files) {
        boolean matches(byte[] scan) {
            return MessageDigest.isEqual(fingerprint, scan);
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;
    private volatile boolean dirty;

    private DirectoryStates(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    public static DirectoryStates load(Path file) {
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            if (in.readInt() == MAGIC && in.readInt() == VERSION) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    String path = in.readUTF();
                    byte[] fingerprint = new byte[32];
                    in.readFully(fingerprint);
                    ObjectId oid = ObjectId.parse(in.readUTF());
                    entries.put(path, new Entry(fingerprint, oid, in.readLong(), in.readInt()));
                }
            }
        } catch (NoSuchFileException e) {
            // Nothing remembered yet.
        } catch (IOException | RuntimeException e) {
            // Only a cache: a damaged file costs one full computation per directory.
            entries.clear();
        }
        return new DirectoryStates(file, entries);
    }

    /** The remembered state of a directory (repository-relative path), or null. */
    public Entry get(String directory) {
        return entries.get(directory);
    }

    public void put(String directory, Entry entry) {
        Entry previous = entries.put(directory, entry);
        if (previous == null || !previous.matches(entry.fingerprint()) || !previous.oid().equals(entry.oid())) {
            dirty = true;
        }
    }

    /** Forgets a directory, e.g. when one of its files was racy and its id cannot be vouched for. */
    public void forget(String directory) {
        if (entries.remove(directory) != null) {
            dirty = true;
        }
    }

    /**
     * Moves remembered directories along with a renamed file or folder: a fingerprint holds paths
     * inside its directory only, so it stays true wherever the directory goes.
     */
    public void rename(String from, String to) {
        String prefix = from + "/";
        for (String path : List.copyOf(entries.keySet())) {
            if (path.equals(from) || path.startsWith(prefix)) {
                Entry entry = entries.remove(path);
                if (entry != null) {
                    entries.put(to + path.substring(from.length()), entry);
                    dirty = true;
                }
            }
        }
    }

    /**
     * The fingerprint of a scan: SHA-256 over each file's path, NUL, size, mtime, inode and
     * executable bit, in the order given (the scanner's order, which is the same for an unchanged
     * directory; a different order only costs one full computation).
     */
    public static byte[] fingerprint(List<ScannedFile> files) {
        MessageDigest digest = HashAlgorithm.SHA256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        buffer.putInt(VERSION);
        for (ScannedFile f : files) {
            byte[] path = f.relPath().getBytes(StandardCharsets.UTF_8);
            if (buffer.remaining() < path.length + 1 + 3 * Long.BYTES + 1) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
            if (buffer.remaining() < path.length + 1 + 3 * Long.BYTES + 1) {
                digest.update(path); // a path longer than the buffer: straight to the digest
            } else {
                buffer.put(path);
            }
            FileStat stat = f.stat();
            buffer.put((byte) 0).putLong(stat.size()).putLong(stat.mtimeNanos()).putLong(stat.inode())
                    .put((byte) (stat.executable() ? 1 : 0));
        }
        buffer.flip();
        digest.update(buffer);
        return digest.digest();
    }

    public void save() throws IOException {
        if (!dirty) {
            return;
        }
        Map<String, Entry> snapshot = new HashMap<>(entries);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(snapshot.size() * 160 + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(snapshot.size());
            for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
                Entry entry = e.getValue();
                out.writeUTF(e.getKey());
                out.write(Arrays.copyOf(entry.fingerprint(), 32));
                out.writeUTF(entry.oid().toString());
                out.writeLong(entry.size());
                out.writeInt(entry.files());
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
        dirty = false;
    }
}
