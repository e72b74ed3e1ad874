package dev.dvj.core.odb;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.pack.PackingDatabase;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code dvj fsck}: reads every object a database holds and checks it against its id, as
 * {@code git fsck} does. It reports and never deletes or repairs: a damaged object may be the only
 * copy of something, and which copy is good is for the user to decide (a push or fetch from a
 * good copy replaces it, since both re-send what a survey finds damaged).
 *
 * <p>Checked: that every object's bytes hash to its id; that a directory manifest parses; and that
 * every file a manifest lists is held too, since everything else relies on a present manifest
 * meaning a complete directory.
 */
public final class Fsck {
    private final ObjectDatabase database;
    private final int jobs;

    public Fsck(ObjectDatabase database, int jobs) {
        this.database = database;
        this.jobs = Math.max(1, jobs);
    }

    /** What is wrong with one object. */
    public enum Problem {
        /** Its bytes hash to another id. */
        CORRUPT,
        /** A manifest whose bytes are right but do not parse (written by something else). */
        MALFORMED_MANIFEST,
        /** A manifest that lists files the database does not hold. */
        INCOMPLETE_DIRECTORY,
        /** A pack index that cannot be read, or names a pack that is not there whole. */
        BAD_PACK_INDEX,
        /** A pack whose bytes do not hash to its id (the objects in it are checked one by one too). */
        CORRUPT_PACK,
        /** A file kept as chunks whose chunks are missing, damaged, or do not make the file. */
        DAMAGED_CHUNKS
    }

    /**
     * @param detail for CORRUPT the id the bytes hash to; for INCOMPLETE_DIRECTORY how many files are absent
     */
    public record Damage(String id, Problem problem, String detail) {
    }

    /**
     * @param checked objects read and hashed
     * @param bytes   bytes read
     */
    public record Result(String database, int checked, long bytes, List<Damage> damage) {
        public boolean clean() {
            return damage.isEmpty();
        }
    }

    public Result run(Progress progress) {
        Map<ObjectId, ObjectInfo> held;
        try {
            held = database.list();
        } catch (IOException e) {
            throw database.error("cannot list", e);
        }
        List<Damage> damage = new ArrayList<>();
        List<ObjectId> loose = new ArrayList<>(held.keySet());
        long total = held.values().stream().mapToLong(ObjectInfo::size).filter(size -> size >= 0).sum();
        AtomicLong bytes = new AtomicLong();
        progress.begin("fsck " + database.name(), held.size(), total);
        try {
            if (database instanceof PackingDatabase packs) {
                PackCheck packed = new PackCheck(packs, jobs);
                damage.addAll(packed.run(held, progress, bytes));
                loose.removeAll(packed.checked());
            }
            loose.sort(Comparator.naturalOrder());
            List<Optional<Damage>> found = Parallel.map(loose, jobs, id -> {
                Checked checked = check(id, held);
                bytes.addAndGet(checked.size());
                progress.advance(1, checked.size());
                return checked.damage();
            });
            found.forEach(d -> d.ifPresent(damage::add));
        } finally {
            progress.end();
        }
        return new Result(database.name(), held.size(), bytes.get(), damage);
    }

    /** One object read and hashed: its size, and its damage if any. */
    private record Checked(long size, Optional<Damage> damage) {
    }

    private Checked check(ObjectId id, Map<ObjectId, ObjectInfo> held) {
        try {
            Optional<Checked> checked = database.read(id, in -> {
                MessageDigest digest = HashAlgorithm.SHA256.newDigest();
                byte[] buffer = new byte[128 << 10];
                java.io.ByteArrayOutputStream manifestBytes = id.directory() ? new java.io.ByteArrayOutputStream() : null;
                long size = 0;
                for (int n; (n = in.read(buffer)) >= 0; size += n) {
                    digest.update(buffer, 0, n);
                    if (manifestBytes != null) {
                        manifestBytes.write(buffer, 0, n);
                    }
                }
                ObjectId actual = ObjectId.ofDigest(digest.digest(), id.directory());
                return new Checked(size, verdict(id, actual, manifestBytes == null ? null : manifestBytes.toByteArray(), held, "", shardReader(database)));
            });
            // Listed a moment ago but gone now (a gc elsewhere): nothing to check.
            return checked.orElse(new Checked(0, Optional.empty()));
        } catch (DvjException e) {
            if (!id.directory() && database.isChunked(id)) {
                // Reassembly stops at the first bad chunk: reported like any damage, never repaired here.
                return new Checked(0, Optional.of(new Damage(id.toString(), Problem.DAMAGED_CHUNKS, e.getMessage())));
            }
            throw e;
        } catch (IOException e) {
            throw database.error("cannot read " + id, e);
        }
    }

    /**
     * What is wrong with an object whose bytes hash to {@code actual}: they are not its own, it is a
     * manifest that does not parse, or a directory whose files are not all held; empty if nothing.
     *
     * @param manifestBytes a directory object's bytes (null for a file)
     * @param where         what to say before the corrupt object's hash, e.g. the pack it is in
     * @param shards        reads a sharded manifest's shards from the database checked
     */
    static Optional<Damage> verdict(ObjectId id, ObjectId actual, byte[] manifestBytes, Map<ObjectId, ObjectInfo> held,
                                    String where, Manifest.ShardReader shards) {
        if (!actual.equals(id)) {
            return Optional.of(new Damage(id.toString(), Problem.CORRUPT, where + "its bytes hash to " + actual.hex()));
        }
        if (manifestBytes == null) {
            return Optional.empty();
        }
        Manifest manifest;
        try {
            long absentShards = Manifest.shardsOf(manifestBytes, id.toString()).stream()
                    .filter(shard -> !held.containsKey(shard.oid())).count();
            if (absentShards > 0) {
                return Optional.of(new Damage(id.toString(), Problem.INCOMPLETE_DIRECTORY, absentShards + " of its shards are not held"));
            }
            manifest = Manifest.read(manifestBytes, id.toString(), shards);
        } catch (DvjException malformed) {
            return Optional.of(new Damage(id.toString(), Problem.MALFORMED_MANIFEST, malformed.getMessage()));
        }
        return completeness(id, manifest, held);
    }

    /** Reads a shard from the database, verified; a damaged one is reported as a malformed manifest. */
    static Manifest.ShardReader shardReader(ObjectDatabase database) {
        return shard -> {
            byte[] bytes = database.read(shard.oid(), InputStream::readAllBytes)
                    .orElseThrow(() -> DvjException.data("shard " + shard.oid() + " is not held"));
            database.requireIntact(shard.oid(), bytes);
            return bytes;
        };
    }

    private static Optional<Damage> completeness(ObjectId id, Manifest manifest, Map<ObjectId, ObjectInfo> held) {
        long absent = manifest.entries().stream().map(ManifestEntry::oid).distinct().filter(file -> !held.containsKey(file)).count();
        return absent == 0 ? Optional.empty()
                : Optional.of(new Damage(id.toString(), Problem.INCOMPLETE_DIRECTORY, absent + " of its files are not held"));
    }
}
