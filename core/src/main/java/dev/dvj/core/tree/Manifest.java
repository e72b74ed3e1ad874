package dev.dvj.core.tree;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dvj.core.DvjException;
import dev.dvj.core.hash.Hashing;
import dev.dvj.core.hash.ObjectId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listing of a directory, stored as an object like any file. Its canonical form (see
 * docs/formats.md) is JSON with one entry per line, sorted by the UTF-8 bytes of the path, so equal
 * directories always produce equal bytes and therefore equal ids.
 */
public final class Manifest {
    /** Built on first parse: status and add never parse a manifest and need not pay for it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final List<ManifestEntry> entries;

    private Manifest(List<ManifestEntry> sortedEntries) {
        this.entries = Collections.unmodifiableList(sortedEntries);
    }

    /** A manifest of these entries, whose paths are checked; for entries from untrusted bytes. */
    public static Manifest of(List<ManifestEntry> entries) {
        for (ManifestEntry entry : entries) {
            checkPath(entry.path(), "manifest");
        }
        return ofScanned(entries);
    }

    /** A manifest of entries found by walking a real directory, whose paths are clean by construction. */
    public static Manifest ofScanned(List<ManifestEntry> entries) {
        for (ManifestEntry entry : entries) {
            // Legal names on POSIX that parse() refuses: dvj must not store a manifest it cannot read back.
            if (escapesOnWindows(entry.path())) {
                throw DvjException.invalid("cannot track '" + entry.path() + "': a backslash, or a drive letter such as "
                        + "'C:' at its start, would name another folder on Windows; rename the file");
            }
        }
        List<ManifestEntry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> PathOrder.UTF8.compare(a.path(), b.path()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).path().equals(sorted.get(i).path())) {
                throw DvjException.invalid("manifest lists '" + sorted.get(i).path() + "' twice");
            }
        }
        return new Manifest(sorted);
    }

    public List<ManifestEntry> entries() {
        return entries;
    }

    public long totalSize() {
        long total = 0;
        for (ManifestEntry entry : entries) {
            total += entry.size();
        }
        return total;
    }

    public Map<String, ManifestEntry> byPath() {
        Map<String, ManifestEntry> map = new LinkedHashMap<>();
        for (ManifestEntry entry : entries) {
            map.put(entry.path(), entry);
        }
        return map;
    }

    /** The canonical bytes whose SHA-256 is the directory's id. */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(entries.size() * 110 + 4);
        out.append("[\n");
        for (int i = 0; i < entries.size(); i++) {
            ManifestEntry entry = entries.get(i);
            out.append("{\"path\":");
            appendJsonString(out, entry.path());
            out.append(",\"oid\":\"").append(entry.oid().hex()).append("\",\"size\":").append(entry.size());
            if (entry.executable()) {
                out.append(",\"exec\":true");
            }
            out.append(i + 1 < entries.size() ? "},\n" : "}\n");
        }
        out.append("]\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public ObjectId id() {
        return Hashing.ofBytes(toBytes(), true);
    }

    /**
     * Parses and validates a stored manifest; {@code source} names it in error messages. Streams the
     * tokens rather than building a JSON tree: manifests of 20,000 entries are read on every pull.
     */
    public static Manifest parse(byte[] bytes, String source) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw DvjException.data("manifest " + source + " is not a JSON array");
            }
            List<ManifestEntry> entries = new ArrayList<>();
            boolean canonicalOrder = true;
            for (JsonToken token; (token = parser.nextToken()) != JsonToken.END_ARRAY; ) {
                if (token != JsonToken.START_OBJECT) {
                    throw malformed(source, parser);
                }
                ManifestEntry entry = parseEntry(parser, source);
                checkPath(entry.path(), "manifest " + source);
                canonicalOrder = canonicalOrder && (entries.isEmpty()
                        || PathOrder.UTF8.compare(entries.get(entries.size() - 1).path(), entry.path()) < 0);
                entries.add(entry);
            }
            // Strictly ascending, as dvj writes them, also means no path is listed twice.
            return canonicalOrder ? new Manifest(entries) : ofScanned(entries);
        } catch (JsonProcessingException e) {
            throw DvjException.data("manifest " + source + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DvjException.data("cannot read manifest " + source + ": " + e.getMessage(), e);
        }
    }

    /** One {"path", "oid", "size"[, "exec"]} object; unknown fields are skipped for later versions. */
    private static ManifestEntry parseEntry(JsonParser parser, String source) throws IOException {
        String path = null;
        ObjectId oid = null;
        Long size = null;
        boolean executable = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "path" -> path = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "oid" -> oid = value == JsonToken.VALUE_STRING ? ObjectId.parseOrNull(parser.getText()) : null;
                case "size" -> size = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                case "exec" -> executable = value == JsonToken.VALUE_TRUE;
                default -> parser.skipChildren();
            }
        }
        if (path == null || oid == null || oid.directory() || size == null || size < 0) {
            throw malformed(source, parser);
        }
        return new ManifestEntry(path, oid, size, executable);
    }

    private static DvjException malformed(String source, JsonParser parser) {
        return DvjException.data("manifest " + source + " has a malformed entry at line "
                + parser.currentLocation().getLineNr());
    }

    /**
     * Refuses entries that could escape the directory they describe on any platform.
     */
    static void checkPath(String path, String source) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0 || escapesOnWindows(path)) {
            throw DvjException.data(source + " has an invalid path '" + path + "'");
        }
        // Each segment between slashes must be neither empty, "." nor "..".
        for (int start = 0; start <= path.length(); ) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if (length == 0 || (path.charAt(start) == '.' && (length == 1 || (length == 2 && path.charAt(start + 1) == '.')))) {
                throw DvjException.data(source + " has a path escaping its directory: '" + path + "'");
            }
            start = end + 1;
        }
    }

    /** A backslash separates folders on Windows ({@code ..\\x}), and a drive ("C:x") resolves outside. */
    private static boolean escapesOnWindows(String path) {
        return path.indexOf('\\') >= 0
                || (path.length() > 1 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0)));
    }

    private static void appendJsonString(StringBuilder out, String value) {
        out.append('"');
        if (!needsEscaping(value)) {
            out.append(value).append('"');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
