package dev.dvj.core.odb.pack;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.ObjectId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a pack holds: each object's id and where its bytes are in the pack. Stored beside the pack
 * as {@code packs/<pack id>.idx}, plain text (docs/formats.md has the layout and a test vector):
 * <pre>
 * dvj-pack-index 1
 * pack &lt;pack id: SHA-256 of the pack's bytes&gt; &lt;pack size&gt;
 * &lt;object id&gt; &lt;offset&gt; &lt;length&gt;     (one line per object, sorted by id)
 * </pre>
 * An index is written only after its pack is stored and confirmed, so an index never names bytes
 * that are not there; a pack without an index is a leftover of a killed push, and is ignored.
 */
public record PackIndex(String packId, long packSize, List<Entry> entries) {
    public static final String FOLDER = "packs";
    static final String MAGIC = "dvj-pack-index 1";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** One object in the pack: its bytes are {@code length} bytes from {@code offset}. */
    public record Entry(ObjectId id, long offset, long length) {
    }

    public PackIndex {
        entries = entries.stream().sorted(Comparator.comparing(Entry::id)).toList();
    }

    /** Where the pack with this id is kept. */
    public static String packName(String packId) {
        return FOLDER + "/" + packId + ".tar";
    }

    /** Where the index of the pack with this id is kept. */
    public static String indexName(String packId) {
        return FOLDER + "/" + packId + ".idx";
    }

    /** The pack id an index or pack file name carries, or null for any other name. */
    public static String packIdOf(String fileName, String suffix) {
        String prefix = FOLDER + "/";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(suffix)) {
            return null;
        }
        String id = fileName.substring(prefix.length(), fileName.length() - suffix.length());
        return HEX64.matcher(id).matches() ? id : null;
    }

    public byte[] toBytes() {
        StringBuilder text = new StringBuilder(MAGIC).append('\n')
                .append("pack ").append(packId).append(' ').append(packSize).append('\n');
        for (Entry entry : entries) {
            text.append(entry.id()).append(' ').append(entry.offset()).append(' ').append(entry.length()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads an index strictly: every line well-formed, ids sorted without repeats, every object
     * inside the pack. {@code source} names it in errors, with the line number.
     */
    public static PackIndex parse(byte[] bytes, String source) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 3 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].isEmpty()) {
            throw malformed(source, 1, "not a dvj pack index (it starts '" + MAGIC + "' and ends with a newline)");
        }
        String[] pack = lines[1].split(" ", -1);
        if (pack.length != 3 || !pack[0].equals("pack") || !HEX64.matcher(pack[1]).matches()) {
            throw malformed(source, 2, "expected 'pack <64 hex> <size>'");
        }
        long packSize = number(pack[2], source, 2);
        List<Entry> entries = new ArrayList<>();
        ObjectId previous = null;
        for (int i = 2; i < lines.length - 1; i++) {
            String[] fields = lines[i].split(" ", -1);
            ObjectId id = fields.length == 3 ? ObjectId.parseOrNull(fields[0]) : null;
            if (id == null) {
                throw malformed(source, i + 1, "expected '<object id> <offset> <length>'");
            }
            long offset = number(fields[1], source, i + 1);
            long length = number(fields[2], source, i + 1);
            if (offset + length > packSize) {
                throw malformed(source, i + 1, "object " + id + " ends past the pack's " + packSize + " bytes");
            }
            if (previous != null && previous.compareTo(id) >= 0) {
                throw malformed(source, i + 1, "ids are not sorted, or one is listed twice");
            }
            entries.add(new Entry(id, offset, length));
            previous = id;
        }
        return new PackIndex(pack[1], packSize, entries);
    }

    private static long number(String text, String source, int line) {
        if (!text.matches("0|[1-9][0-9]{0,17}")) {
            throw malformed(source, line, "'" + text + "' is not a size or offset");
        }
        return Long.parseLong(text);
    }

    private static DvjException malformed(String source, int line, String what) {
        return DvjException.data(source + " line " + line + ": " + what);
    }
}
