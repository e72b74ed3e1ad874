package dev.dvj.core.chunk;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks a big file is stored as, in order: each chunk's id (the SHA-256 of its bytes) and
 * length, and the file's size. Kept as UTF-8 text, one chunk per line, so that it diffs and can
 * be read by eye:
 * <pre>
 * dvj-chunks 1
 * size 1048576
 * 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b 70312
 * ...
 * </pre>
 * Reading it back checks every line; the file's own id is checked by whoever reassembles it
 * (the chunks' bytes, hashed whole, must give the id the list was stored under).
 */
public record ChunkList(long size, List<Entry> chunks) {
    static final String HEADER = "dvj-chunks 1";

    public record Entry(ObjectId id, int length) {
    }

    public ChunkList {
        chunks = List.copyOf(chunks);
    }

    public static ChunkList of(List<Chunker.Chunk> chunks) {
        long size = 0;
        List<Entry> entries = new ArrayList<>(chunks.size());
        for (Chunker.Chunk chunk : chunks) {
            entries.add(new Entry(chunk.id(), chunk.length()));
            size += chunk.length();
        }
        return new ChunkList(size, entries);
    }

    public byte[] toBytes() {
        StringBuilder text = new StringBuilder(HEADER).append('\n').append("size ").append(size).append('\n');
        for (Entry entry : chunks) {
            text.append(entry.id().hex()).append(' ').append(entry.length()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a stored list; {@code source} names it in errors, with the line. */
    public static ChunkList parse(byte[] bytes, String source) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 3 || !lines[0].equals(HEADER) || !lines[lines.length - 1].isEmpty()) {
            throw DvjException.data(source + ": not a dvj chunk list (it must start with '" + HEADER + "' and end with a newline)");
        }
        if (!lines[1].startsWith("size ")) {
            throw malformed(source, 2, "expected 'size N'");
        }
        long size = parseLong(lines[1].substring(5), source, 2);
        List<Entry> entries = new ArrayList<>(lines.length - 3);
        long total = 0;
        for (int i = 2; i < lines.length - 1; i++) {
            String line = lines[i];
            int space = line.indexOf(' ');
            ObjectId id = space < 0 ? null : ObjectId.parseOrNull(line.substring(0, space));
            if (id == null || id.directory()) {
                throw malformed(source, i + 1, "expected '<64 hex> <length>'");
            }
            long length = parseLong(line.substring(space + 1), source, i + 1);
            if (length <= 0 || length > Chunker.MAX_SIZE) {
                throw malformed(source, i + 1, "a chunk of " + length + " bytes (1 to " + Chunker.MAX_SIZE + ")");
            }
            entries.add(new Entry(id, (int) length));
            total += length;
        }
        if (total != size) {
            throw DvjException.data(source + ": its chunks add up to " + total + " bytes, not the size " + size);
        }
        return new ChunkList(size, entries);
    }

    private static long parseLong(String text, String source, int line) {
        if (!text.matches("0|[1-9][0-9]{0,17}")) {
            throw malformed(source, line, "'" + text + "' is not a byte count");
        }
        return Long.parseLong(text);
    }

    private static DvjException malformed(String source, int line, String what) {
        return DvjException.data(source + ":" + line + ": " + what);
    }
}
