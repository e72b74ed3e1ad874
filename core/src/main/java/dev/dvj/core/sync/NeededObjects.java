package dev.dvj.core.sync;

import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.odb.ObjectDatabase;
import dev.dvj.core.odb.ObjectInfo;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.tree.ManifestShards;
import dev.dvj.core.workspace.TrackedOutput;

import dev.dvj.core.profile.StoredProfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects a set of outputs needs: each output's own id and, for a directory, every id its
 * manifest lists (or, for a directory asked for in part, those of the files asked for), each with
 * the size it must have. The one answer push, fetch, status -c and gc
 * (local and remote) all build on. Manifests are looked up in the given databases in order (the
 * cache first, then a remote), each verified against its id.
 */
public final class NeededObjects {
    private final Map<ObjectId, Long> sizes = new LinkedHashMap<>();
    private final List<Set<ObjectId>> byOutput = new ArrayList<>();
    private final Map<ObjectId, Manifest> manifests = new LinkedHashMap<>();
    private final Map<ObjectId, TrackedOutput> unlisted = new LinkedHashMap<>();

    private NeededObjects() {
    }

    /**
     * @param manifestSources where to look for directory manifests, in order
     */
    public static NeededObjects of(Collection<TrackedOutput> outputs, List<ObjectDatabase> manifestSources) {
        NeededObjects needed = new NeededObjects();
        for (TrackedOutput output : outputs) {
            needed.byOutput.add(needed.add(output, manifestSources));
        }
        return needed;
    }

    private Set<ObjectId> add(TrackedOutput output, List<ObjectDatabase> manifestSources) {
        ObjectId oid = output.pointer().oid();
        if (oid == null) {
            return Collections.emptySet();
        }
        Set<ObjectId> needed = new LinkedHashSet<>();
        needed.add(oid);
        // The version's profile object travels and is kept with its data.
        ObjectId profile = StoredProfile.objectId(output.pointer().meta());
        if (profile != null) {
            needed.add(profile);
            sizes.putIfAbsent(profile, sizeIn(manifestSources, profile));
        }
        if (!oid.directory()) {
            Long recorded = output.pointer().size();
            sizes.putIfAbsent(oid, recorded != null ? recorded : sizeIn(manifestSources, oid));
            return needed;
        }
        // A pull of paths inside a directory reads only the shards that list them; a second output
        // of the same content then reads it whole, so one manifest serves both.
        Manifest known = manifests.get(oid);
        Manifest manifest = known != null && known.whole() ? known
                : find(oid, known == null ? output : output.whole(), manifestSources);
        sizes.put(oid, sizeIn(manifestSources, oid));
        if (manifest == null) {
            unlisted.putIfAbsent(oid, output);
            return needed;
        }
        manifests.put(oid, manifest);
        output.requireIn(manifest);
        for (ManifestShards.Ref shard : manifest.shards()) {
            needed.add(shard.oid());
            sizes.putIfAbsent(shard.oid(), shard.size());
        }
        for (ManifestEntry entry : output.entriesIn(manifest)) {
            needed.add(entry.oid());
            sizes.putIfAbsent(entry.oid(), entry.size());
        }
        return needed;
    }

    private static Manifest find(ObjectId id, TrackedOutput output, List<ObjectDatabase> sources) {
        for (ObjectDatabase source : sources) {
            try {
                Optional<Manifest> manifest = output.partial() ? source.manifestCovering(id, output.within()) : source.manifest(id);
                if (manifest.isPresent()) {
                    return manifest.get();
                }
            } catch (IOException e) {
                throw source.error("cannot read manifest " + id, e);
            }
        }
        return null;
    }

    /** The size of a local copy where one of the databases keeps a file, else unknown. */
    private static long sizeIn(List<ObjectDatabase> sources, ObjectId id) {
        for (ObjectDatabase source : sources) {
            long size = source.localSize(id);
            if (size != ObjectInfo.UNKNOWN_SIZE) {
                return size;
            }
        }
        return ObjectInfo.UNKNOWN_SIZE;
    }

    /** Every id needed (files and manifests) with its expected size, in first-seen order. */
    public Map<ObjectId, Long> sizes() {
        return Collections.unmodifiableMap(sizes);
    }

    /** The ids each output needs, in the order the outputs were given. */
    public List<Set<ObjectId>> byOutput() {
        return Collections.unmodifiableList(byOutput);
    }

    /** The manifests found, by id. */
    public Map<ObjectId, Manifest> manifests() {
        return Collections.unmodifiableMap(manifests);
    }

    /** Directories whose manifest none of the databases holds, so their files cannot even be named. */
    public Map<ObjectId, TrackedOutput> unlisted() {
        return Collections.unmodifiableMap(unlisted);
    }

    /** Every id needed, as a set (for gc's keep list). */
    public Set<ObjectId> ids() {
        return sizes.keySet();
    }
}
