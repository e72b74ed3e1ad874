package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.ReadProgress;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.tree.Manifest;
import dev.dvj.core.tree.ManifestEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Computes what an output's content is now, consulting the state cache first so unchanged files are
 * never read. With {@code save}, it also stores every file (and a directory's manifest) in the cache,
 * hashing and copying each file in one pass. Files are processed in parallel.
 */
public final class ContentHasher {
    private final Repository repository;
    private final DirectoryScanner scanner;

    public ContentHasher(Repository repository) {
        this.repository = repository;
        this.scanner = new DirectoryScanner(repository);
    }

    /** The output's content, or null when nothing is at the path. */
    public Snapshot snapshot(Path path, boolean save) {
        BasicFileAttributes attrs;
        try {
            if (!Files.exists(path)) {
                return null;
            }
            attrs = FileStat.attributes(path, true);
        } catch (IOException e) {
            throw DvjException.data("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (attrs.isDirectory()) {
            return directory(path, save);
        }
        String repoPath = repository.relative(path);
        Progress progress = save ? repository.progress() : Progress.NONE;
        progress.begin("storing " + repoPath, 1, attrs.size());
        try {
            ObjectId oid = file(repoPath, path, FileStat.of(attrs), save);
            return Snapshot.ofFile(oid, attrs.size());
        } finally {
            progress.end();
        }
    }

    /** Temp files and folders of killed writers that this hasher's scans came across. */
    public List<Path> leftovers() {
        return scanner.leftovers();
    }

    /** Scans a directory and returns its current manifest (without saving anything). */
    public Manifest manifest(Path directory) {
        return directory(directory, false).manifest();
    }

    /**
     * A directory's content. Its files are always scanned (stat'ed); when the scan's signature is
     * the one remembered with the directory's id ({@link DirectoryStates}), nothing else is done
     * (unless saving). Otherwise each file's id comes from the state cache or by hashing it, and
     * the manifest is built and hashed.
     */
    private Snapshot directory(Path directory, boolean save) {
        DirectoryScanner.Scan scan = scanner.scanWithSignature(directory);
        String repoPath = repository.relative(directory);
        DirectoryStates.Entry known = repository.directoryStates().get(repoPath);
        // Not when saving: add and commit check every file's object (has it, else stores it again),
        // which repairs a cache that lost an object behind dvj's back; a present manifest only
        // stands for its files as long as nothing but dvj touched the cache.
        if (!save && known != null && known.matches(scan.signature())) {
            return Snapshot.ofDirectory(known.oid(), known.size(), known.files(), () -> manifestOf(known.oid(), directory));
        }
        Snapshot snapshot = computeDirectory(directory, repoPath, scan.files(), save);
        remember(repoPath, scan, snapshot);
        return snapshot;
    }

    /** The manifest of an unchanged directory: the cache's copy, else computed again from the files. */
    private Manifest manifestOf(ObjectId oid, Path directory) {
        Manifest cached = repository.cache().manifestOrNull(oid);
        if (cached != null) {
            return cached;
        }
        List<ScannedFile> files = scanner.scan(directory);
        return computeDirectory(directory, repository.relative(directory), files, false).manifest();
    }

    private Snapshot computeDirectory(Path directory, String repoPath, List<ScannedFile> files, boolean save) {
        String base = repoPath + "/";
        Progress progress = save ? repository.progress() : Progress.NONE;
        progress.begin("storing " + repoPath, files.size(), files.stream().mapToLong(f -> f.stat().size()).sum());
        List<ManifestEntry> entries;
        try {
            entries = Parallel.map(files, repository.jobs(), f -> new ManifestEntry(f.relPath(),
                    file(base + f.relPath(), directory.resolve(f.relPath()), f.stat(), save), f.stat().size(), f.stat().executable()));
        } finally {
            progress.end();
        }
        Manifest manifest = Manifest.ofScanned(entries);
        ObjectId oid;
        if (save) {
            try {
                oid = manifest.store(repository.cache()::insert);
            } catch (IOException e) {
                throw DvjException.data("cannot write to the cache " + repository.cache().root() + ": " + e.getMessage(), e);
            }
        } else {
            oid = manifest.id();
        }
        return Snapshot.ofDirectory(oid, manifest);
    }

    /**
     * Remembers the directory's id under its scan's signature, unless a file was racy (its
     * content may yet change without its stat changing) or a save replaced a workspace file by a
     * link (the scan no longer describes what is there).
     */
    private void remember(String repoPath, DirectoryScanner.Scan scan, Snapshot snapshot) {
        StateCache state = repository.state();
        boolean trustworthy = scan.files().stream().allMatch(f -> state.get(repoPath + "/" + f.relPath(), f.stat()) != null);
        if (trustworthy) {
            repository.directoryStates().put(repoPath, new DirectoryStates.Entry(snapshot.oid(), snapshot.size(),
                    snapshot.nfiles(), scan.signature().toBytes()));
        } else {
            repository.directoryStates().forget(repoPath);
        }
    }

    /**
     * Stores a file in the cache, its bytes reported to the progress as they are read (once each:
     * a store that reads the file twice does not count it twice), the file counted when done.
     */
    private Linker.Stored storeReporting(Path absolute, long size) throws IOException {
        return ReadProgress.forFile(repository.progress(), size, () -> repository.linker().ingest(absolute, size, repository.cache()));
    }

    private ObjectId file(String repoPath, Path absolute, FileStat stat, boolean save) {
        StateCache state = repository.state();
        ObjectId known = state.get(repoPath, stat);
        if (known != null && (!save || repository.cache().has(known))) {
            if (save) {
                repository.progress().advance(1, stat.size());
            }
            return known;
        }
        try {
            if (!save) {
                ObjectId oid = Hashing.ofFile(absolute);
                state.put(repoPath, stat, oid);
                return oid;
            }
            Linker.Stored stored = storeReporting(absolute, stat.size());
            // A symlink checkout replaced the file: remember the stat of what is there now.
            state.put(repoPath, stored.replacedWorkspaceFile() ? FileStat.read(absolute) : stat, stored.id());
            return stored.id();
        } catch (IOException e) {
            throw DvjException.data("cannot read " + absolute + ": " + e.getMessage(), e);
        }
    }
}
