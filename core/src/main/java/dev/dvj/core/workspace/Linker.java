package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Materializes a cached object at a workspace path with the first link type that works, trying
 * them in the configured order. A type that fails once (no reflink support, a different device) is
 * not tried again in this process. The result is renamed into place, so the path always holds
 * either the old file or the complete new one.
 *
 * <p>Hard and symbolic links share the cache's read-only file, so an edit needs an explicit copy
 * first: a plain write is refused by the file mode. Reflinks and copies are independent files.
 */
public final class Linker {
    private final List<LinkType> order;
    private final Set<LinkType> failed = EnumSet.noneOf(LinkType.class);

    public Linker(List<LinkType> order) {
        this.order = List.copyOf(order);
    }

    /** Places {@code cached} at {@code target}, replacing whatever file is there. */
    public LinkType place(Path cached, Path target, boolean executable) {
        Path temp = AtomicFiles.tempBeside(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            for (LinkType type : order) {
                if (isFailed(type)) {
                    continue;
                }
                if (tryLink(type, cached, temp, executable)) {
                    AtomicFiles.replace(temp, target);
                    return type;
                }
                markFailed(type);
            }
            throw DvjException.data("none of the link types in cache.type " + order + " works for " + target);
        } catch (IOException e) {
            throw DvjException.data("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: a leftover temp file is named .*.dvjtmp and harmless.
            }
        }
    }

    private boolean tryLink(LinkType type, Path cached, Path temp, boolean executable) throws IOException {
        switch (type) {
            case COPY -> {
                Files.copy(cached, temp);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
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
                return reflink(cached, temp, executable);
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }

    /**
     * The JDK has no clone call, so reflinks go through {@code cp --reflink=always}, which refuses
     * rather than silently copying when the filesystem cannot share blocks.
     */
    private boolean reflink(Path cached, Path temp, boolean executable) {
        try {
            Process process = new ProcessBuilder("cp", "--reflink=always", cached.toString(), temp.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                Files.deleteIfExists(temp);
                return false;
            }
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized boolean isFailed(LinkType type) {
        return failed.contains(type);
    }

    private synchronized void markFailed(LinkType type) {
        failed.add(type);
    }
}
