package dev.dvj.core.store;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.TempFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Where the cache's objects live and how they are named: {@code <root>/sha256/<2 hex>/<62 hex>[.dir]},
 * temp files beside objects ({@code <62 hex>.<random>.tmp}) or in {@code <root>/tmp}, and the
 * listings and leftover sweeps over that layout. Writing is {@link ObjectInserter}'s.
 */
public final class CacheLayout {
    static final String TEMP_SUFFIX = ".tmp";
    private final Path root;
    private final Path objects;
    private final Path temp;
    private final Set<String> knownShards = ConcurrentHashMap.newKeySet();

    public CacheLayout(Path root) {
        this.root = root;
        this.objects = root.resolve(HashAlgorithm.SHA256.id());
        this.temp = root.resolve("tmp");
    }

    public Path root() {
        return root;
    }

    /** Where the object lives, whether or not it is there. */
    public Path path(ObjectId id) {
        return objects.resolve(id.shard()).resolve(id.fileName());
    }

    public boolean has(ObjectId id) {
        return Files.exists(path(id));
    }

    /**
     * Deletes leftovers of writers that died mid-write and returns how many. Only call this while
     * holding the repository's writer lock: then no live process can own a temp file here.
     */
    public int clearTemp() throws IOException {
        if (!Files.isDirectory(temp)) {
            return 0;
        }
        int cleared = 0;
        try (Stream<Path> leftovers = Files.list(temp)) {
            for (Path leftover : leftovers.toList()) {
                // Only names this class makes: cache.dir comes from a committed config, and a folder
                // it names could hold someone else's files.
                if (isOwnTempName(leftover.getFileName().toString())) {
                    cleared += Files.deleteIfExists(leftover) ? 1 : 0;
                }
            }
        }
        return cleared;
    }

    /** True for {@code <hex>.tmp}, the names {@link #newTempFile} gives. */
    static boolean isOwnTempName(String name) {
        if (!name.endsWith(TEMP_SUFFIX) || name.length() == TEMP_SUFFIX.length()) {
            return false;
        }
        for (int i = 0; i < name.length() - TEMP_SUFFIX.length(); i++) {
            if (Character.digit(name.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Deletes the temp files, last written before {@code cutoff}, that writers killed mid-write left
     * in the shards, and returns how many. Every command's lock clears {@code <root>/tmp}, which is
     * cheap; this reads all 256 shards, so only gc calls it, as {@code git gc} prunes Git's temp
     * objects. A cutoff of now is safe only under the repository's writer lock; a store that other
     * machines write to (a folder remote) needs a cutoff older than any live transfer.
     */
    public int clearShardTemps(Instant cutoff) throws IOException {
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        int cleared = 0;
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(objects)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(shard, "*" + TEMP_SUFFIX)) {
                    for (Path leftover : leftovers) {
                        if (writtenBefore(leftover, cutoff)) {
                            cleared += Files.deleteIfExists(leftover) ? 1 : 0;
                        }
                    }
                }
            }
        }
        return cleared;
    }

    /** Lists every object id in the cache. */
    public Stream<ObjectId> list() throws IOException {
        List<ObjectId> ids = new ArrayList<>();
        forEachObject((id, file) -> ids.add(id));
        return ids.stream();
    }

    /**
     * Every object with its attributes (size, modification time): one stat per object, for a
     * store whose sizes are checked (a folder remote) or whose recent objects are spared (gc).
     */
    public Map<ObjectId, BasicFileAttributes> listAttributes() throws IOException {
        Map<ObjectId, BasicFileAttributes> found = new HashMap<>();
        forEachObject((id, file) -> {
            try {
                found.put(id, Files.readAttributes(file, BasicFileAttributes.class));
            } catch (NoSuchFileException e) {
                // Deleted meanwhile.
            }
        });
        return found;
    }

    private interface ObjectVisitor {
        void visit(ObjectId id, Path file) throws IOException;
    }

    /** Walks the shards; names that are not object ids (temp files) are skipped. */
    private void forEachObject(ObjectVisitor visitor) throws IOException {
        if (!Files.isDirectory(objects)) {
            return;
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(objects)) {
            for (Path shard : shards) {
                String prefix = shard.getFileName().toString();
                for (String name : namesIn(shard)) {
                    ObjectId id = ObjectId.parseOrNull(prefix + name);
                    if (id != null) {
                        visitor.visit(id, shard.resolve(name));
                    }
                }
            }
        }
    }

    /** Up to this many ids are checked with a stat each; more by reading their shard folders. */
    static final int CHECK_ONE_BY_ONE_BELOW = 500;

    /**
     * Which of these ids the cache holds. Few are checked one by one; many by reading the shard
     * folders they fall in, one directory read for a shard's ~80 objects instead of a stat each,
     * and nothing at all in a cache that has no objects yet (a fresh clone's first pull).
     */
    public Set<ObjectId> present(Collection<ObjectId> ids) {
        Set<ObjectId> found = new HashSet<>();
        if (ids.size() < CHECK_ONE_BY_ONE_BELOW) {
            for (ObjectId id : ids) {
                if (has(id)) {
                    found.add(id);
                }
            }
            return found;
        }
        if (!Files.isDirectory(objects)) {
            return found;
        }
        Map<String, Set<String>> shards = new HashMap<>();
        for (ObjectId id : ids) {
            Set<String> names = shards.computeIfAbsent(id.shard(), shard -> namesIn(objects.resolve(shard)));
            if (names.contains(id.fileName())) {
                found.add(id);
            }
        }
        return found;
    }

    private static Set<String> namesIn(Path shard) {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return names;
        } catch (IOException e) {
            throw DvjException.data("cannot read cache folder " + shard + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * Creates a folder once per process. It is marked known only after it exists: other threads may
     * create it concurrently (createDirectories tolerates that) but never skip ahead of it.
     */
    void ensureShard(String shard, Path dir) throws IOException {
        if (!knownShards.contains(shard)) {
            Files.createDirectories(dir);
            knownShards.add(shard);
        }
    }

    private static boolean writtenBefore(Path file, Instant cutoff) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        } catch (NoSuchFileException e) {
            return false; // published or removed by its writer meanwhile
        }
    }

    /** A fresh path in the cache's temp folder, on the same filesystem as the objects. */
    public Path newTempFile() throws IOException {
        ensureShard("tmp", temp);
        return TempFiles.track(temp.resolve(Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX));
    }

    /** A fresh path in the object's own shard, for a writer that knows the id in advance. */
    Path tempFileBeside(ObjectId id) throws IOException {
        Path target = path(id);
        ensureShard(id.shard(), target.getParent());
        return TempFiles.track(target.resolveSibling(id.fileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX));
    }
}
