package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.Progress;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.imports.SourceData;
import dev.dvj.core.imports.SourceRepository;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.FileTrees;
import dev.dvj.core.odb.FolderDatabase;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.tree.ManifestEntry;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code dvj get}: downloads a file or directory another dvj repository tracks, through that
 * repository's cache (when it is a local one) or default remote, to a plain path: no pointer, no
 * Git history kept. Every object is verified on its way into a scratch cache, and the result
 * appears at its path whole, by one rename, or not at all.
 */
public final class GetCommand {
    private GetCommand() {
    }

    public record Result(String url, String path, String commit, String oid, long size, Integer nfiles, String out) {
    }

    /**
     * @param scratch a folder this may write in and clears after (a repository's temp folder, or
     *                the system's when dvj runs outside any repository)
     */
    public static Result run(String url, String path, String rev, Path out, boolean force, Path scratch, SystemEnv env,
                             int jobs, Progress progress) {
        if (!force && Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw DvjException.invalid(out + " already exists (use --force to replace it)");
        }
        Path cacheRoot = scratch.resolve("get-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (SourceRepository source = SourceRepository.open(url, rev, scratch, env)) {
            TrackedOutput output = source.find(path);
            SourceData data = source.data(output);
            CacheDirectory cache = new CacheDirectory(cacheRoot);
            source.fetchInto(FolderDatabase.cache(cache), List.of(output), jobs, progress);
            write(cache, data, out, force);
            return new Result(url, data.path(), source.commit(), data.oid().toString(), data.size(),
                    data.isDirectory() ? data.directory().entries().size() : null, out.toString());
        } finally {
            try {
                FileTrees.delete(cacheRoot);
            } catch (IOException e) {
                // a scratch cache left in a temp folder
            }
        }
    }

    /** Writes the data beside {@code out}, then renames it into place (replacing what is there only with force). */
    private static void write(CacheDirectory cache, SourceData data, Path out, boolean force) {
        Path temp = AtomicFiles.tempBeside(out);
        try {
            if (data.isDirectory()) {
                Files.createDirectories(temp);
                for (ManifestEntry entry : data.directory().entries()) {
                    copy(cache, entry, temp.resolve(entry.path()));
                }
            } else {
                Files.createDirectories(temp.toAbsolutePath().getParent());
                copy(cache, data.file(), temp);
            }
            if (force && Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.delete(out);
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw DvjException.data("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                FileTrees.delete(temp);
            } catch (IOException e) {
                // a leftover named .*.dvjtmp
            }
            dev.dvj.core.io.TempFiles.done(temp);
        }
    }

    private static void copy(CacheDirectory cache, ManifestEntry entry, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = cache.open(entry.oid())) {
            Files.copy(in, target);
        }
        if (entry.executable()) {
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                target.toFile().setExecutable(true);
            }
        }
    }
}
