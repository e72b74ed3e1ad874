package dev.dvj.core.workspace;

import dev.dvj.core.DvjException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a checkout puts cached content into the workspace (config {@code cache.type}). */
public enum LinkType {
    /** A copy-on-write clone: instant, no extra space, and edits never reach the cache. */
    REFLINK,
    /** Shares the cache's (read-only) inode: instant, no extra space. */
    HARDLINK,
    /** A symbolic link to the (read-only) cache file. */
    SYMLINK,
    /** A full, writable copy. */
    COPY;

    public static final String DEFAULT = "reflink,copy";

    public static List<LinkType> parseList(String text) {
        List<LinkType> types = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                types.add(valueOf(name));
            } catch (IllegalArgumentException e) {
                throw DvjException.invalid("config cache.type: unknown link type '" + part.trim()
                        + "' (use reflink, hardlink, symlink or copy)");
            }
        }
        if (types.isEmpty()) {
            throw DvjException.invalid("config cache.type is empty (use e.g. reflink,copy)");
        }
        return types;
    }
}
