package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.ReadProgress;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places cached objects in the workspace with the configured link type, in parallel, and records
 * each placed file in the state cache so the next status only stats it. Shared by checkout and by
 * the run-cache's restores.
 */
public final class Materializer {
    private final Repository repository;

    public Materializer(Repository repository) {
        this.repository = repository;
    }

    /**
     * Places a whole recorded output (a file, or a directory from its manifest) where nothing is;
     * the caller has removed what was there.
     */
    public void placeWhole(String dataPath, ObjectId oid, long size) {
        if (!oid.directory()) {
            place(dataPath, List.of(new ManifestEntry("", oid, size, false)));
            return;
        }
        Manifest manifest = repository.cache().manifestOrNull(oid);
        if (manifest == null) {
            throw DvjException.data("the cache has no manifest " + oid + " for " + dataPath);
        }
        try {
            repository.boundary().requireNotLinkedFolder(dataPath);
            Files.createDirectories(repository.resolve(dataPath));
        } catch (IOException e) {
            throw DvjException.data("cannot create folder " + dataPath + ": " + e.getMessage(), e);
        }
        place(dataPath, manifest.entries());
    }

    /**
     * Writes each entry's object at {@code dataPath/entry.path} (an empty entry path is the data
     * path itself), replacing a folder that stands in the way.
     */
    public void place(String dataPath, Collection<ManifestEntry> writes) {
        Path data = repository.resolve(dataPath);
        List<ManifestEntry> entries = List.copyOf(writes);
        // Into a folder that is not there yet (a fresh clone's pull), nothing can stand in the way
        // of any file: one check for the output instead of a failing stat per file.
        boolean intoNothing = !Files.exists(data, LinkOption.NOFOLLOW_LINKS);
        createFolders(repository, data, entries);
        Linker linker = repository.linker();
        Progress progress = repository.progress();
        progress.begin("checkout " + dataPath, entries.size(), entries.stream().mapToLong(ManifestEntry::size).sum());
        try {
            placeAll(dataPath, data, entries, intoNothing, linker, progress);
        } finally {
            progress.end();
        }
    }

    private void placeAll(String dataPath, Path data, List<ManifestEntry> entries, boolean intoNothing, Linker linker,
                          Progress progress) {
        Parallel.map(entries, repository.jobs(), entry -> {
            Path target = entry.path().isEmpty() ? data : data.resolve(entry.path());
            String repoPath = entry.path().isEmpty() ? dataPath : dataPath + "/" + entry.path();
            try {
                if (!intoNothing && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    FileTrees.delete(target);
                }
                // The check of the object and a copy report their bytes as they go; a link when done.
                ReadProgress.forFile(progress, entry.size(), () -> {
                    repository.verifier().requireIntact(entry.oid());
                    return linker.place(repository.cache(), entry.oid(), target, entry.executable());
                });
                repository.state().put(repoPath, FileStat.read(target), entry.oid());
            } catch (IOException e) {
                throw DvjException.data("cannot write " + repoPath + ": " + e.getMessage(), e);
            }
            return entry;
        });
    }

    /**
     * Creates each folder the files go into once, before placing them: 20,000 files in 100 folders
     * would otherwise cost 20,000 createDirectories calls (two system calls each).
     */
    static void createFolders(Repository repository, Path data, List<ManifestEntry> writes) {
        Set<Path> folders = new TreeSet<>();
        for (ManifestEntry entry : writes) {
            folders.add((entry.path().isEmpty() ? data : data.resolve(entry.path())).toAbsolutePath().getParent());
        }
        for (Path folder : folders) {
            repository.boundary().requireRealFolder(folder);
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw DvjException.data("cannot create folder " + folder + ": " + e.getMessage(), e);
            }
        }
    }
}
