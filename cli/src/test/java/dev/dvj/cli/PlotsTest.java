package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dvj plots}: series read from a stage's plots file on fixed data, now and across
 * revisions, and the page they make, opened in a real headless Chromium (the Debian package; the
 * check is skipped, saying so, where it is not installed).
 */
class PlotsTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.gitOnly(dir);
        cli = new Cli(repo.root, repo.env);
        cli.run("init");
        repo.write("train.csv", "step,loss,acc\n1,0.9,0.5\n2,0.6,0.7\n3,0.4,0.8\n4,0.3,0.85\n");
        repo.write("dvj.yaml", "stages:\n  train:\n    cmd: cp train.csv loss.csv\n    deps: [train.csv]\n"
                + "    plots:\n      - loss.csv: {cache: false}\n");
        repo.git().add().addFilepattern("train.csv").call();
        assertEquals(0, cli.run("repro").exit());
        assertEquals(0, cli.run("commit", "-m", "v1").exit());
        repo.write("train.csv", "step,loss,acc\n1,0.8,0.55\n2,0.5,0.75\n3,0.3,0.85\n4,0.2,0.9\n");
        assertEquals(0, cli.run("repro").exit());
    }

    private static List<Double> values(JsonNode series) {
        List<Double> ys = new ArrayList<>();
        series.get("y").forEach(v -> ys.add(v.asDouble()));
        return ys;
    }

    @Test
    void showReadsTheSeriesOfTheDeclaredPlotsFiles() throws Exception {
        Cli.Run show = cli.run("plots", "show", "--json");
        assertEquals(0, show.exit(), show.err());
        JsonNode plot = show.json().get("plots").get(0);
        assertEquals("loss.csv", plot.get("file").asText());
        assertEquals("step", plot.get("x").asText());
        assertEquals("loss", plot.get("series").get(0).get("name").asText());
        assertEquals(List.of(0.8, 0.5, 0.3, 0.2), values(plot.get("series").get(0)));
        assertEquals("acc", plot.get("series").get(1).get("name").asText());

        Cli.Run only = cli.run("plots", "show", "loss.csv", "-y", "acc", "--json");
        assertEquals(1, only.json().get("plots").get(0).get("series").size());
    }

    @Test
    void dvjYamlSaysHowAPlotIsDrawn() throws Exception {
        repo.write("dvj.yaml", "stages:\n  train:\n    cmd: cp train.csv loss.csv\n    deps: [train.csv]\n"
                + "    plots:\n      - loss.csv: {cache: false, x: step, y: acc, title: Accuracy}\n");
        Cli.Run show = cli.run("plots", "show", "--json");
        assertEquals(0, show.exit(), show.err());
        JsonNode plot = show.json().get("plots").get(0);
        assertEquals("Accuracy", plot.get("title").asText());
        assertEquals(1, plot.get("series").size());
        assertEquals("acc", plot.get("series").get(0).get("name").asText());

        repo.write("dvj.yaml", "stages:\n  train:\n    cmd: cp train.csv loss.csv\n    deps: [train.csv]\n"
                + "    plots:\n      - loss.csv: {cache: false, colour: red}\n");
        Cli.Run bad = cli.run("plots", "show");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown key 'colour'"), bad.err());
    }

    @Test
    void quotedFieldsOfACsvAreReadWhole() throws Exception {
        repo.write("classes.csv", "actual,predicted\n\"Adelie, young\",\"Adelie, young\"\n\"Adelie, young\",Gentoo\n");
        Cli.Run json = cli.run("plots", "show", "classes.csv", "-t", "confusion", "-x", "actual", "-y", "predicted", "--json");
        assertEquals(0, json.exit(), json.err());
        assertEquals("[\"Adelie, young\",\"Gentoo\"]", json.json().get("plots").get(0).get("matrix").get("actual").toString());
    }

    @Test
    void aConfusionMatrixCountsActualAgainstPredictedAndDraws() throws Exception {
        repo.write("predictions.csv", "actual,predicted\nAdelie,Adelie\nAdelie,Adelie\nAdelie,Gentoo\nGentoo,Gentoo\n"
                + "Chinstrap,Adelie\nChinstrap,Chinstrap\n");
        Cli.Run json = cli.run("plots", "show", "predictions.csv", "-t", "confusion_normalized", "-x", "actual", "-y", "predicted", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode matrix = json.json().get("plots").get(0).get("matrix");
        assertEquals("[\"Adelie\",\"Chinstrap\",\"Gentoo\"]", matrix.get("actual").toString());
        assertEquals(2.0 / 3, matrix.get("values").get(0).get(0).asDouble(), 1e-9, "two of the three Adelie predicted Adelie");
        assertEquals(0.5, matrix.get("values").get(1).get(0).asDouble(), 1e-9);

        assertEquals(2, cli.run("plots", "show", "predictions.csv", "-t", "pie").exit(), "an unknown template is refused");
        assertEquals(0, cli.run("plots", "show", "loss.csv", "-t", "scatter", "-o", "scatter.html").exit());
        assertTrue(Files.exists(repo.root.resolve("loss.csv.png")), "a scatter plot has its images too");

        Cli.Run page = cli.run("plots", "show", "predictions.csv", "-t", "confusion", "-x", "actual", "-y", "predicted", "-o", "confusion.html");
        assertEquals(0, page.exit(), page.err());
        assertTrue(Files.readString(repo.root.resolve("confusion.html")).contains("\"heatmap\""));
        // Its images too: a heat map whose cells are shaded, labelled with the classes and counts.
        BufferedImage png = ImageIO.read(repo.root.resolve("predictions.csv.png").toFile());
        assertTrue(Chromium.colored(png) > 5000, "the PNG shades the matrix's cells: " + Chromium.colored(png));
        String svg = Files.readString(repo.root.resolve("predictions.csv.svg"));
        assertTrue(svg.contains("Chinstrap") && svg.contains("predicted") && svg.contains(">2<"), "an SVG with classes and counts");
        Path chromium = Chromium.find();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the page is not opened");
        Chromium.Shot shot = Chromium.screenshot(chromium, repo.root.resolve("confusion.html"), dir.resolve("confusion.png"));
        assertTrue(shot.console().isEmpty(), "no console messages: " + shot.console());
        assertTrue(shot.coloredPixels() > 5000, "the matrix's cells are drawn: " + shot.coloredPixels());
    }

    @Test
    void diffDrawsEachRevisionOnTheSameChart() throws Exception {
        Cli.Run diff = cli.run("plots", "diff", "HEAD", "workspace", "-y", "loss", "--json");
        assertEquals(0, diff.exit(), diff.err());
        JsonNode series = diff.json().get("plots").get(0).get("series");
        assertEquals("loss @ HEAD", series.get(0).get("name").asText());
        assertEquals(List.of(0.9, 0.6, 0.4, 0.3), values(series.get(0)));
        assertEquals("loss @ workspace", series.get(1).get("name").asText());
        assertEquals(List.of(0.8, 0.5, 0.3, 0.2), values(series.get(1)));

        Cli.Run none = cli.run("plots", "show", "nope.csv");
        assertEquals(2, none.exit());

        // An experiment is a revision to plots diff too: its results are a commit of their own.
        repo.git().add().addFilepattern("train.csv").addFilepattern("dvj.yaml").addFilepattern("dvj.lock")
                .addFilepattern("loss.csv").call();
        assertEquals(0, cli.run("commit", "-m", "v2").exit());
        repo.write("train.csv", "step,loss,acc\n1,0.7,0.6\n2,0.4,0.8\n3,0.2,0.9\n4,0.1,0.95\n");
        Cli.Run exp = cli.run("exp", "run", "-n", "lower");
        assertEquals(0, exp.exit(), exp.err());
        Cli.Run withExp = cli.run("plots", "diff", "HEAD", "lower", "-y", "loss", "--json");
        assertEquals(0, withExp.exit(), withExp.err());
        assertEquals("loss @ lower", withExp.json().get("plots").get(0).get("series").get(1).get("name").asText());
        assertEquals(List.of(0.7, 0.4, 0.2, 0.1), values(withExp.json().get("plots").get(0).get("series").get(1)));
        assertEquals(2, cli.run("plots", "diff", "nothing-by-that-name").exit());
    }

    @Test
    void thePageIsSelfContainedAndDrawsInAHeadlessBrowser() throws Exception {
        Cli.Run page = cli.run("plots", "diff", "HEAD", "workspace", "-o", "plots.html");
        assertEquals(0, page.exit(), page.err());
        String html = Files.readString(repo.root.resolve("plots.html"));
        String compact = html.replaceAll("\\s", "");
        assertTrue(compact.contains("\"name\":\"loss@HEAD\"") && compact.contains("[1.0,0.9]"), "the series are in the page");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing fetched from the network");

        // And a PNG and an SVG image of the plot beside the page.
        BufferedImage png = ImageIO.read(repo.root.resolve("loss.csv.png").toFile());
        assertEquals(900, png.getWidth());
        assertTrue(Chromium.colored(png) > 500, "the PNG shows its lines: " + Chromium.colored(png));
        String svg = Files.readString(repo.root.resolve("loss.csv.svg"));
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.contains("loss @ HEAD"), "an SVG with its legend");

        Path chromium = Chromium.find();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): the page is not opened");
        Chromium.Shot shot = Chromium.screenshot(chromium, repo.root.resolve("plots.html"), dir.resolve("shot.png"));
        assertTrue(shot.console().isEmpty(), "no console messages: " + shot.console());
        // The chart's lines are the only colored pixels (text and axes are gray).
        assertTrue(shot.coloredPixels() > 1000, "the chart is drawn: " + shot.coloredPixels() + " colored pixels");

        // The check itself sees a broken page.
        Files.writeString(dir.resolve("broken.html"), "<html><body><script>undefinedFn();</script></body></html>");
        Chromium.Shot broken = Chromium.screenshot(chromium, dir.resolve("broken.html"), dir.resolve("broken.png"));
        assertFalse(broken.console().isEmpty());
        assertEquals(0, broken.coloredPixels());
    }

    /** A headless Chromium run: its console output and what its screenshot shows. */
    static final class Chromium {
        record Shot(List<String> console, int coloredPixels) {
        }

        static Path find() {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                    Path candidate = Path.of(folder, name);
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
            return null;
        }

        static Shot screenshot(Path chromium, Path page, Path png) throws Exception {
            Path log = png.resolveSibling(png.getFileName() + ".log");
            Process process = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1000,1000", "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=5000", "--user-data-dir=" + png.resolveSibling("chromium-profile"),
                    "--screenshot=" + png, page.toUri().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chromium timed out");
            List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(":CONSOLE")).toList();
            return new Shot(console, colored(ImageIO.read(png.toFile())));
        }

        /** Pixels of a clear color (red, green and blue far apart): the lines, not gray text or axes. */
        static int colored(BufferedImage image) {
            int colored = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    int r = (rgb >> 16) & 255;
                    int g = (rgb >> 8) & 255;
                    int b = rgb & 255;
                    if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                        colored++;
                    }
                }
            }
            return colored;
        }
    }
}
