package dev.dvj.core.hash;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The name of an object: the lowercase hex SHA-256 of its bytes, with a {@code .dir} suffix when the
 * object is a directory manifest. The suffix lets a listing of a cache or remote tell manifests
 * apart without reading them.
 */
public final class ObjectId implements Comparable<ObjectId> {
    public static final String DIR_SUFFIX = ".dir";

    /** Which Latin-1 bytes are lowercase hex digits. */
    private static final boolean[] HEX_DIGIT = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            HEX_DIGIT[c] = true;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX_DIGIT[c] = true;
        }
    }

    private final String hex;
    private final boolean directory;

    public ObjectId(String hex, boolean directory) {
        this(requireSha256Hex(hex), directory, true);
    }

    /** For text already checked (or made by this class): ids are parsed by the hundred thousand. */
    private ObjectId(String checkedHex, boolean directory, boolean checked) {
        this.hex = checkedHex;
        this.directory = directory;
    }

    private static String requireSha256Hex(String hex) {
        if (!isSha256Hex(hex)) {
            throw new IllegalArgumentException("not a sha256 object id: " + hex);
        }
        return hex;
    }

    public String hex() {
        return hex;
    }

    public boolean directory() {
        return directory;
    }

    /**
     * 64 lowercase hex digits. Manifests and pack indexes of 20,000 ids are parsed early in a run,
     * while the JIT's queue is long and this loop still runs in the interpreter, so it does as
     * little per character as it can: one copy of the characters as bytes (a non-Latin-1 one
     * becomes '?', not a digit), then a table lookup per byte, no method call (a loop of charAt
     * calls cost 0.1 s of a no-op push of 20,000 files).
     */
    static boolean isSha256Hex(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        boolean[] digit = HEX_DIGIT;
        for (int i = 0; i < 64; i++) {
            if (!digit[bytes[i] & 0xff]) {
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
        return isSha256Hex(hex) ? new ObjectId(hex, dir, true) : null;
    }

    public static ObjectId parse(String text) {
        ObjectId id = parseOrNull(text);
        if (id == null) {
            throw new IllegalArgumentException("not a sha256 object id: " + text);
        }
        return id;
    }

    public static ObjectId ofDigest(byte[] digest, boolean directory) {
        return new ObjectId(HexFormat.of().formatHex(digest), directory, true);
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
