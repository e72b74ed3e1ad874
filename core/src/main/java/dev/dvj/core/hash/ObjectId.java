package dev.dvj.core.hash;

import java.util.HexFormat;

/**
 * The name of an object: the lowercase hex SHA-256 of its bytes, with a {@code .dir} suffix when the
 * object is a directory manifest. The suffix lets a listing of a cache or remote tell manifests
 * apart without reading them.
 */
public record ObjectId(String hex, boolean directory) implements Comparable<ObjectId> {
    public static final String DIR_SUFFIX = ".dir";

    public ObjectId {
        if (!isSha256Hex(hex)) {
            throw new IllegalArgumentException("not a sha256 object id: " + hex);
        }
    }

    /** 64 lowercase hex digits. A loop, not a regex: ids are checked by the hundred thousand. */
    static boolean isSha256Hex(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code <64 hex>} or {@code <64 hex>.dir}; returns null when the text is not an id. */
    public static ObjectId parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        boolean dir = text.endsWith(DIR_SUFFIX);
        String hex = dir ? text.substring(0, text.length() - DIR_SUFFIX.length()) : text;
        return isSha256Hex(hex) ? new ObjectId(hex, dir) : null;
    }

    public static ObjectId parse(String text) {
        ObjectId id = parseOrNull(text);
        if (id == null) {
            throw new IllegalArgumentException("not a sha256 object id: " + text);
        }
        return id;
    }

    public static ObjectId ofDigest(byte[] digest, boolean directory) {
        return new ObjectId(HexFormat.of().formatHex(digest), directory);
    }

    /** The first two hex digits: the fan-out folder in caches and remotes. */
    public String shard() {
        return hex.substring(0, 2);
    }

    /** The file name inside the fan-out folder. */
    public String fileName() {
        return hex.substring(2) + (directory ? DIR_SUFFIX : "");
    }

    public String shortHex() {
        return hex.substring(0, 8);
    }

    @Override
    public String toString() {
        return directory ? hex + DIR_SUFFIX : hex;
    }

    // equals and hashCode are written out: a record's generated ones are linked on first use
    // through an invokedynamic bootstrap that took about 13 ms of every dvj run.

    @Override
    public boolean equals(Object other) {
        return other instanceof ObjectId id && directory == id.directory && hex.equals(id.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode() * 31 + (directory ? 1 : 0);
    }

    @Override
    public int compareTo(ObjectId other) {
        return toString().compareTo(other.toString());
    }
}
