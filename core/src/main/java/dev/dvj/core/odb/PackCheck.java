package dev.dvj.core.odb;

import dev.dvj.core.Progress;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.pack.PackIndex;
import dev.dvj.core.odb.pack.PackingDatabase;
import dev.dvj.core.workspace.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fsck's part for packs: every index checked against its pack, and every pack read once, whole,
 * checking the pack's own id (the SHA-256 of its bytes) and each object's bytes at the offset its
 * index gives, in the same pass.
 */
final class PackCheck {
    private final PackingDatabase packs;
    private final int jobs;
    private final Set<ObjectId> checked = ConcurrentHashMap.newKeySet();

    PackCheck(PackingDatabase packs, int jobs) {
        this.packs = packs;
        this.jobs = jobs;
    }

    /** The objects checked inside packs: fsck does not read them again one by one. */
    Set<ObjectId> checked() {
        return Collections.unmodifiableSet(checked);
    }

    List<Fsck.Damage> run(Map<ObjectId, ObjectInfo> held, Progress progress, AtomicLong bytes) {
        PackingDatabase.Indexes indexes = packs.indexes();
        List<Fsck.Damage> damage = Collections.synchronizedList(new ArrayList<>());
        for (PackingDatabase.Problem problem : indexes.problems()) {
            damage.add(new Fsck.Damage(problem.file(), Fsck.Problem.BAD_PACK_INDEX, problem.message()));
        }
        Parallel.map(indexes.packs(), jobs, pack -> {
            checkPack(pack.index(), held, progress, bytes, damage);
            return pack;
        });
        return damage;
    }

    private void checkPack(PackIndex index, Map<ObjectId, ObjectInfo> held, Progress progress, AtomicLong bytes,
                           List<Fsck.Damage> damage) {
        String name = PackIndex.packName(index.packId());
        List<PackIndex.Entry> entries = new ArrayList<>(index.entries());
        entries.sort(Comparator.comparingLong(PackIndex.Entry::offset));
        try {
            packs.medium().readFile(name, 0, -1, in -> {
                MessageDigest whole = HashAlgorithm.SHA256.newDigest();
                byte[] buffer = new byte[64 << 10]; // one per pack, not per object
                long position = 0;
                for (PackIndex.Entry entry : entries) {
                    position += digest(in, buffer, entry.offset() - position, whole, null);
                    MessageDigest object = HashAlgorithm.SHA256.newDigest();
                    java.io.ByteArrayOutputStream kept = entry.id().directory() ? new java.io.ByteArrayOutputStream() : null;
                    position += digest(in, buffer, entry.length(), whole, chunk -> {
                        object.update(chunk.buffer(), 0, chunk.length());
                        if (kept != null) {
                            kept.write(chunk.buffer(), 0, chunk.length());
                        }
                    });
                    bytes.addAndGet(entry.length());
                    progress.advance(1, entry.length());
                    checked.add(entry.id());
                    ObjectId actual = ObjectId.ofDigest(object.digest(), entry.id().directory());
                    Fsck.verdict(entry.id(), actual, kept == null ? null : kept.toByteArray(), held, "in " + name + ", ", Fsck.shardReader(packs))
                            .ifPresent(damage::add);
                }
                digest(in, buffer, Long.MAX_VALUE, whole, null);
                String actual = java.util.HexFormat.of().formatHex(whole.digest());
                if (!actual.equals(index.packId())) {
                    damage.add(new Fsck.Damage(name, Fsck.Problem.CORRUPT_PACK, "its bytes hash to " + actual));
                }
                return true;
            });
        } catch (IOException e) {
            throw packs.error("cannot read " + name, e);
        }
    }

    private record Chunk(byte[] buffer, int length) {
    }

    private interface ChunkSink {
        void accept(Chunk chunk) throws IOException;
    }

    /** Reads up to {@code count} bytes into the pack's digest (and {@code sink}); returns how many. */
    private static long digest(InputStream in, byte[] buffer, long count, MessageDigest whole, ChunkSink sink) throws IOException {
        long read = 0;
        while (read < count) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, count - read));
            if (n < 0) {
                break;
            }
            whole.update(buffer, 0, n);
            if (sink != null) {
                sink.accept(new Chunk(buffer, n));
            }
            read += n;
        }
        return read;
    }
}
