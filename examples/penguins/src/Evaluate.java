import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stage "evaluate": scores the model on the held-out penguins; writes accuracy and per-species
 * recall as JSON. Usage: java Evaluate.java MODEL.json TEST.csv METRICS.json
 */
public class Evaluate {
    public static void main(String[] args) throws IOException {
        String model = Files.readString(Path.of(args[0]));
        List<String> classes = new ArrayList<>();
        Matcher names = Pattern.compile("\"([A-Za-z]+)\"").matcher(model.substring(0, model.indexOf("\"weights\"")));
        while (names.find()) {
            if (!names.group(1).equals("classes")) {
                classes.add(names.group(1));
            }
        }
        List<double[]> weights = new ArrayList<>();
        Matcher rows = Pattern.compile("\\[([-0-9., ]+)]").matcher(model);
        while (rows.find()) {
            String[] parts = rows.group(1).split(",");
            double[] w = new double[parts.length];
            for (int j = 0; j < parts.length; j++) {
                w[j] = Double.parseDouble(parts[j].trim());
            }
            weights.add(w);
        }
        double[][] w = weights.toArray(double[][]::new);

        List<String> lines = Files.readAllLines(Path.of(args[1]));
        int correct = 0;
        int[] seen = new int[classes.size()];
        int[] hit = new int[classes.size()];
        for (String row : lines.subList(1, lines.size())) {
            int truth = classes.indexOf(row.substring(0, row.indexOf(',')));
            int best = predict(w, row);
            seen[truth]++;
            if (best == truth) {
                correct++;
                hit[truth]++;
            }
        }
        int n = lines.size() - 1;
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT, "{\"accuracy\": %.4f, \"n_test\": %d, \"recall\": {", (double) correct / n, n));
        for (int c = 0; c < classes.size(); c++) {
            json.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "\"%s\": %.4f", classes.get(c),
                    seen[c] == 0 ? 0 : (double) hit[c] / seen[c]));
        }
        Files.writeString(Path.of(args[2]), json.append("}}\n").toString());
        System.out.println("evaluate: accuracy " + String.format(Locale.ROOT, "%.4f", (double) correct / n) + " on " + n + " penguins");
    }

    /** The class with the highest linear score (softmax keeps the order, so it is not needed here). */
    static int predict(double[][] w, String row) {
        String[] fields = row.split(",");
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double score = w[c][fields.length - 1]; // the bias comes last
            for (int j = 1; j < fields.length; j++) {
                score += w[c][j - 1] * Double.parseDouble(fields[j]);
            }
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }
}
