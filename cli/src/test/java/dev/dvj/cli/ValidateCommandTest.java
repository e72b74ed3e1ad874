package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dvj schema infer and dvj validate through the real command line. */
class ValidateCommandTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(dir);
        cli = new Cli(repo.root, repo.env);
        repo.write("data.csv", "species,mass,sex\nAdelie,3700,male\nGentoo,5200,female\nAdelie,3400,female\n");
        assertEquals(0, cli.run("add", "data.csv").exit());
        assertEquals(0, cli.run("commit", "-m", "v1").exit());
        Cli.Run infer = cli.run("schema", "infer", "data.csv");
        assertEquals(0, infer.exit(), infer.err());
        assertTrue(repo.read("data.csv.schema.yaml").contains("  species:\n    type: string\n    required: true\n"));
    }

    @Test
    void aFittingVersionExitsZeroAndAShiftedOneListsItsAnomalies() throws Exception {
        Cli.Run fits = cli.run("validate", "data.csv");
        assertEquals(0, fits.exit(), fits.out() + fits.err());
        assertTrue(fits.out().contains("fits data.csv.schema.yaml"), fits.out());

        repo.write("data.csv", "species,mass,sex\nAdelie,4150,MALE\nGentoo,5650,female\nAdelie,3400,female\nAdelie,3400,female\n");
        Cli.Run bad = cli.run("validate", "data.csv", "--json");
        assertEquals(1, bad.exit(), bad.err());
        JsonNode anomalies = bad.json().get("anomalies");
        assertEquals(3, anomalies.size(), anomalies.toString());
        assertEquals("out-of-range", anomalies.get(0).get("kind").asText());
        assertEquals("new-value", anomalies.get(1).get("kind").asText());
        assertEquals("duplicate-rows", anomalies.get(2).get("kind").asText());
        assertEquals(0, cli.run("validate", "data.csv", "--rev", "HEAD").exit(), "the recorded version, from its profile");
    }

    @Test
    void aSchemaDeclaredInTheParentPipelineWarnsOnAddAndStopsReproUnlessForced() throws Exception {
        repo.write("dvj.yaml", "schemas:\n  data.csv: data.csv.schema.yaml\nstages:\n  count:\n"
                + "    cmd: wc -l < data.csv > count.txt\n    deps: [data.csv]\n    outs: [count.txt]\n");
        Cli.Run first = cli.run("repro");
        assertEquals(0, first.exit(), first.err());

        repo.write("data.csv", "species,mass,sex\nAdelie,3700,MALE\nGentoo,5200,female\nAdelie,3400,female\n");
        Cli.Run added = cli.run("add", "data.csv");
        assertEquals(0, added.exit(), "the version is recorded all the same: " + added.err());
        assertTrue(added.err().contains("dvj: warning: data.csv does not fit data.csv.schema.yaml (1 anomaly: new-value in sex)"),
                added.err());
        Cli.Run refused = cli.run("repro");
        assertEquals(7, refused.exit(), refused.out());
        assertTrue(refused.err().contains("stage count: its input data.csv does not fit data.csv.schema.yaml"), refused.err());
        assertEquals("4\n", repo.read("count.txt"), "the stage did not run");
        Cli.Run forced = cli.run("repro", "--force");
        assertEquals(0, forced.exit(), forced.err());
    }

    @Test
    void aMissingOrBrokenSchemaIsExitTwoNamingTheFileAndLine() throws Exception {
        repo.write("data.csv.schema.yaml", "columns:\n  species: {type: string, requird: true}\n");
        Cli.Run broken = cli.run("validate", "data.csv");
        assertEquals(2, broken.exit());
        assertTrue(broken.err().contains("data.csv.schema.yaml:2: unknown key 'columns.species.requird'"), broken.err());
        Cli.Run missing = cli.run("validate", "data.csv", "--schema", "nope.yaml");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no schema nope.yaml"), missing.err());
        assertEquals(2, cli.run("schema", "infer", "data.csv", "-o", dir.resolve("outside.yaml").toString()).exit(),
                "a schema is written inside the repository");
    }
}
