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
        entries = isSorted(entries) ? List.copyOf(entries) : entries.stream().sorted(Comparator.comparing(Entry::id)).toList();
    }

    private static boolean isSorted(List<Entry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i - 1).id().compareTo(entries.get(i).id()) > 0) {
                return false;
            }
        }
        return true;
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
        // By hand, not split and regex: an index of 20,000 objects is read by every command that
        // asks a remote what it holds.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.startsWith(MAGIC + "\n") || !text.endsWith("\n")) {
            throw malformed(source, 1, "not a dvj pack index (it starts '" + MAGIC + "' and ends with a newline)");
        }
        int lineStart = MAGIC.length() + 1;
        int lineEnd = text.indexOf('\n', lineStart);
        String[] pack = text.substring(lineStart, lineEnd).split(" ", -1);
        if (pack.length != 3 || !pack[0].equals("pack") || !HEX64.matcher(pack[1]).matches()) {
            throw malformed(source, 2, "expected 'pack <64 hex> <size>'");
        }
        long packSize = number(pack[2], 0, pack[2].length(), source, 2);
        List<Entry> entries = new ArrayList<>();
        ObjectId previous = null;
        int line = 2;
        for (lineStart = lineEnd + 1; lineStart < text.length(); lineStart = lineEnd + 1) {
            line++;
            lineEnd = text.indexOf('\n', lineStart);
            int firstSpace = text.indexOf(' ', lineStart);
            int secondSpace = firstSpace < 0 ? -1 : text.indexOf(' ', firstSpace + 1);
            ObjectId id = firstSpace < 0 || firstSpace > lineEnd || secondSpace < 0 || secondSpace > lineEnd ? null
                    : ObjectId.parseOrNull(text.substring(lineStart, firstSpace));
            if (id == null) {
                throw malformed(source, line, "expected '<object id> <offset> <length>'");
            }
            long offset = number(text, firstSpace + 1, secondSpace, source, line);
            long length = number(text, secondSpace + 1, lineEnd, source, line);
            if (offset + length > packSize) {
                throw malformed(source, line, "object " + id + " ends past the pack's " + packSize + " bytes");
            }
            if (previous != null && previous.compareTo(id) >= 0) {
                throw malformed(source, line, "ids are not sorted, or one is listed twice");
            }
            entries.add(new Entry(id, offset, length));
            previous = id;
        }
        return new PackIndex(pack[1], packSize, entries);
    }

    /** A decimal of up to 18 digits without a leading zero, in {@code text} from {@code start} to {@code end}. */
    private static long number(String text, int start, int end, String source, int line) {
        int digits = end - start;
        boolean valid = digits >= 1 && digits <= 18 && (digits == 1 || text.charAt(start) != '0');
        long value = 0;
        for (int i = start; valid && i < end; i++) {
            char c = text.charAt(i);
            valid = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!valid) {
            throw malformed(source, line, "'" + text.substring(start, Math.max(start, end)) + "' is not a size or offset");
        }
        return value;
    }

    private static DvjException malformed(String source, int line, String what) {
        return DvjException.data(source + " line " + line + ": " + what);
    }
}
