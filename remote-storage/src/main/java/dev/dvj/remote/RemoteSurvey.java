package dev.dvj.remote;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.workspace.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects a remote really holds. Presence alone proves nothing: a store can keep a damaged
 * upload, or someone can damage an object later, and push would then say "already there" and
 * status -c "in sync" while nobody can pull. So an object counts as held only when the remote's
 * size for it is the size expected, and, with {@code verify}, when its bytes, read back, hash to
 * its id. The rest are absent or damaged, and push sends them again.
 */
final class RemoteSurvey {
    /** Up to this many objects are checked with one request each; more are found with a listing. */
    static final int CHECK_ONE_BY_ONE_BELOW = 500;
    /** A size a caller does not know: any size passes. */
    static final long UNKNOWN_SIZE = -1;

    private final Remote remote;
    private final int jobs;

    RemoteSurvey(Remote remote, int jobs) {
        this.remote = remote;
        this.jobs = jobs;
    }

    /**
     * @param held    on the remote, of the expected size (and, when verified, the right bytes)
     * @param damaged on the remote, but of another size or with other bytes
     */
    record Findings(Set<ObjectId> held, Set<ObjectId> damaged) {
    }

    /** Surveys these objects, each with the size it must have ({@link #UNKNOWN_SIZE} if not known). */
    Findings survey(Map<ObjectId, Long> expectedSizes, boolean verify) {
        Map<ObjectId, StoredObject> found = find(expectedSizes.keySet());
        Set<ObjectId> held = new LinkedHashSet<>();
        Set<ObjectId> damaged = new LinkedHashSet<>();
        for (Map.Entry<ObjectId, Long> expected : expectedSizes.entrySet()) {
            StoredObject stored = found.get(expected.getKey());
            if (stored == null) {
                continue;
            }
            boolean sizeKnown = expected.getValue() != UNKNOWN_SIZE && stored.size() >= 0;
            (sizeKnown && stored.size() != expected.getValue() ? damaged : held).add(expected.getKey());
        }
        if (verify) {
            List<ObjectId> toRead = new ArrayList<>(held);
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

    /** What the remote says of each object it has: a request each when few, one listing when many. */
    private Map<ObjectId, StoredObject> find(Set<ObjectId> ids) {
        try {
            if (ids.size() >= CHECK_ONE_BY_ONE_BELOW) {
                Map<ObjectId, StoredObject> listed = remote.list();
                listed.keySet().retainAll(ids);
                return listed;
            }
        } catch (IOException e) {
            throw error("cannot list", e);
        }
        List<ObjectId> list = new ArrayList<>(ids);
        List<Optional<StoredObject>> stats = Parallel.map(list, jobs, id -> {
            try {
                return remote.stat(id);
            } catch (IOException e) {
                throw error("cannot check " + id, e);
            }
        });
        Map<ObjectId, StoredObject> found = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            int index = i;
            stats.get(i).ifPresent(stored -> found.put(list.get(index), stored));
        }
        return found;
    }

    private boolean hashesToItsId(ObjectId id) {
        try {
            Optional<ObjectId> actual = remote.read(id, in -> hash(in, id.directory()));
            return actual.isPresent() && actual.get().equals(id);
        } catch (IOException e) {
            throw error("cannot read back " + id, e);
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

    private DvjException error(String what, IOException e) {
        return remote.error(what, e);
    }
}
