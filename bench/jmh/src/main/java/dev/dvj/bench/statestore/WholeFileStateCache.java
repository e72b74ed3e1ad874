package dev.dvj.bench.statestore;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.workspace.FileStat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state cache as dvj kept it until the journal (format version 2, without the racy-file
 * handling, which the comparison never exercises): one binary file, read whole into a map and
 * rewritten whole by every save that changed anything. The baseline of StateStoreComparison.
 */
final class WholeFileStateCache {
    private record Entry(FileStat stat, ObjectId oid) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private boolean dirty;

    WholeFileStateCache(Path file) {
        this.file = file;
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            in.readInt();
            in.readInt();
            int count = in.readInt();
            byte[] hex = new byte[64];
            for (int i = 0; i < count; i++) {
                String path = in.readUTF();
                FileStat stat = new FileStat(in.readLong(), in.readLong(), in.readLong(), in.readBoolean());
                in.readFully(hex);
                entries.put(path, new Entry(stat, new ObjectId(new String(hex, StandardCharsets.ISO_8859_1), false)));
            }
        } catch (IOException e) {
            // none yet
        }
    }

    ObjectId get(String path, FileStat stat) {
        Entry entry = entries.get(path);
        return entry != null && entry.stat.equals(stat) ? entry.oid : null;
    }

    void put(String path, FileStat stat, ObjectId oid) {
        Entry previous = entries.put(path, new Entry(stat, oid));
        dirty |= previous == null || !previous.equals(new Entry(stat, oid));
    }

    void save() throws IOException {
        if (!dirty) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 96 + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x44564a53);
            out.writeInt(2);
            out.writeInt(entries.size());
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().stat.size());
                out.writeLong(e.getValue().stat.mtimeNanos());
                out.writeLong(e.getValue().stat.inode());
                out.writeBoolean(e.getValue().stat.executable());
                out.write(e.getValue().oid.hex().getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
        dirty = false;
    }
}
