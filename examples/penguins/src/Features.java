import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Stage "features": shuffles the penguins with a fixed seed, holds out a test share, and scales each
 * measurement by the training set's mean and standard deviation. Writes OUT/train.csv and
 * OUT/test.csv with the species first. Usage: java Features.java IN.csv OUT TEST_SHARE SEED
 */
public class Features {
    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        String header = lines.get(0);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(rows, new Random(Long.parseLong(args[3])));
        int test = (int) Math.round(rows.size() * Double.parseDouble(args[2]));
        List<String> testRows = rows.subList(0, test);
        List<String> trainRows = rows.subList(test, rows.size());

        int features = header.split(",").length - 1;
        double[] mean = new double[features];
        double[] sd = new double[features];
        for (String row : trainRows) {
            double[] x = values(row);
            for (int j = 0; j < features; j++) {
                mean[j] += x[j] / trainRows.size();
            }
        }
        for (String row : trainRows) {
            double[] x = values(row);
            for (int j = 0; j < features; j++) {
                sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / trainRows.size();
            }
        }
        for (int j = 0; j < features; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Files.write(out.resolve("train.csv"), scaled(header, trainRows, mean, sd));
        Files.write(out.resolve("test.csv"), scaled(header, testRows, mean, sd));
        System.out.println("features: " + trainRows.size() + " to train on, " + testRows.size() + " to test");
    }

    static double[] values(String row) {
        String[] fields = row.split(",");
        double[] x = new double[fields.length - 1];
        for (int j = 1; j < fields.length; j++) {
            x[j - 1] = Double.parseDouble(fields[j]);
        }
        return x;
    }

    static List<String> scaled(String header, List<String> rows, double[] mean, double[] sd) {
        List<String> out = new ArrayList<>(List.of(header));
        for (String row : rows) {
            double[] x = values(row);
            StringBuilder line = new StringBuilder(row.substring(0, row.indexOf(',')));
            for (int j = 0; j < x.length; j++) {
                line.append(String.format(Locale.ROOT, ",%.5f", (x[j] - mean[j]) / sd[j]));
            }
            out.add(line.toString());
        }
        return out;
    }
}
