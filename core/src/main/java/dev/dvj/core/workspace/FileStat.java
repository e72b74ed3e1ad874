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
        boolean exec = attrs instanceof PosixFileAttributes posix
                && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        return new FileStat(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), inode(attrs.fileKey()), exec);
    }

    /** One stat call: POSIX attributes where the filesystem has them (for the executable bit). */
    public static BasicFileAttributes attributes(Path path, boolean followLinks) throws IOException {
        LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, options);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(path, BasicFileAttributes.class, options);
        }
    }

    public static FileStat read(Path path) throws IOException {
        return of(attributes(path, true));
    }

    /** The JDK exposes the inode only through the file key's text, "(dev=…,ino=…)" on Unix. */
    static long inode(Object fileKey) {
        if (fileKey == null) {
            return 0;
        }
        String text = fileKey.toString();
        int at = text.indexOf("ino=");
        if (at < 0) {
            return text.hashCode();
        }
        long value = 0;
        for (int i = at + 4; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
