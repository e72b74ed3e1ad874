package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.ReadProgress;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.io.SmallGroups;
import dev.dvj.core.io.TempFiles;
import dev.dvj.core.tree.ManifestEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output that is not in the workspace yet, built where nothing looks: under a temp name beside
 * its final place (a folder, for a directory), filled file by file, then renamed into place in
 * one step. Each file is written once, with no temp file and rename of its own, and an output
 * that is never published (a pull that fails half-way) is removed without the workspace having
 * changed. Pull fills a stage from its worker threads as objects arrive; whatever has not arrived
 * that way is placed from the cache at {@link #publish}.
 */
public final class OutputStage {
    private final Repository repository;
    private final String dataPath;
    private final Path target;
    private final Path stage;
    private final List<ManifestEntry> entries;
    private final Map<ObjectId, List<ManifestEntry>> entriesByObject = new HashMap<>();
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    private OutputStage(Repository repository, String dataPath, Path target, Collection<ManifestEntry> entries) {
        this.repository = repository;
        this.dataPath = dataPath;
        this.target = target;
        this.stage = AtomicFiles.tempBeside(target);
        this.entries = List.copyOf(entries);
        for (ManifestEntry entry : this.entries) {
            SmallGroups.add(entriesByObject, entry.oid(), entry);
        }
    }

    /**
     * Starts building an output at {@code dataPath}, where nothing is. Null when its parent folder
     * does not exist: creating that folder now would change the workspace before the output is
     * ready, so the caller places such an output the usual way.
     *
     * @param entries the files, by path inside the output; a file output has one entry with an
     *                empty path
     */
    public static OutputStage begin(Repository repository, String dataPath, boolean directory,
                                    Collection<ManifestEntry> entries) {
        Path target = repository.resolve(dataPath);
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        OutputStage output = new OutputStage(repository, dataPath, target, entries);
        if (directory) {
            try {
                Files.createDirectory(output.stage);
                Materializer.createFolders(repository, output.stage, output.entries);
            } catch (IOException | DvjException e) {
                output.discard();
                throw e instanceof DvjException dvj ? dvj
                        : DvjException.data("cannot create a folder beside " + dataPath + ": " + e.getMessage(), e);
            }
        }
        return output;
    }

    /** The objects this output is made of. */
    public Set<ObjectId> objects() {
        return entriesByObject.keySet();
    }

    /**
     * Writes every file of this output that holds the object, which is in the cache now. Safe to
     * call from several threads at once for different objects.
     *
     * @param bytes the object's bytes, or null to copy or link them from the cache
     */
    public void arrived(ObjectId id, byte[] bytes) {
        for (ManifestEntry entry : entriesByObject.getOrDefault(id, List.of())) {
            write(entry, bytes);
        }
    }

    /**
     * Places the files that have not arrived (their objects were in the cache before), records
     * every file in the state cache, and renames the output into place.
     */
    public void publish() {
        List<ManifestEntry> rest = entries.stream().filter(e -> !written.contains(e.path())).toList();
        Progress progress = repository.progress();
        progress.begin("checkout " + dataPath, rest.size(), rest.stream().mapToLong(ManifestEntry::size).sum());
        try {
            Parallel.map(rest, repository.jobs(), entry -> {
                // A copy (and the check of the object before it) reports its bytes as it goes; a link when done.
                try {
                    ReadProgress.forFile(progress, entry.size(), () -> {
                        write(entry, null);
                        return null;
                    });
                } catch (IOException e) {
                    throw DvjException.data("cannot write " + dataPath + "/" + entry.path() + ": " + e.getMessage(), e);
                }
                return entry;
            });
        } finally {
            progress.end();
        }
        try {
            AtomicFiles.replace(stage, target);
            TempFiles.done(stage);
        } catch (IOException e) {
            throw DvjException.data("cannot move the new " + dataPath + " into place: " + e.getMessage(), e);
        }
    }

    /** Removes what was built; the workspace is as it was before {@link #begin}. */
    public void discard() {
        try {
            FileTrees.delete(stage);
            TempFiles.done(stage);
        } catch (IOException e) {
            // Best effort: a leftover is named .*.dvjtmp, which scans skip and the next checkout sweeps.
        }
    }

    private void write(ManifestEntry entry, byte[] bytes) {
        Path file = entry.path().isEmpty() ? stage : stage.resolve(entry.path());
        String repoPath = entry.path().isEmpty() ? dataPath : dataPath + "/" + entry.path();
        if (bytes == null) {
            repository.verifier().requireIntact(entry.oid()); // bytes in hand were checked by the download
        }
        repository.linker().placeNew(repository.cache(), entry.oid(), file, entry.executable(), bytes);
        try {
            // The stat a rename of the folder around the file does not change (size, mtime, inode).
            repository.state().put(repoPath, FileStat.read(file), entry.oid());
        } catch (IOException e) {
            throw DvjException.data("cannot write " + repoPath + ": " + e.getMessage(), e);
        }
        written.add(entry.path());
    }
}
