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
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listing of a directory, stored as an object like any file. Its canonical form (see
 * docs/formats.md) is JSON with one entry per line, sorted by the UTF-8 bytes of the path, so equal
 * directories always produce equal bytes and therefore equal ids. A directory of more than
 * {@link ManifestShards#SHARD_ABOVE} files is stored as shards of that form under a small root
 * ({@link ManifestShards}); in memory it is the same whole list either way.
 */
public final class Manifest {
    /** Built on first parse: status and add never parse a manifest and need not pay for it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final List<ManifestEntry> entries;
    /** What the stored object read lists: its root's shards, none for a flat listing; null if built. */
    private volatile List<ManifestShards.Ref> storedShards;
    /** The shards of the canonical form, once {@link #store} has computed them. */
    private volatile List<ManifestShards.Ref> shards;
    private volatile ObjectId id;
    private volatile boolean slice;

    private Manifest(List<ManifestEntry> sortedEntries) {
        this.entries = Collections.unmodifiableList(sortedEntries);
    }

    /** Where a stored object goes: the cache's inserter, or only a hash to learn an id. */
    @FunctionalInterface
    public interface ObjectSink {
        ObjectId put(byte[] bytes, boolean directory) throws IOException;
    }

    /** Reads a shard's bytes, verified against its id; a missing or damaged shard is an error. */
    @FunctionalInterface
    public interface ShardReader {
        byte[] read(ManifestShards.Ref shard) throws IOException;
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

    /** Whether this directory is stored as shards and a root rather than one flat listing. */
    public boolean sharded() {
        return ManifestShards.sharded(entries.size());
    }

    /**
     * Stores the manifest's objects through {@code sink}: each shard first, then the root (or the
     * one flat listing), so a stored root always finds its shards. Returns the directory's id.
     */
    public ObjectId store(ObjectSink sink) throws IOException {
        if (!sharded()) {
            return sink.put(flatBytes(), true);
        }
        List<ManifestShards.Ref> refs = new ArrayList<>();
        for (List<ManifestEntry> run : ManifestShards.split(entries)) {
            byte[] bytes = listingBytes(run);
            refs.add(new ManifestShards.Ref(run.get(0).path(), sink.put(bytes, false), bytes.length, run.size()));
        }
        shards = List.copyOf(refs);
        return sink.put(ManifestShards.rootBytes(refs), true);
    }

    /** The directory's id in canonical form: its flat listing's hash, or its shard root's. */
    public ObjectId id() {
        ObjectId known = id;
        if (known == null) {
            try {
                known = store((bytes, directory) -> Hashing.ofBytes(bytes, directory));
            } catch (IOException e) {
                throw new IllegalStateException("hashing bytes in memory cannot fail", e);
            }
            id = known;
        }
        return known;
    }

    /**
     * The id the same files had as one flat listing, as dvj wrote every directory before shards:
     * a directory recorded that way is the same content as this one.
     */
    public ObjectId flatId() {
        return sharded() ? Hashing.ofBytes(flatBytes(), true) : id();
    }

    /** Whether {@code recorded} names this content, in canonical form or in the older flat form. */
    public boolean hasId(ObjectId recorded) {
        return recorded.equals(id()) || (sharded() && recorded.equals(flatId()));
    }

    /**
     * The shard objects this directory's stored manifest stands on (empty for a flat one): what a
     * transfer copies before the root and gc keeps with it. For a manifest read from a store, the
     * shards its root lists (none for a directory recorded as one flat listing); otherwise those
     * of the canonical form.
     */
    public List<ManifestShards.Ref> shards() {
        if (storedShards != null) {
            return storedShards;
        }
        List<ManifestShards.Ref> known = shards;
        if (known == null) {
            if (sharded()) {
                id();
                known = shards;
            } else {
                known = List.of();
                shards = known;
            }
        }
        return known;
    }

    /** Every entry in the flat form, one listing; how shards are written and partial checkouts keep it. */
    public byte[] flatBytes() {
        return listingBytes(entries);
    }

    private static byte[] listingBytes(List<ManifestEntry> entries) {
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

    /**
     * Reads a stored manifest whose bytes the caller checked against their id: a flat listing, or
     * a shard root whose shards {@code shardReader} supplies (verified). {@code source} names it in
     * error messages.
     */
    public static Manifest read(byte[] bytes, String source, ShardReader shardReader) {
        return read(bytes, source, shardReader, null);
    }

    /**
     * Like {@link #read(byte[], String, ShardReader)}, but of a sharded directory reads only the
     * shards that can hold these paths (files, or folders inside the directory): a pull of one
     * file out of a million reads one shard, not 120 MB. Such a slice is not {@link #whole()}.
     *
     * @param paths null for the whole directory
     */
    public static Manifest read(byte[] bytes, String source, ShardReader shardReader, Collection<String> paths) {
        if (!ManifestShards.isRoot(bytes)) {
            Manifest flat = parse(bytes, source);
            flat.storedShards = List.of();
            return flat;
        }
        List<ManifestShards.Ref> all = parseShardList(bytes, source);
        List<ManifestShards.Ref> refs = paths == null ? all : ManifestShards.covering(all, paths);
        List<ManifestEntry> joined = new ArrayList<>();
        String last = null;
        for (ManifestShards.Ref ref : refs) {
            byte[] shardBytes;
            try {
                shardBytes = shardReader.read(ref);
            } catch (IOException e) {
                throw DvjException.data("cannot read shard " + ref.oid() + " of manifest " + source + ": " + e.getMessage(), e);
            }
            if (shardBytes == null) {
                throw DvjException.data("manifest " + source + " lists shard " + ref.oid() + " twice");
            }
            List<ManifestEntry> shard = parse(shardBytes, "shard " + ref.oid() + " of " + source).entries();
            ManifestShards.checkShard(ref, shard, last, source);
            joined.addAll(shard);
            last = shard.get(shard.size() - 1).path();
        }
        Manifest manifest = new Manifest(joined);
        manifest.storedShards = List.copyOf(refs);
        manifest.slice = refs.size() < all.size();
        return manifest;
    }

    /**
     * False for a slice of a sharded directory read for some paths only: it lists the files of
     * the shards read, so it must never stand for the directory (be stored, kept or compared).
     */
    public boolean whole() {
        return !slice;
    }

    /** The shards a root lists that can hold these paths (all of them for null); none for a flat listing. */
    public static List<ManifestShards.Ref> shardsOf(byte[] bytes, String source, Collection<String> paths) {
        List<ManifestShards.Ref> all = shardsOf(bytes, source);
        return paths == null ? all : ManifestShards.covering(all, paths);
    }

    /** The shards a root lists, without reading them; for a flat listing, none. */
    public static List<ManifestShards.Ref> shardsOf(byte[] bytes, String source) {
        return ManifestShards.isRoot(bytes) ? parseShardList(bytes, source) : List.of();
    }

    private static List<ManifestShards.Ref> parseShardList(byte[] bytes, String source) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw DvjException.data("manifest " + source + " is not a shard list");
            }
            return ManifestShards.parseRoot(parser, source);
        } catch (JsonProcessingException e) {
            throw DvjException.data("manifest " + source + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DvjException.data("cannot read manifest " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates a flat listing (a whole small directory, or one shard); {@code source}
     * names it in error messages. Streams the tokens rather than building a JSON tree: manifests
     * of 20,000 entries are read on every pull.
     */
    public static Manifest parse(byte[] bytes, String source) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            JsonToken start = parser.nextToken();
            if (start == JsonToken.START_OBJECT) {
                throw DvjException.data("manifest " + source + " is a shard list, not a file list");
            }
            if (start != JsonToken.START_ARRAY) {
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

    static void appendJsonString(StringBuilder out, String value) {
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
