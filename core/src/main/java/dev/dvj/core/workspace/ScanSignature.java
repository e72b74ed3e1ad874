package dev.dvj.core.workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact record of a directory scan: for each file, in scan order, its path (UTF-8), a NUL, its
 * size, mtime, inode and executable bit. Two scans with equal signatures saw the same files with
 * the same stat. Each folder's part is written by the thread that scanned it, in chunks that grow
 * to 16 KiB; a parent joins its children's chunks without copying them.
 */
public final class ScanSignature {
    /** Bumped when what a signature records, or how, changes, so old ones stop matching. */
    static final int FORMAT = 1;
    private static final byte[] HEADER = {'D', 'V', 'J', 'S', 0, 0, 0, FORMAT};
    private static final int ENTRY_FIXED = 1 + 3 * Long.BYTES + 1;
    private static final int CHUNK = 16 * 1024;

    /** Filled chunks and how much of each is used. */
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<Integer> used = new ArrayList<>();
    private byte[] current;
    private int at;
    /** Chunks start small (a folder may hold three files) and double up to {@link #CHUNK}. */
    private int nextChunk = 256;
    private int length;

    /** A signature that starts with the format header (the root of a scan). */
    static ScanSignature root() {
        ScanSignature signature = new ScanSignature();
        signature.chunks.add(HEADER);
        signature.used.add(HEADER.length);
        signature.length = HEADER.length;
        return signature;
    }

    void add(String relPath, FileStat stat) {
        byte[] path = relPath.getBytes(StandardCharsets.UTF_8);
        ensure(path.length + ENTRY_FIXED);
        System.arraycopy(path, 0, current, at, path.length);
        at += path.length;
        current[at++] = 0;
        putLong(stat.size());
        putLong(stat.mtimeNanos());
        putLong(stat.inode());
        current[at++] = (byte) (stat.executable() ? 1 : 0);
    }

    /** Appends a subfolder's signature after this folder's own files. */
    void append(ScanSignature child) {
        seal();
        child.seal();
        chunks.addAll(child.chunks);
        used.addAll(child.used);
        length += child.length;
    }

    /** Whether {@code bytes[from, to)} is exactly this signature. */
    public boolean sameAs(byte[] bytes, int from, int to) {
        seal();
        if (bytes == null || to - from != length) {
            return false;
        }
        int offset = from;
        for (int i = 0; i < chunks.size(); i++) {
            int n = used.get(i);
            if (!Arrays.equals(chunks.get(i), 0, n, bytes, offset, offset + n)) {
                return false;
            }
            offset += n;
        }
        return true;
    }

    public boolean sameAs(byte[] bytes) {
        return bytes != null && sameAs(bytes, 0, bytes.length);
    }

    public byte[] toBytes() {
        seal();
        byte[] all = new byte[length];
        int offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            int n = used.get(i);
            System.arraycopy(chunks.get(i), 0, all, offset, n);
            offset += n;
        }
        return all;
    }

    /** Ends the chunk being written, so that later appends keep the order. */
    private void seal() {
        if (at > 0) {
            chunks.add(current);
            used.add(at);
            length += at;
            current = null;
            at = 0;
        }
    }

    private void ensure(int more) {
        if (current != null && at + more <= current.length) {
            return;
        }
        seal();
        current = new byte[Math.max(nextChunk, more)];
        nextChunk = Math.min(nextChunk * 2, CHUNK);
    }

    private void putLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            current[at++] = (byte) (value >>> shift);
        }
    }
}
