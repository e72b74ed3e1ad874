package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dvj report} over a project with two data versions, a pipeline with plots and metrics, in
 * real Git: what it gathers (JSON), and the page, opened in a headless Chromium where there is one.
 */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void theReportShowsPlotsMetricsExperimentsDataVersionsAndLineage() throws Exception {
        TestRepo repo = TestRepo.gitOnly(dir);
        Cli cli = new Cli(repo.root, repo.env);
        cli.run("init");
        List<String> penguins = Files.readAllLines(Path.of(System.getProperty("dvj.root", "..")).resolve("examples/data/penguins.csv"));
        Files.write(repo.root.resolve("data.csv"), penguins.subList(0, 200));
        assertEquals(0, cli.run("add", "data.csv").exit());
        repo.write("train.csv", "step,loss\n1,0.9\n2,0.5\n3,0.4\n");
        repo.write("params.yaml", "scale: 1\n");
        repo.write("train.sh", "#!/bin/sh\ncp train.csv loss.csv\n"
                + "echo \"{\\\"rows\\\": $(( $(wc -l < data.csv) * $(sed 's/scale: //' params.yaml) ))}\" > metrics.json\n");
        repo.root.resolve("train.sh").toFile().setExecutable(true);
        repo.write("dvj.yaml", "stages:\n  train:\n    cmd: ./train.sh\n    deps: [data.csv, train.csv, train.sh]\n    params: [scale]\n"
                + "    plots:\n      - loss.csv: {cache: false}\n    metrics:\n      - metrics.json: {cache: false}\n");
        repo.git().add().addFilepattern("train.csv").addFilepattern("train.sh").addFilepattern("dvj.yaml")
                .addFilepattern("params.yaml").call();
        assertEquals(0, cli.run("repro").exit());
        assertEquals(0, cli.run("commit", "-m", "v1").exit());
        Files.write(repo.root.resolve("data.csv"), penguins);
        assertEquals(0, cli.run("add", "data.csv").exit());
        assertEquals(0, cli.run("repro").exit());
        assertEquals(0, cli.run("commit", "-m", "v2").exit());
        Cli.Run exp = cli.run("exp", "run", "-S", "scale=3");
        assertEquals(0, exp.exit(), exp.err());

        Cli.Run json = cli.run("report", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode report = json.json();
        assertEquals("loss.csv", report.get("plots").get("plots").get(0).get("file").asText());
        assertEquals(3, report.get("experiments").size(), "two commits and the experiment");
        int experimentRows = 0;
        for (JsonNode row : report.get("experiments")) {
            if (row.hasNonNull("experiment")) {
                experimentRows = row.get("metrics").get("metrics.json").get("rows").asInt();
            }
        }
        assertEquals(3 * penguins.size(), experimentRows);
        JsonNode versions = report.get("tables").get(0).get("versions");
        assertEquals("data.csv", report.get("tables").get(0).get("path").asText());
        assertEquals(2, versions.size());
        assertEquals(penguins.size() - 1, versions.get(0).get("rows").asInt());
        assertTrue(versions.get(0).get("driftFromPrevious").size() > 0, "the newer version is compared with the older");
        assertTrue(report.get("lineage").get("nodes").toString().contains("metrics.json"));
        JsonNode mass = null;
        for (JsonNode column : report.get("tables").get(0).get("statistics")) {
            if (column.get("column").asText().equals("body_mass_g")) {
                mass = column;
            }
        }
        assertTrue(mass != null && mass.get("mean").asDouble() > 3000 && mass.get("mean").asDouble() < 6000, String.valueOf(mass));

        Cli.Run page = cli.run("report", "-o", "report.html");
        assertEquals(0, page.exit(), page.err());
        String html = Files.readString(repo.root.resolve("report.html"));
        for (String part : List.of("Metrics across commits: metrics.json", "rows (experiments)", "Experiments", "Data versions: data.csv",
                "Statistics of the newest version of data.csv", "Lineage of the outputs")) {
            assertTrue(html.contains(part), "the page has " + part);
        }

        Path chromium = PlotsTest.Chromium.find();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the page is not opened");
        PlotsTest.Chromium.Shot shot = PlotsTest.Chromium.screenshot(chromium, repo.root.resolve("report.html"), dir.resolve("report.png"));
        assertTrue(shot.console().isEmpty(), "no console messages: " + shot.console());
        assertTrue(shot.coloredPixels() > 2000, "the charts and the lineage graph are drawn: " + shot.coloredPixels());
    }
}
