package dev.dvj.core.profile;

import com.fasterxml.jackson.databind.MappingIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The byte reader reads what Jackson's CSV reading (the profiler's, {@link TableProfiler#rows})
 * reads, row for row and field for field, whenever it does not decline; and the figures of a
 * table it reads equal those Jackson's reading gives.
 */
class DelimitedBytesTest {
    @TempDir
    Path dir;

    /** Jackson's rows of the bytes, or null when Jackson fails on them. */
    private static List<List<String>> jackson(byte[] bytes, char separator) {
        List<List<String>> rows = new ArrayList<>();
        try (Reader in = TableProfiler.reader(new ByteArrayInputStream(bytes));
             MappingIterator<String[]> it = TableProfiler.rows(in, separator)) {
            while (it.hasNextValue()) {
                rows.add(List.of(it.nextValue()));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return rows;
    }

    /** The byte reader's rows of the file's bytes [start, end), or null when it declines. */
    private static List<List<String>> bytes(Path file, long start, long end, char separator, boolean skipFirst)
            throws IOException {
        List<List<String>> rows = new ArrayList<>();
        DelimitedBytes.Rows collect = (buffer, starts, ends, nonAscii, fields) -> {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < fields; i++) {
                String text = new String(buffer, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
                assertEquals(nonAscii[i], !text.chars().allMatch(c -> c < 0x80), "the non-ASCII mark of '" + text + "'");
                row.add(text);
            }
            rows.add(row);
            return true;
        };
        try (FileChannel channel = FileChannel.open(file)) {
            return DelimitedBytes.read(channel, start, end, separator, skipFirst, collect) ? rows : null;
        }
    }

    private List<List<String>> bytes(byte[] content, char separator) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.write(file, content);
        return bytes(file, 0, content.length, separator, false);
    }

    @Test
    void readsWhatJacksonReadsOnGeneratedTables() throws Exception {
        // Tables built field by field (plain or quoted, with separators, line breaks and doubled
        // quotes inside quotes), some with a piece put anywhere that Jackson reads its own way,
        // which the byte reader must decline, never read differently.
        String[] plain = {"a", "bc", "12", "-3.5", "é", "日本", "NA", "true", "2026-01-02", ""};
        String[] quoted = {"x", ",", "\t", "\n", "\r\n", "\"\"", "é", " "};
        String[] quirks = {" ", "\t", "\r", "\"", "\u0001", "\"a\" ", "\n  \n"};
        Random random = new Random(5);
        int accepted = 0;
        int tried = 0;
        for (char separator : new char[] {',', '\t'}) {
            for (int t = 0; t < 3000; t++) {
                StringBuilder text = new StringBuilder();
                for (int row = random.nextInt(5); row >= 0; row--) {
                    for (int field = random.nextInt(4); field >= 0; field--) {
                        StringBuilder value = new StringBuilder();
                        String[] from = random.nextInt(3) == 0 ? quoted : plain;
                        for (int i = random.nextInt(3); i >= 0; i--) {
                            value.append(from[random.nextInt(from.length)]);
                        }
                        text.append(from == quoted ? "\"" + value + "\"" : value).append(field > 0 ? String.valueOf(separator) : "");
                    }
                    text.append(row > 0 || random.nextBoolean() ? (random.nextInt(4) == 0 ? "\r\n" : "\n") : "");
                    if (random.nextInt(8) == 0) {
                        text.append('\n'); // an empty line
                    }
                }
                if (random.nextInt(6) == 0) {
                    text.insert(random.nextInt(text.length() + 1), quirks[random.nextInt(quirks.length)]);
                }
                byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
                if (random.nextInt(10) == 0 && content.length > 0) {
                    content[random.nextInt(content.length)] = (byte) 0xC3; // a broken UTF-8 sequence
                }
                tried++;
                List<List<String>> mine = bytes(content, separator);
                if (mine == null) {
                    continue;
                }
                accepted++;
                String shown = new String(content, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
                assertEquals(jackson(content, separator), mine, "rows of '" + shown + "'");
            }
        }
        assertTrue(accepted > tried * 3 / 4, "most generated tables are read as bytes: " + accepted + " of " + tried);
    }

    @Test
    void readsTheCommonFormsAndDeclinesTheQuirks() throws Exception {
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d,e", "")),
                bytes("a,b\r\n\r\n\nc,\"d,e\",".getBytes(StandardCharsets.UTF_8), ','));
        assertEquals(List.of(List.of("say \"hi\"", "x\ny")),
                bytes("\"say \"\"hi\"\"\",\"x\ny\"\n".getBytes(StandardCharsets.UTF_8), ','));
        for (String quirk : new String[] {"a\"b,c\n", "\"a\"b,c\n", "a,b\rc,d\n", "a,b\n  \nc,d\n", "\"open,c\n", " \"a\",b\n"}) {
            assertEquals(null, bytes(quirk.getBytes(StandardCharsets.UTF_8), ','), quirk);
        }
    }

    @Test
    void aRowLongerThanTheBufferIsReadWhole() throws Exception {
        String big = "x".repeat(3 << 20);
        byte[] content = ("a,b\n" + big + ",\"" + big + "\"\nc,d\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(List.of("a", "b"), List.of(big, big), List.of("c", "d")), bytes(content, ','));
    }

    @Test
    void skipsTheHeaderAndStopsWhereItIsAsked() throws Exception {
        Path file = dir.resolve("h.csv");
        Files.writeString(file, "\n\nname,n\nx,1\ny,2\nz,3\n");
        assertEquals(List.of(List.of("x", "1"), List.of("y", "2"), List.of("z", "3")),
                bytes(file, 0, Files.size(file), ',', true));
        List<String> seen = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file)) {
            assertTrue(DelimitedBytes.read(channel, 0, Files.size(file), ',', true, (buffer, starts, ends, nonAscii, fields) -> {
                seen.add(new String(buffer, starts[0], ends[0] - starts[0], StandardCharsets.UTF_8));
                return seen.size() < 2;
            }));
        }
        assertEquals(List.of("x", "y"), seen);
    }

    @Test
    void aTableWithAQuirkHasTheFiguresOfTheSameTableWithout() throws Exception {
        // The same rows, once plain (every part read as bytes) and once with a line of blanks in
        // the middle (its part read by Jackson, which skips that line): the figures are equal,
        // duplicates found across parts read both ways included.
        List<String> rows = new ArrayList<>();
        Random random = new Random(9);
        for (int i = 0; i < 4000; i++) {
            rows.add(i % 250 == 0 && i > 0 ? rows.get(i - 1) : i + "," + List.of("Zürich", "Oslo", "\"Rio, BR\"").get(random.nextInt(3))
                    + "," + String.format("%.2f", random.nextGaussian()) + "," + (i % 3 == 0 ? "NA" : "n" + (i % 7)));
        }
        List<String> withBlankLine = new ArrayList<>(rows);
        withBlankLine.add(2000, "   ");
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Files.writeString(a, "id,city,score,note\n" + String.join("\n", rows) + "\n");
        Files.writeString(b, "id,city,score,note\n" + String.join("\n", withBlankLine) + "\n");
        TableProfiler.Profiled plain = TableProfiler.profileInParts(a, "csv", true, 4096);
        TableProfiler.Profiled quirk = TableProfiler.profileInParts(b, "csv", true, 4096);
        assertEquals(4000, plain.profile().rows());
        assertEquals(15, plain.profile().duplicateRows());
        assertEquals(plain.profile(), quirk.profile());
        for (String column : List.of("id", "city", "score", "note")) {
            assertEquals(withoutSketch(plain.statistics().columns().get(column)),
                    withoutSketch(quirk.statistics().columns().get(column)), column);
        }
        assertTrue(plain.statistics().columns().get("city").counts().containsKey("Zürich"));
    }

    /** The statistics but the KLL sketch, which compacts at random: the same values give different sketches. */
    private static ColumnStatistics withoutSketch(ColumnStatistics s) {
        return new ColumnStatistics(s.kind(), s.present(), s.distinct(), s.distinctExact(), s.top(), s.counts(), s.count(),
                s.zeros(), s.min(), s.max(), s.mean(), s.stddev(), null);
    }
}
