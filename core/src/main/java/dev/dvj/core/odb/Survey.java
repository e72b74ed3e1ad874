package dev.dvj.core.odb;

import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.pack.PackReader;
import dev.dvj.core.odb.pack.PackingDatabase;
import dev.dvj.core.workspace.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects a database really holds. Presence alone proves nothing: a store can keep a damaged
 * upload, or someone can damage an object later, and push would then say "already there" and
 * status -c "in sync" while nobody can pull. So an object counts as held only when the database's
 * size for it is the size expected, and, with {@code verify}, when its bytes, read back, hash to
 * its id. The rest are absent or damaged, and a transfer sends them again.
 */
public final class Survey {
    private final ObjectDatabase database;
    private final int jobs;

    public Survey(ObjectDatabase database, int jobs) {
        this.database = database;
        this.jobs = Math.max(1, jobs);
    }

    /**
     * @param held    held, of the expected size (and, when verified, the right bytes)
     * @param damaged held, but of another size or with other bytes
     */
    public record Findings(Set<ObjectId> held, Set<ObjectId> damaged) {
        public boolean holds(ObjectId id) {
            return held.contains(id);
        }
    }

    /** Surveys these objects, each with the size it must have ({@link ObjectInfo#UNKNOWN_SIZE} if not known). */
    public Findings survey(Map<ObjectId, Long> expectedSizes, boolean verify) {
        Map<ObjectId, ObjectInfo> found;
        try {
            found = database.find(expectedSizes.keySet(), jobs);
        } catch (IOException e) {
            throw database.error("cannot list", e);
        }
        Set<ObjectId> held = new LinkedHashSet<>();
        Set<ObjectId> damaged = new LinkedHashSet<>();
        for (Map.Entry<ObjectId, Long> expected : expectedSizes.entrySet()) {
            ObjectInfo stored = found.get(expected.getKey());
            if (stored == null) {
                continue;
            }
            boolean sizesKnown = expected.getValue() != ObjectInfo.UNKNOWN_SIZE && stored.size() != ObjectInfo.UNKNOWN_SIZE;
            (sizesKnown && stored.size() != expected.getValue() ? damaged : held).add(expected.getKey());
        }
        if (verify) {
            List<ObjectId> toRead = new ArrayList<>(held);
            if (database instanceof PackingDatabase packs) {
                toRead = verifyPacked(packs, toRead, held, damaged);
            }
            List<Boolean> intact = Parallel.map(toRead, jobs, this::hashesToItsId);
            for (int i = 0; i < toRead.size(); i++) {
                if (!intact.get(i)) {
                    held.remove(toRead.get(i));
                    damaged.add(toRead.get(i));
                }
            }
        }
        return new Findings(held, damaged);
    }

    /**
     * Reads back the packed ones among {@code ids} in merged range requests (not one request per
     * object), moving any that do not hash to their id from {@code held} to {@code damaged}.
     * Returns the loose ones, left to read one by one.
     */
    private static List<ObjectId> verifyPacked(PackingDatabase packs, List<ObjectId> ids, Set<ObjectId> held, Set<ObjectId> damaged) {
        List<ObjectId> packed = new ArrayList<>();
        List<ObjectId> loose = new ArrayList<>();
        ids.forEach(id -> (packs.isPacked(id) ? packed : loose).add(id));
        PackReader.Outcome read = packs.readPacked(packed, packs::requireIntact);
        for (ObjectId id : read.corrupt().keySet()) {
            held.remove(id);
            damaged.add(id);
        }
        return loose;
    }

    /** True when the object is held and its bytes hash to its id. */
    public boolean hashesToItsId(ObjectId id) {
        try {
            Optional<ObjectId> actual = database.read(id, in -> hash(in, id.directory()));
            return actual.isPresent() && actual.get().equals(id);
        } catch (IOException e) {
            throw database.error("cannot read back " + id, e);
        }
    }

    private static ObjectId hash(InputStream in, boolean directory) throws IOException {
        MessageDigest digest = HashAlgorithm.SHA256.newDigest();
        byte[] buffer = new byte[64 << 10];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return ObjectId.ofDigest(digest.digest(), directory);
    }
}
