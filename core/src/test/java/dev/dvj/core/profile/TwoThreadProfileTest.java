package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Parsing on one thread while another tallies gives the profile one thread gives. */
class TwoThreadProfileTest {
    @TempDir
    Path dir;

    @Test
    void theSameProfileWithOneThreadOrTwo() throws Exception {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("id,site,temp,note\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i % 7 == 0 ? "" : Integer.toString(i)).append(',')
                    .append(new String[] {"north", "south", "east"}[random.nextInt(3)]).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.2f", random.nextGaussian() * 8 + 12)).append(',')
                    .append(i % 5 == 0 ? "\"a, quoted\nnote\"" : "plain").append('\n');
            if (i % 1000 == 0) {
                csv.append("a,malformed,row\n");
                csv.append("1,north,3.5,plain\n"); // a duplicate of an earlier row, now and then
            }
        }
        Path file = Files.writeString(dir.resolve("t.csv"), csv);
        TableProfiler.Profiled one = TableProfiler.delimited(file, "csv", ',', true, false);
        TableProfiler.Profiled two = TableProfiler.delimited(file, "csv", ',', true, true);
        assertEquals(one.profile(), two.profile());
        assertEquals(20, one.profile().malformedRows());
        for (String column : one.statistics().columns().keySet()) {
            ColumnStatistics a = one.statistics().columns().get(column);
            ColumnStatistics b = two.statistics().columns().get(column);
            assertEquals(a.kind(), b.kind(), column);
            assertEquals(a.present(), b.present(), column);
            assertEquals(a.counts(), b.counts(), column);
            assertEquals(a.count(), b.count(), column);
            assertEquals(a.min(), b.min(), column);
            assertEquals(a.max(), b.max(), column);
            assertEquals(a.mean(), b.mean(), column);
            assertEquals(a.stddev(), b.stddev(), column);
        }
        assertEquals(java.util.Map.of("east", 6_656L, "north", 6_711L + 20, "south", 6_653L).keySet(),
                one.statistics().columns().get("site").counts().keySet());
    }
}
