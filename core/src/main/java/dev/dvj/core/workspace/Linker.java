package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.ReadProgress;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.TempFiles;
import dev.dvj.core.store.CacheDirectory;
import dev.dvj.core.store.SourceStamp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Shares bytes between the workspace and the cache with the first link type that works, in the
 * configured order ({@code cache.type}), in both directions: {@link #ingest} stores a workspace file
 * (add, commit) and {@link #place} materializes an object (checkout). A type that fails once (no
 * reflink support, a different device) is not tried again in this process. Workspace paths are
 * always replaced by rename, so they hold either the old file or the complete new one.
 *
 * <p>Hard and symbolic links share the cache's read-only file, so an edit needs an explicit copy
 * first: a plain write is refused by the file mode. Reflinks and copies are independent files.
 */
public final class Linker {
    private final List<LinkType> order;
    private static final FileAttribute<Set<PosixFilePermission>> REGULAR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-"));
    private static final FileAttribute<Set<PosixFilePermission>> EXECUTABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx"));

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Set<LinkType> failed = EnumSet.noneOf(LinkType.class);

    public Linker(List<LinkType> order) {
        this.order = List.copyOf(order);
    }

    /**
     * Stores a workspace file in the cache and returns its id. Copy reads and writes the bytes;
     * reflink clones them; hardlink shares the file's inode with the cache and makes it read-only;
     * symlink does the same, then replaces the workspace file with a link to the object. None of
     * them leaves a moment when the data exists in neither place.
     */
    public Stored ingest(Path source, long size, CacheDirectory cache) throws IOException {
        if (cache.keepsAsChunks(size)) {
            // Kept as chunks, it has no file to link to: the workspace keeps its own (a copy).
            return new Stored(cache.insert(source, size), false);
        }
        for (LinkType type : order) {
            if (isFailed(type)) {
                continue;
            }
            ObjectId id = switch (type) {
                case COPY -> cache.insert(source, size);
                case REFLINK -> ingestClone(source, cache);
                case HARDLINK, SYMLINK -> ingestLinked(source, cache, type);
            };
            if (id != null) {
                return new Stored(id, type == LinkType.SYMLINK);
            }
            markFailed(type);
        }
        throw DvjException.data("none of the link types in cache.type " + order + " can store " + source);
    }

    /**
     * What ingest stored, and whether the workspace path now holds a different file (a symlink)
     * whose stat must be read again.
     */
    public record Stored(ObjectId id, boolean replacedWorkspaceFile) {
    }

    /** A reflink is a frozen snapshot of the source: hashing the clone proves the object's bytes. */
    private ObjectId ingestClone(Path source, CacheDirectory cache) throws IOException {
        Path temp = cache.newTempFile();
        try {
            if (!reflink(source, temp)) {
                return null;
            }
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
            ObjectId id = Hashing.ofFile(temp);
            cache.publish(temp, id);
            return id;
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    private ObjectId ingestLinked(Path source, CacheDirectory cache, LinkType type) throws IOException {
        Path temp = cache.newTempFile();
        try {
            try {
                Files.createLink(temp, source);
            } catch (UnsupportedOperationException e) {
                return null;
            } catch (IOException e) {
                if (!Files.getFileStore(source).equals(Files.getFileStore(temp.getParent()))) {
                    return null; // a different filesystem: this link type cannot work here
                }
                throw e;
            }
            // The inode is now shared with the cache: make it read-only before trusting its bytes.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
            SourceStamp before = SourceStamp.of(temp);
            ObjectId id = Hashing.ofFile(temp);
            if (before != null && !before.equals(SourceStamp.of(temp))) {
                throw DvjException.data(source + " changed while dvj was storing it; try again");
            }
            if (!cache.publish(temp, id) || type == LinkType.SYMLINK) {
                // Point the workspace at the one stored object (equal bytes, so nothing is lost).
                placeAs(type, cache.path(id), source);
            }
            return id;
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    private void placeAs(LinkType type, Path cached, Path target) throws IOException {
        Path temp = AtomicFiles.tempBeside(target);
        try {
            if (type == LinkType.SYMLINK) {
                Files.createSymbolicLink(temp, cached.toAbsolutePath());
            } else {
                Files.createLink(temp, cached);
            }
            AtomicFiles.replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    /**
     * Places the cached object at {@code target}, replacing whatever file is there. The target's folder
     * must exist: the caller creates each folder once for a whole batch of files.
     */
    public LinkType place(CacheDirectory cache, ObjectId id, Path target, boolean executable) {
        Path temp = AtomicFiles.tempBeside(target);
        boolean placed = false;
        try {
            LinkType type = cache.isChunked(id) ? copyOut(cache, id, temp, executable)
                    : create(cache.path(id), temp, executable, null, target);
            AtomicFiles.replace(temp, target);
            placed = true;
            return type;
        } catch (IOException e) {
            throw DvjException.data("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!placed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file is named .*.dvjtmp, and the next checkout sweeps it.
                }
            }
            TempFiles.done(temp);
        }
    }

    /**
     * Creates {@code target}, which must not exist yet, from the cached object, in a folder no one
     * else sees (an output being built beside its final place): no temp file and rename, since the
     * whole folder appears at once. A copy is written from {@code bytes} when the caller already
     * holds the object's bytes (a download), which saves reading the cache file back.
     *
     * @param bytes the object's bytes, or null to read them from {@code cached}
     */
    public LinkType placeNew(CacheDirectory cache, ObjectId id, Path target, boolean executable, byte[] bytes) {
        try {
            if (bytes == null && cache.isChunked(id)) {
                return copyOut(cache, id, target, executable);
            }
            return create(cache.path(id), target, executable, bytes, target);
        } catch (IOException e) {
            throw DvjException.data("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code file}, which must not exist, by the first link type in force that works here,
     * remembering the ones that did not.
     *
     * @param bytes the object's bytes to write when the type is copy, or null to copy the cached file
     * @param shown the path an error names (the target, not a temp file)
     */
    private LinkType create(Path cached, Path file, boolean executable, byte[] bytes, Path shown) throws IOException {
        for (LinkType type : order) {
            if (isFailed(type)) {
                continue;
            }
            if (type == LinkType.COPY && bytes != null) {
                write(bytes, file, executable);
                return type;
            }
            if (tryLink(type, cached, file, executable)) {
                return type;
            }
            markFailed(type);
        }
        throw DvjException.data("none of the link types in cache.type " + order + " works for " + shown);
    }

    private boolean tryLink(LinkType type, Path cached, Path temp, boolean executable) throws IOException {
        switch (type) {
            case COPY -> {
                copy(cached, temp, executable);
                return true;
            }
            case HARDLINK -> {
                try {
                    Files.createLink(temp, cached);
                    return true;
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            }
            case SYMLINK -> {
                try {
                    Files.createSymbolicLink(temp, cached.toAbsolutePath());
                    return true;
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            }
            case REFLINK -> {
                if (!reflink(cached, temp)) {
                    return false;
                }
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                return true;
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }

    /**
     * Gives a workspace file bytes of its own when it shares them with the cache (a symbolic link
     * to an object, or a hard link to one), so that editing it in place cannot change the cached
     * object; {@code dvj unprotect}. Returns false, changing nothing, for a file that is already
     * independent.
     */
    public static boolean makeIndependent(Path file) throws IOException {
        boolean linked = Files.isSymbolicLink(file);
        if (!linked && POSIX) {
            linked = ((Number) Files.getAttribute(file, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS)).intValue() > 1;
        }
        if (!linked) {
            return false;
        }
        boolean executable = Files.isExecutable(file);
        Path temp = AtomicFiles.tempBeside(file);
        try {
            copy(file, temp, executable); // reads through the link: the object's bytes
            AtomicFiles.replace(temp, file);
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
        return true;
    }

    /**
     * A copy created writable (as the umask allows, like git) by the kernel in one call: Files.copy
     * would copy the cache's read-only mode, then need a chmod, plus a stat of the target first.
     */
    private static void copy(Path cached, Path temp, boolean executable) throws IOException {
        if (!POSIX) {
            Files.copy(cached, temp);
            temp.toFile().setWritable(true);
            return;
        }
        try (FileChannel in = FileChannel.open(cached, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                     executable ? EXECUTABLE : REGULAR)) {
            long size = in.size();
            for (long position = 0; position < size; ) {
                // In slices, so a progress bar moves through a big file.
                long copied = in.transferTo(position, Math.min(COPY_SLICE, size - position), out);
                position += copied;
                ReadProgress.report(copied);
            }
        }
    }

    private static final long COPY_SLICE = 64L << 20;

    /**
     * Writes a file kept as chunks to {@code file}, which must not exist: its chunks reassembled,
     * each checked, and the whole checked before the stream ends ({@link CacheDirectory#open}), so
     * a damaged object fails here, before the caller renames the file into place.
     */
    private static LinkType copyOut(CacheDirectory cache, ObjectId id, Path file, boolean executable) throws IOException {
        boolean written = false;
        try (java.io.InputStream in = cache.open(id);
             FileChannel out = POSIX
                     ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), executable ? EXECUTABLE : REGULAR)
                     : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[256 << 10];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                ByteBuffer slice = ByteBuffer.wrap(buffer, 0, n);
                while (slice.hasRemaining()) {
                    out.write(slice);
                }
                ReadProgress.report(n);
            }
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(file);
            }
        }
        return LinkType.COPY;
    }

    /** A new writable file holding {@code bytes}, like {@link #copy} makes from the cache. */
    private static void write(byte[] bytes, Path target, boolean executable) throws IOException {
        if (!POSIX) {
            Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return;
        }
        try (FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                executable ? EXECUTABLE : REGULAR)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /**
     * The JDK has no clone call, so reflinks go through {@code cp --reflink=always}, which refuses
     * rather than silently copying when the filesystem cannot share blocks.
     */
    private boolean reflink(Path from, Path temp) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("cp", "--reflink=always", from.toString(), temp.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return false;
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                Files.deleteIfExists(temp);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            // A cancelled add: cp must be gone before its file is deleted, or it would leave one behind.
            process.destroyForcibly();
            boolean exited = false;
            while (!exited) {
                try {
                    process.waitFor();
                    exited = true;
                } catch (InterruptedException again) {
                    // keep waiting: cp is being killed
                }
            }
            Files.deleteIfExists(temp);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while cloning " + from);
        }
    }

    private synchronized boolean isFailed(LinkType type) {
        return failed.contains(type);
    }

    private synchronized void markFailed(LinkType type) {
        failed.add(type);
    }
}
