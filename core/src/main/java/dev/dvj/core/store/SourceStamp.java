package dev.dvj.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * A file's identity and change times. Any write to a file moves its ctime to the current time, and
 * nothing can set it back, so an equal stamp before and after a copy proves the copy saw one
 * unchanging file, provided the last change is older than the filesystem's timestamp granularity.
 */
public record SourceStamp(long size, FileTime modified, FileTime changed, Object inode) {
    /** Changes this recent could share a timestamp tick with a write still to come. */
    static final long RECENT_MILLIS = 2_000;

    /** The stamp, or null where the platform has no ctime (the caller then verifies bytes itself). */
    public static SourceStamp of(Path file) throws IOException {
        try {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
            return new SourceStamp((Long) attrs.get("size"), (FileTime) attrs.get("lastModifiedTime"),
                    (FileTime) attrs.get("ctime"), attrs.get("ino"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    public boolean isRecent(long nowMillis) {
        return changed.toMillis() > nowMillis - RECENT_MILLIS || modified.toMillis() > nowMillis - RECENT_MILLIS;
    }
}
