package dev.dvj.core.tree;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a big directory's manifest is cut into shards (see docs/formats.md, "Sharded manifests").
 *
 * <p>A directory of more than {@link #SHARD_ABOVE} files is stored as shards: runs of its sorted
 * entries, each an object in the flat manifest form, and a small root listing them. A run ends
 * after a file whose path hashes (FNV-1a, 64 bits, over its UTF-8 bytes) to a value whose top 12
 * bits are zero, one path in 4,096 on average. The cut depends on the path alone, so changing a
 * file's content rewrites its shard and the root, and adding or removing a file rewrites at most
 * the two shards beside it: a one-file change to a million-file directory stores about 0.5 MB,
 * not a 120 MB manifest.
 */
public final class ManifestShards {
    /** Directories of up to this many files keep the single flat manifest (and their ids). */
    public static final int SHARD_ABOVE = 8192;
    /** A shard ends after a path whose hash has this many top bits zero: 4,096 files on average. */
    static final int CUT_BITS = 12;

    private ManifestShards() {
    }

    /** One shard as the root lists it: its first path, object id, object size and file count. */
    public record Ref(String first, ObjectId oid, long size, int nfiles) {
    }

    static boolean sharded(int files) {
        return files > SHARD_ABOVE;
    }

    /** The sorted entries cut into runs, each ending at a cut path (the last run at the end). */
    static List<List<ManifestEntry>> split(List<ManifestEntry> sorted) {
        List<List<ManifestEntry>> runs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (endsShard(sorted.get(i).path()) || i == sorted.size() - 1) {
                runs.add(sorted.subList(start, i + 1));
                start = i + 1;
            }
        }
        return runs;
    }

    static boolean endsShard(String path) {
        return (fnv1a64(path.getBytes(StandardCharsets.UTF_8)) >>> (64 - CUT_BITS)) == 0;
    }

    static long fnv1a64(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * The shards whose range of paths (from their first path to the next shard's) can hold any of
     * these paths: a file, or every file in a folder of that name. Shards are in path order, so a
     * path {@code p} and the files under {@code p/} all lie in [p, p + "0"), '0' coming right
     * after '/'.
     */
    static List<Ref> covering(List<Ref> shards, java.util.Collection<String> paths) {
        List<Ref> chosen = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            String first = shards.get(i).first();
            String next = i + 1 < shards.size() ? shards.get(i + 1).first() : null;
            for (String path : paths) {
                String from = path;
                String to = path + "0";
                boolean startsBeforeEnd = PathOrder.UTF8.compare(first, to) < 0;
                boolean endsAfterStart = next == null || PathOrder.UTF8.compare(next, from) > 0;
                if (startsBeforeEnd && endsAfterStart) {
                    chosen.add(shards.get(i));
                    break;
                }
            }
        }
        return chosen;
    }

    /** Whether stored manifest bytes are a shard root rather than a flat listing. */
    static boolean isRoot(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /** The root's canonical bytes: one shard per line, in path order. */
    static byte[] rootBytes(List<Ref> refs) {
        StringBuilder out = new StringBuilder(refs.size() * 170 + 16);
        out.append("{\"shards\":[\n");
        for (int i = 0; i < refs.size(); i++) {
            Ref ref = refs.get(i);
            out.append("{\"first\":");
            Manifest.appendJsonString(out, ref.first());
            out.append(",\"oid\":\"").append(ref.oid().hex()).append("\",\"size\":").append(ref.size())
                    .append(",\"nfiles\":").append(ref.nfiles()).append(i + 1 < refs.size() ? "},\n" : "}\n");
        }
        out.append("]}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a root's shard list, refusing malformed refs; {@code source} names it in errors. */
    static List<Ref> parseRoot(JsonParser parser, String source) throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME || !"shards".equals(parser.currentName())
                || parser.nextToken() != JsonToken.START_ARRAY) {
            throw DvjException.data("manifest " + source + " is neither a file list nor a shard list");
        }
        List<Ref> refs = new ArrayList<>();
        for (JsonToken token; (token = parser.nextToken()) != JsonToken.END_ARRAY; ) {
            if (token != JsonToken.START_OBJECT) {
                throw malformed(source, parser);
            }
            refs.add(parseRef(parser, source));
        }
        if (refs.isEmpty()) {
            throw DvjException.data("manifest " + source + " lists no shards");
        }
        return refs;
    }

    private static Ref parseRef(JsonParser parser, String source) throws IOException {
        String first = null;
        ObjectId oid = null;
        Long size = null;
        Integer nfiles = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "first" -> first = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "oid" -> oid = value == JsonToken.VALUE_STRING ? ObjectId.parseOrNull(parser.getText()) : null;
                case "size" -> size = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                case "nfiles" -> nfiles = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                default -> parser.skipChildren();
            }
        }
        if (first == null || oid == null || oid.directory() || size == null || size < 0 || nfiles == null || nfiles < 1) {
            throw malformed(source, parser);
        }
        Manifest.checkPath(first, "manifest " + source);
        return new Ref(first, oid, size, nfiles);
    }

    private static DvjException malformed(String source, JsonParser parser) {
        return DvjException.data("manifest " + source + " has a malformed shard at line "
                + parser.currentLocation().getLineNr());
    }

    /**
     * Checks that a shard read back is the one its ref describes and follows the previous shard
     * in path order, so the joined entries are a valid, duplicate-free listing.
     */
    static void checkShard(Ref ref, List<ManifestEntry> entries, String previousLast, String source) {
        if (entries.size() != ref.nfiles() || !entries.get(0).path().equals(ref.first())) {
            throw DvjException.data("manifest " + source + ": shard " + ref.oid() + " does not hold the "
                    + ref.nfiles() + " files from '" + ref.first() + "' the manifest says it does");
        }
        if (previousLast != null && PathOrder.UTF8.compare(previousLast, ref.first()) >= 0) {
            throw DvjException.data("manifest " + source + ": shard " + ref.oid() + " is out of path order");
        }
    }
}
