package dev.dvj.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file replacement: write a temp file beside the target, flush it to disk, then rename it
 * over the target. A reader sees the old bytes or the new ones, never half of either.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = tempBeside(target);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                // In slices: a channel copies each heap array written to it into a direct buffer
                // of the same size, freshly zeroed when it is big (a 32 MiB pack: 32 MiB each time).
                for (int offset = 0; offset < bytes.length; offset += WRITE_SLICE) {
                    out.write(bytes, offset, Math.min(WRITE_SLICE, bytes.length - offset));
                }
            }
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    private static final int WRITE_SLICE = 256 << 10;

    /** Writes a file's content to a stream; what {@link #write(Path, Content)} replaces a file with. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Like {@link #write(Path, byte[])}, for content too big to build in memory first (the state
     * cache of a million files is 113 MB): streamed through a buffer into the temp file.
     */
    public static void write(Path target, Content content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = tempBeside(target);
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), WRITE_SLICE)) {
                content.writeTo(out);
            }
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    /**
     * Creates {@code target} whole with these bytes, unless it exists: false then, and nothing
     * changed. The rename does not replace, so of two processes creating it at once one wins.
     */
    public static boolean create(Path target, byte[] bytes) throws IOException {
        Path temp = tempBeside(target);
        try {
            Files.write(temp, bytes);
            Files.move(temp, target);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    /**
     * Like {@link #write(Path, String)}, but the file is readable by its owner only (0600) from
     * the moment it exists: for files that may hold secrets (config.local.yaml, the user's config).
     */
    public static void writePrivate(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = tempBeside(target);
        try {
            try (OutputStream out = Files.newOutputStream(Files.createFile(temp, OWNER_ONLY))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (UnsupportedOperationException e) {
                Files.writeString(temp, text, StandardCharsets.UTF_8); // not POSIX: the platform's ACLs apply
            }
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
            TempFiles.done(temp);
        }
    }

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** Renames temp over target atomically where the filesystem allows it. */
    public static void replace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The suffix of dvj's temp files in the workspace; scans never take them for data. */
    public static final String TEMP_SUFFIX = ".dvjtmp";

    /** True for a temp file name this class makes (a killed dvj can leave one behind). */
    public static boolean isTempName(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /**
     * A fresh name in target's folder, so the final rename never crosses a filesystem. It is
     * tracked ({@link TempFiles}): the caller calls {@link TempFiles#done} once it is renamed or removed.
     */
    public static Path tempBeside(Path target) {
        String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMP_SUFFIX;
        return TempFiles.track(target.toAbsolutePath().resolveSibling(name));
    }
}
