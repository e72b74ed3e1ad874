package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Directory manifests read from the cache, parsed once per process: objects never change, and a
 * pull reads the same 20,000-entry manifest in fetch, in checkout's plan and in its run.
 */
public final class ManifestCache {
    private final CacheLayout layout;
    /**
     * Objects never change, so a manifest parsed once serves the rest of the process: pull reads
     * the same 20,000-entry manifest in fetch, in checkout's plan and in its run.
     */
    private final Map<ObjectId, Manifest> parsedManifests = new ConcurrentHashMap<>();
    private static final int PARSED_MANIFESTS_KEPT = 64;

    public ManifestCache(CacheLayout layout) {
        this.layout = layout;
    }

    /** The directory manifest stored under this id, or null when the cache does not have it. */
    public Manifest manifestOrNull(ObjectId id) {
        if (id == null || !id.directory()) {
            return null;
        }
        Manifest known = parsedManifests.get(id);
        if (known != null) {
            return known;
        }
        if (!layout.has(id)) {
            return null;
        }
        try {
            // A manifest edited to other valid JSON would name other files: check it, it is cheap.
            Manifest manifest = Manifest.read(readIntact(id), id.toString(), shard -> {
                if (!layout.has(shard.oid())) {
                    throw DvjException.data("shard " + shard.oid() + " of manifest " + id + " is not in the cache "
                            + "(a manifest is stored after its shards; the cache was changed behind dvj's back)");
                }
                return readIntact(shard.oid());
            });
            if (parsedManifests.size() >= PARSED_MANIFESTS_KEPT) {
                parsedManifests.clear();
            }
            parsedManifests.put(id, manifest);
            return manifest;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw DvjException.data("cannot read manifest " + id + ": " + e.getMessage(), e);
        }
    }

    private byte[] readIntact(ObjectId id) throws IOException {
        byte[] bytes = Files.readAllBytes(layout.path(id));
        ObjectInserter.requireSame(id, Hashing.ofBytes(bytes, id.directory()));
        return bytes;
    }
}
