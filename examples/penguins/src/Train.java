import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Stage "train": multinomial logistic regression (softmax) by full-batch gradient descent. Writes
 * the classes and weights as JSON. Usage: java Train.java TRAIN.csv MODEL.json LEARNING_RATE EPOCHS
 */
public class Train {
    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> labels = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        for (String row : lines.subList(1, lines.size())) {
            labels.add(row.substring(0, row.indexOf(',')));
            xs.add(withBias(row));
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(labels));
        double lr = Double.parseDouble(args[2]);
        int epochs = Integer.parseInt(args[3]);
        int k = classes.size();
        int d = xs.get(0).length;
        double[][] w = new double[k][d];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[][] gradient = new double[k][d];
            for (int i = 0; i < xs.size(); i++) {
                double[] p = probabilities(w, xs.get(i));
                int y = classes.indexOf(labels.get(i));
                for (int c = 0; c < k; c++) {
                    double error = p[c] - (c == y ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        gradient[c][j] += error * xs.get(i)[j] / xs.size();
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    w[c][j] -= lr * gradient[c][j];
                }
            }
        }
        StringBuilder json = new StringBuilder("{\"classes\": [");
        for (int c = 0; c < k; c++) {
            json.append(c == 0 ? "" : ", ").append('"').append(classes.get(c)).append('"');
        }
        json.append("], \"weights\": [");
        for (int c = 0; c < k; c++) {
            json.append(c == 0 ? "[" : ", [");
            for (int j = 0; j < d; j++) {
                json.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", w[c][j]));
            }
            json.append(']');
        }
        Files.writeString(Path.of(args[1]), json.append("]}\n").toString());
        System.out.println("train: " + k + " classes, " + xs.size() + " penguins, " + epochs + " epochs at lr " + lr);
    }

    /** The row's features after the label, and a constant 1 for the bias. */
    static double[] withBias(String row) {
        String[] fields = row.split(",");
        double[] x = new double[fields.length];
        for (int j = 1; j < fields.length; j++) {
            x[j - 1] = Double.parseDouble(fields[j]);
        }
        x[fields.length - 1] = 1;
        return x;
    }

    static double[] probabilities(double[][] w, double[] x) {
        double[] scores = new double[w.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            for (int j = 0; j < x.length; j++) {
                scores[c] += w[c][j] * x[j];
            }
            max = Math.max(max, scores[c]);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            scores[c] = Math.exp(scores[c] - max);
            sum += scores[c];
        }
        for (int c = 0; c < w.length; c++) {
            scores[c] /= sum;
        }
        return scores;
    }
}
