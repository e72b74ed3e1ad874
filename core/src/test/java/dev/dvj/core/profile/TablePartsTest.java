package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table read in parts at once gives the figures it gives read whole: parts start at rows (never
 * inside a quoted field), and their tallies merge to the same counts, types, duplicates, exact
 * category counts and moments.
 */
class TablePartsTest {
    @TempDir
    Path dir;

    /** A table with quoted fields holding commas, doubled quotes and line breaks, and duplicate rows. */
    private static String table(int rows) {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("id,score,site,note,sparse\n");
        for (int i = 0; i < rows; i++) {
            int id = i % 997 == 0 && i > 0 ? i - 1 : i; // every 997th row repeats the row before
            Random row = new Random(id);
            csv.append(id).append(',').append(String.format("%.3f", row.nextGaussian() * 10)).append(',')
                    .append(List.of("north", "south", "east").get(row.nextInt(3))).append(',');
            switch (row.nextInt(4)) {
                case 0 -> csv.append("\"two\nlines, \"\"quoted\"\"\"");
                case 1 -> csv.append("\"a, b\"");
                default -> csv.append("plain ").append(row.nextInt(50));
            }
            csv.append(',').append(i > rows / 2 && random.nextInt(50) == 0 ? "7" : "").append('\n');
        }
        return csv.toString();
    }

    @Test
    void partsStartAtRowsOutsideQuotes() throws Exception {
        Path file = dir.resolve("t.csv");
        String text = table(3000);
        Files.writeString(file, text);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<TableParts.Part> parts = TableParts.of(file, bytes.length, 4096, null);
        assertTrue(parts.size() > 10, "a 4 KiB part size splits this table many times: " + parts.size());
        long expectedStart = 0;
        for (TableParts.Part part : parts) {
            assertEquals(expectedStart, part.start(), "parts cover the file in order");
            if (part.start() > 0) {
                assertEquals('\n', bytes[(int) part.start() - 1]);
                long quotes = 0;
                for (int i = 0; i < part.start(); i++) {
                    quotes += bytes[i] == '"' ? 1 : 0;
                }
                assertEquals(0, quotes % 2, "part at " + part.start() + " starts outside quotes");
            }
            expectedStart = part.end();
        }
        assertEquals(bytes.length, expectedStart);
    }

    @Test
    void aTableReadInPartsHasTheFiguresOfOneReadWhole() throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, table(5000));
        TableProfiler.Profiled whole = TableProfiler.profileInParts(file, "csv", true, Long.MAX_VALUE);
        TableProfiler.Profiled parts = TableProfiler.profileInParts(file, "csv", true, 8192);
        assertEquals(whole.profile(), parts.profile(), "rows, duplicates, types, missing and invalid counts");
        assertTrue(whole.profile().duplicateRows() > 0);
        ColumnStatistics score = whole.statistics().columns().get("score");
        ColumnStatistics scoreInParts = parts.statistics().columns().get("score");
        assertEquals(score.count(), scoreInParts.count());
        assertEquals(score.min(), scoreInParts.min());
        assertEquals(score.max(), scoreInParts.max());
        assertEquals(score.mean(), scoreInParts.mean(), 1e-9);
        assertEquals(score.stddev(), scoreInParts.stddev(), 1e-9);
        assertEquals(whole.statistics().columns().get("site"), parts.statistics().columns().get("site"),
                "exact category counts and the same top values in the same order");
        assertEquals(whole.statistics().columns().get("sparse"), parts.statistics().columns().get("sparse"),
                "a column with no value in the first rows is decided by all its values");
        assertEquals(whole.statistics().columns().get("note").distinct(), parts.statistics().columns().get("note").distinct());
    }

    @Test
    void aStrayQuoteThatMisleadsTheSplitFallsBackToOnePart() throws Exception {
        // 'ab"c' is a plain value to the CSV parser but an opening quote to a count of quotes, so
        // the split points after it are wrong: the part that ends inside a real quoted field
        // fails at its end, and the file is read again whole.
        StringBuilder csv = new StringBuilder("a,b\n1,ab\"c\n");
        for (int i = 0; i < 2000; i++) {
            csv.append(i).append(i % 10 == 0 ? ",\"x\ny\"\n" : ",v" + i + "\n");
        }
        Path file = dir.resolve("stray.csv");
        Files.writeString(file, csv.toString());
        TableProfiler.Profiled whole = TableProfiler.profileInParts(file, "csv", true, Long.MAX_VALUE);
        TableProfiler.Profiled parts = TableProfiler.profileInParts(file, "csv", true, 2048);
        assertEquals(2001, whole.profile().rows());
        assertEquals(whole.profile(), parts.profile());
        assertEquals(whole.statistics().columns().get("a").count(), parts.statistics().columns().get("a").count());
    }
}
