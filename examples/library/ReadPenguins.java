import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.lib.Dvj;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one version of the penguins data from a dvj repository, by tag, with no workspace and no
 * 'dvj pull': the library finds the version the tag recorded and reads it from the repository's
 * cache, or straight from its default remote.
 *
 * Run: java -cp cli/target/dvj.jar examples/library/ReadPenguins.java REPOSITORY [TAG]
 * (REPOSITORY: a local path or any Git URL; TAG defaults to HEAD)
 */
public class ReadPenguins {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ReadPenguins REPOSITORY [TAG]");
            System.exit(2);
        }
        String tag = args.length > 1 ? args[1] : "HEAD";
        try (Dvj dvj = Dvj.open(args[0])) {
            Dvj.Data data = dvj.data("data/penguins.csv", tag);
            ObjectId id = data.oid();
            Map<String, Integer> perSpecies = new TreeMap<>();
            int rows = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(data.open(), StandardCharsets.UTF_8))) {
                in.readLine(); // the header
                for (String line; (line = in.readLine()) != null; rows++) {
                    perSpecies.merge(line.substring(0, line.indexOf(',')), 1, Integer::sum);
                }
            }
            System.out.println("data/penguins.csv at " + tag + " (commit " + data.commit().substring(0, 8) + "): "
                    + rows + " penguins, " + data.size() + " bytes, id " + id.shortHex());
            perSpecies.forEach((species, count) -> System.out.println("  " + species + ": " + count));
        }
    }
}
