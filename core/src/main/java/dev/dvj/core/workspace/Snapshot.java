package dev.dvj.core.workspace;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestShards;

import java.util.function.Supplier;

/**
 * The content of one output as it is now: its id and size, and for a directory its manifest. A
 * directory found unchanged by its scan's signature ({@link DirectoryStates}) has its manifest
 * built only if a caller asks for it.
 */
public final class Snapshot {
    private final ObjectId oid;
    private final long size;
    private final int nfiles;
    private Supplier<Manifest> pending;
    private Manifest manifest;

    private Snapshot(ObjectId oid, long size, int nfiles, Manifest manifest, Supplier<Manifest> pending) {
        this.oid = oid;
        this.size = size;
        this.nfiles = nfiles;
        this.manifest = manifest;
        this.pending = pending;
    }

    public static Snapshot ofFile(ObjectId oid, long size) {
        return new Snapshot(oid, size, -1, null, null);
    }

    public static Snapshot ofDirectory(ObjectId oid, Manifest manifest) {
        return new Snapshot(oid, manifest.totalSize(), manifest.entries().size(), manifest, null);
    }

    /** A directory whose manifest {@code later} builds (or reads) on first use. */
    static Snapshot ofDirectory(ObjectId oid, long size, int nfiles, Supplier<Manifest> later) {
        return new Snapshot(oid, size, nfiles, null, later);
    }

    public ObjectId oid() {
        return oid;
    }

    public long size() {
        return size;
    }

    public boolean isDirectory() {
        return nfiles >= 0;
    }

    /** The directory's manifest; null for a file. */
    public synchronized Manifest manifest() {
        if (manifest == null && pending != null) {
            manifest = pending.get();
            pending = null;
        }
        return manifest;
    }

    /**
     * Whether this is the content {@code recorded} names: the same id or, for a directory big
     * enough to be sharded that a dvj from before shards recorded as one flat listing, the same
     * files (the next add or commit records it in shards).
     */
    public boolean sameAs(ObjectId recorded) {
        if (oid.equals(recorded)) {
            return true;
        }
        if (recorded == null || !recorded.directory() || nfiles <= ManifestShards.SHARD_ABOVE) {
            return false;
        }
        Manifest listing = manifest();
        return listing != null && listing.flatId().equals(recorded);
    }

    public Integer nfiles() {
        return isDirectory() ? nfiles : null;
    }
}
