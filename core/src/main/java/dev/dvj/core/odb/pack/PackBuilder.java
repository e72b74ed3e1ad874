package dev.dvj.core.odb.pack;

import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one pack: a plain POSIX (ustar) tar of objects, entry names {@code <2 hex>/<62 hex>[.dir]}
 * as in the loose layout, so any tar tool can unpack one into a folder remote. Written with Apache
 * Commons Compress, deterministically (mode 0444, owner 0, time 0, 512-byte records), so the same
 * objects in the same order always make the same pack and pack id. Not compressed: each object's
 * bytes sit at a fixed offset a range request can read, and data worth versioning is mostly
 * compressed already.
 */
public final class PackBuilder {
    private static final int RECORD = 512;

    private final PackBuffer bytes;
    private final TarArchiveOutputStream tar;
    private final List<PackIndex.Entry> entries = new ArrayList<>();
    /** Where the next entry's header starts: the tar's length so far, computed as tar lays it out. */
    private long position;

    public PackBuilder() {
        this(List.of());
    }

    /**
     * A builder whose buffer is sized for exactly these objects' lengths, so a 32 MiB pack is not
     * copied again and again as it grows (and then once more to hand it out): on a 20,000-file push
     * to a folder that copying was most of the time.
     */
    public PackBuilder(List<Long> lengths) {
        long size = 2 * RECORD;
        for (long length : lengths) {
            size += RECORD + padded(length);
        }
        this.bytes = new PackBuffer((int) Math.min(size, Integer.MAX_VALUE - 8));
        this.tar = new TarArchiveOutputStream(bytes, RECORD);
    }

    private static long padded(long length) {
        return (length + RECORD - 1) / RECORD * RECORD;
    }

    /** Hands out its array itself when it is exactly full, rather than a copy. */
    private static final class PackBuffer extends ByteArrayOutputStream {
        PackBuffer(int size) {
            super(Math.max(size, 32));
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /** A pack finished: its id (the SHA-256 of its bytes), bytes and index. */
    public record Pack(String id, byte[] bytes, PackIndex index) {
    }

    /** Adds an object, whose bytes the caller has checked against its id. */
    public void add(ObjectId id, byte[] content) {
        TarArchiveEntry entry = new TarArchiveEntry(id.shard() + "/" + id.fileName(), true);
        entry.setSize(content.length);
        entry.setMode(0100444);
        entry.setIds(0, 0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setLastModifiedTime(FileTime.fromMillis(0));
        try {
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        // A ustar header is one record (names are under 100 bytes, sizes under 8 GiB: no extensions),
        // then the bytes, padded to a whole record.
        entries.add(new PackIndex.Entry(id, position + RECORD, content.length));
        position += RECORD + padded(content.length);
    }

    /** The pack's length so far. */
    public long size() {
        return position;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Pack finish() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        byte[] pack = bytes.bytes();
        if (pack.length != position + 2 * RECORD) {
            // The offsets in the index would be wrong: never write such a pack.
            throw new IllegalStateException("tar laid out " + pack.length + " bytes where " + (position + 2 * RECORD) + " were expected");
        }
        String id = Hashing.ofBytes(pack, false).hex();
        return new Pack(id, pack, new PackIndex(id, pack.length, entries));
    }
}
