package dev.dvj.core.workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact record of a directory scan: for each file, in scan order, its path (UTF-8), a NUL, its
 * size, mtime, inode and executable bit. Two scans with equal signatures saw the same files with
 * the same stat. Each folder's part is written by the thread that scanned it; a parent joins its
 * children's parts without copying them.
 */
public final class ScanSignature {
    /** Bumped when what a signature records, or how, changes, so old ones stop matching. */
    static final int FORMAT = 1;
    private static final byte[] HEADER = {'D', 'V', 'J', 'S', 0, 0, 0, FORMAT};
    private static final int ENTRY_FIXED = 1 + 3 * Long.BYTES + 1;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current = new byte[256];
    private int used;
    private int length;

    /** A signature that starts with the format header (the root of a scan). */
    static ScanSignature root() {
        ScanSignature signature = new ScanSignature();
        signature.chunks.add(HEADER);
        signature.length = HEADER.length;
        return signature;
    }

    void add(String relPath, FileStat stat) {
        byte[] path = relPath.getBytes(StandardCharsets.UTF_8);
        ensure(path.length + ENTRY_FIXED);
        System.arraycopy(path, 0, current, used, path.length);
        used += path.length;
        current[used++] = 0;
        putLong(stat.size());
        putLong(stat.mtimeNanos());
        putLong(stat.inode());
        current[used++] = (byte) (stat.executable() ? 1 : 0);
    }

    /** Appends a subfolder's signature after this folder's own files. */
    void append(ScanSignature child) {
        seal();
        child.seal();
        chunks.addAll(child.chunks);
        length += child.length;
    }

    /** Whether these bytes are exactly this signature. */
    public boolean sameAs(byte[] remembered) {
        seal();
        if (remembered == null || remembered.length != length) {
            return false;
        }
        int at = 0;
        for (byte[] chunk : chunks) {
            if (!Arrays.equals(chunk, 0, chunk.length, remembered, at, at + chunk.length)) {
                return false;
            }
            at += chunk.length;
        }
        return true;
    }

    public byte[] toBytes() {
        seal();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    /** Ends the chunk being written, so that later appends keep the order. */
    private void seal() {
        if (used > 0) {
            chunks.add(Arrays.copyOf(current, used));
            length += used;
            used = 0;
        }
    }

    private void ensure(int more) {
        if (used + more > current.length) {
            current = Arrays.copyOf(current, Math.max(current.length * 2, used + more));
        }
    }

    private void putLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            current[used++] = (byte) (value >>> shift);
        }
    }
}
