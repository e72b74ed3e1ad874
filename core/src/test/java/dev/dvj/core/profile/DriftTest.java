package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drift distances checked against hand and direct computations, on tables small enough to be counted exactly. */
class DriftTest {
    @TempDir
    Path dir;

    private TableStatistics table(String name, String csv) throws Exception {
        Path file = Files.writeString(dir.resolve(name), csv);
        return TableProfiler.profileWith(file, "csv", true).statistics();
    }

    private static Drift.ColumnDrift column(List<Drift.ColumnDrift> drifts, String name) {
        return drifts.stream().filter(d -> d.column().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aCategoricalShiftHasTheLInfinityDistanceComputedByHand() throws Exception {
        // Shares: red 0.6 -> 0.3, blue 0.4 -> 0.5, green 0 -> 0.2: the largest move is red's, 0.3.
        TableStatistics before = table("a.csv", "color\n" + "red\n".repeat(6) + "blue\n".repeat(4));
        TableStatistics after = table("b.csv", "color\n" + "red\n".repeat(3) + "blue\n".repeat(5) + "green\n".repeat(2));
        Drift.ColumnDrift color = column(Drift.between(before, after, 0.25, Map.of(), false), "color");
        assertEquals(Drift.Measure.L_INFINITY, color.measure());
        assertEquals(0.3, color.distance(), 1e-12);
        assertTrue(color.drifted());
        assertFalse(column(Drift.between(before, after, 0.35, Map.of(), false), "color").drifted());
        assertFalse(column(Drift.between(before, after, 0.25, Map.of("color", 0.31), false), "color").drifted());
    }

    @Test
    void aNumericShiftHasTheJensenShannonDivergenceOfADirectComputation() throws Exception {
        List<Double> a = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
        List<Double> b = IntStream.rangeClosed(1, 100).mapToObj(i -> i + 20.0 + (i % 7) * 0.5).toList();
        TableStatistics before = table("a.csv", "x\n" + a.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n");
        TableStatistics after = table("b.csv", "x\n" + b.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n");

        double low = 1;
        double high = b.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double[] p = directHistogram(a, low, high);
        double[] q = directHistogram(b, low, high);
        double js = 0;
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            js += (p[i] == 0 ? 0 : p[i] * Math.log(p[i] / m) / Math.log(2)) + (q[i] == 0 ? 0 : q[i] * Math.log(q[i] / m) / Math.log(2));
            double pp = Math.max(p[i], 1e-4);
            double qq = Math.max(q[i], 1e-4);
            psi += (qq - pp) * Math.log(qq / pp);
        }
        js /= 2;
        Drift.ColumnDrift x = column(Drift.between(before, after, 0.1, Map.of(), false), "x");
        assertEquals(Drift.Measure.JENSEN_SHANNON, x.measure());
        assertEquals(js, x.distance(), 1e-9);
        assertTrue(js > 0.05 && js < 1, "a real shift: " + js);
        assertEquals(psi, column(Drift.between(before, after, 0.1, Map.of(), true), "x").distance(), 1e-9);
        assertEquals(0, column(Drift.between(before, before, 0.1, Map.of(), false), "x").distance(), 1e-12);
    }

    /** Shares in 20 equal-width bins from low to high; a bin holds values up to and including its upper edge. */
    private static double[] directHistogram(List<Double> values, double low, double high) {
        double[] shares = new double[Drift.BINS];
        double width = (high - low) / Drift.BINS;
        for (double v : values) {
            int bin = Drift.BINS - 1;
            for (int i = 0; i < Drift.BINS - 1; i++) {
                if (v <= low + width * (i + 1)) {
                    bin = i;
                    break;
                }
            }
            shares[bin] += 1.0 / values.size();
        }
        return shares;
    }

    @Test
    void aColumnInOneVersionOnlyCountsAsDrifted() throws Exception {
        TableStatistics before = table("a.csv", "a,b\n1,x\n2,y\n");
        TableStatistics after = table("b.csv", "a,c\n1,x\n2,y\n");
        List<Drift.ColumnDrift> drifts = Drift.between(before, after, 0.1, Map.of(), false);
        assertEquals("column removed", column(drifts, "b").note());
        assertEquals("new column", column(drifts, "c").note());
        assertNull(column(drifts, "c").distance());
        assertTrue(column(drifts, "b").drifted());
    }

    @Test
    void statisticsSurviveTheirJsonForm() throws Exception {
        TableStatistics stats = table("a.csv", "n,s\n1.5,a\n2,b\n,a\n0,NA\n");
        TableStatistics read = TableStatistics.fromJson(stats.toJson(), "test");
        assertEquals(stats, read);
        assertEquals(new String(stats.toJson()), new String(read.toJson()), "equal statistics, equal bytes");
        ColumnStatistics n = read.columns().get("n");
        assertTrue(n.isNumeric());
        assertEquals(3, n.count());
        assertEquals(1, n.zeros());
        assertEquals(0.0, n.min());
        assertEquals(2.0, n.max());
        assertEquals(3.5 / 3, n.mean(), 1e-12);
        assertEquals(1.5, n.quantiles().get("p50"));
        ColumnStatistics s = read.columns().get("s");
        assertEquals(Map.of("a", 2L, "b", 1L), s.counts());
        assertEquals(2, s.distinct());
    }

    @Test
    void aHeavierMonthOfPenguinsIsFlaggedAndAnHonestAppendIsNot() throws Exception {
        Path data = Path.of(System.getProperty("dvj.root", "../")).resolve("examples/data/penguins.csv");
        if (!Files.exists(data)) {
            data = Path.of("../examples/data/penguins.csv");
        }
        List<String> lines = Files.readAllLines(data);
        String header = lines.get(0);
        // Every third penguin is the earlier month; the same penguins 450 g heavier are the shifted
        // one; the earlier month plus other penguins of the same kind is an honest append.
        StringBuilder month = new StringBuilder(header).append('\n');
        StringBuilder heavier = new StringBuilder(header).append('\n');
        StringBuilder appended = new StringBuilder(header).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (i % 3 == 0) {
                month.append(lines.get(i)).append('\n');
                appended.append(lines.get(i)).append('\n');
                if (!f[5].equals("NA")) {
                    f[5] = Integer.toString(Integer.parseInt(f[5]) + 450);
                }
                heavier.append(String.join(",", f)).append('\n');
            } else if (i % 3 == 1) {
                appended.append(lines.get(i)).append('\n');
            }
        }
        TableStatistics base = table("month.csv", month.toString());
        List<Drift.ColumnDrift> shifted = Drift.between(base, table("heavier.csv", heavier.toString()), 0.1, Map.of(), false);
        assertTrue(column(shifted, "body_mass_g").drifted(), "+450 g: " + column(shifted, "body_mass_g"));
        assertEquals(List.of("body_mass_g"), shifted.stream().filter(Drift.ColumnDrift::drifted).map(Drift.ColumnDrift::column).toList());
        List<Drift.ColumnDrift> honest = Drift.between(base, table("appended.csv", appended.toString()), 0.1, Map.of(), false);
        assertTrue(honest.stream().noneMatch(Drift.ColumnDrift::drifted), honest.toString());
    }
}
