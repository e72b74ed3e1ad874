import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage "prepare": keeps the penguins whose species and four body measurements are known, and only
 * the columns the model uses. Usage: java Prepare.java IN.csv OUT.csv
 */
public class Prepare {
    static final String[] KEEP = {"species", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"};

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = List.of(lines.get(0).split(","));
        int[] columns = new int[KEEP.length];
        for (int i = 0; i < KEEP.length; i++) {
            columns[i] = header.indexOf(KEEP[i]);
            if (columns[i] < 0) {
                throw new IllegalArgumentException(args[0] + " has no column " + KEEP[i]);
            }
        }
        List<String> out = new ArrayList<>(List.of(String.join(",", KEEP)));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int column : columns) {
                String value = column < fields.length ? fields[column].trim() : "";
                if (value.isEmpty() || value.equals("NA")) {
                    kept = null;
                    break;
                }
                kept.add(value);
            }
            if (kept != null) {
                out.add(String.join(",", kept));
            }
        }
        Files.write(Path.of(args[1]), out);
        System.out.println("prepare: kept " + (out.size() - 1) + " of " + (lines.size() - 1) + " penguins");
    }
}
