package dev.dvj.core.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;

/** The stat fields that key the state cache: if all four are unchanged, so is the content. */
public record FileStat(long size, long mtimeNanos, long inode, boolean executable) {

    public static FileStat of(BasicFileAttributes attrs) {
        FileStat fast = UnixStatFields.of(attrs);
        return fast != null ? fast : ofPublicApi(attrs);
    }

    /** The same as {@link #of}, through the public API only. */
    static FileStat ofPublicApi(BasicFileAttributes attrs) {
        boolean exec = attrs instanceof PosixFileAttributes posix
                && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        return new FileStat(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), inode(attrs.fileKey()), exec);
    }

    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** One stat call: POSIX attributes where the filesystem has them (for the executable bit). */
    public static BasicFileAttributes attributes(Path path, boolean followLinks) throws IOException {
        LinkOption[] options = followLinks ? FOLLOW : NOFOLLOW;
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, options);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(path, BasicFileAttributes.class, options);
        }
    }

    // Written out, not generated: see ObjectId.equals.

    @Override
    public boolean equals(Object other) {
        return other instanceof FileStat s && size == s.size && mtimeNanos == s.mtimeNanos && inode == s.inode
                && executable == s.executable;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 * 31 + Long.hashCode(mtimeNanos) * 31 + Long.hashCode(inode) + (executable ? 1 : 0);
    }

    public static FileStat read(Path path) throws IOException {
        return of(attributes(path, true));
    }

    /**
     * The JDK exposes the inode only inside its file key; the key's hash mixes device and inode
     * numbers and is cheap, where formatting the key's text for every file is not. A collision would
     * also need equal path, size and mtime to matter.
     */
    static long inode(Object fileKey) {
        return fileKey == null ? 0 : fileKey.hashCode();
    }
}
