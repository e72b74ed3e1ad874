package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dvj.core.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three monthly versions of a defects table (rows appended, a column added in March, missing
 * values), a two-stage pipeline computing metrics.json, committed after each month: log, show,
 * diff --schema, lineage and metrics show --sort-by answer the questions users ask.
 */
class LineageScenarioTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Cli cli;
    final List<String> commits = new ArrayList<>();

    /**
     * January: rows 1-100, width missing in every 10th. February: rows 101-200 appended, width
     * missing in every 20th. March: a scratch_severity column, missing in every 4th row, and rows
     * 201-300.
     */
    private static String defects(int month) {
        StringBuilder csv = new StringBuilder(month == 3 ? "id,width,label,scratch_severity\n" : "id,width,label\n");
        for (int i = 1; i <= month * 100; i++) {
            boolean noWidth = (i <= 100 && i % 10 == 0) || (i > 100 && i <= 200 && i % 20 == 0);
            csv.append(i).append(',').append(noWidth ? "" : String.valueOf(1.5 + i % 7)).append(',')
                    .append(i % 3 == 0 ? "defect" : "ok");
            if (month == 3) {
                csv.append(',').append(i % 4 == 0 ? "" : String.valueOf(i % 3));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    @BeforeEach
    void threeMonths() throws Exception {
        repo = TestRepo.create(dir);
        cli = new Cli(repo.root, repo.env);
        // prepare drops rows with a missing value; train scores how close the row count is to 180.
        repo.write("prepare.sh", "grep -v ',,' raw.csv | grep -v ',$' > clean.csv\n");
        repo.write("train.sh", "awk 'NR>1{n++} END{d=n-180; if(d<0)d=-d; printf \"{\\\"rows\\\": %d, \\\"accuracy\\\": %.3f}\\n\", n, 1-d/1000}' clean.csv > metrics.json\n");
        repo.write("dvj.yaml", """
                stages:
                  prepare:
                    cmd: sh prepare.sh
                    deps: [raw.csv, prepare.sh]
                    outs: [clean.csv]
                  train:
                    cmd: sh train.sh
                    deps: [clean.csv, train.sh]
                    metrics: [metrics.json]
                """);
        String[] names = {"January", "February", "March"};
        for (int month = 1; month <= 3; month++) {
            repo.write("raw.csv", defects(month));
            Cli.Run add = cli.run("add", "raw.csv", "-m", names[month - 1] + " defects");
            assertEquals(0, add.exit(), add.err());
            Cli.Run repro = cli.run("repro");
            assertEquals(0, repro.exit(), repro.err());
            try (Git git = repo.git()) {
                git.add().addFilepattern(".").call();
                RevCommit commit = git.commit().setMessage(names[month - 1]).call();
                commits.add(commit.getName());
                git.tag().setName(names[month - 1].substring(0, 3).toLowerCase()).call();
            }
        }
    }

    @Test
    void logListsThreeVersionsWithTheAddedColumnAndRowDeltas() {
        Cli.Run log = cli.run("log", "raw.csv", "--json");
        assertEquals(0, log.exit(), log.err());
        JsonNode versions = log.json();
        assertEquals(3, versions.size());
        assertEquals("March defects", versions.get(0).get("desc").asText());
        assertEquals("scratch_severity", versions.get(0).get("change").get("added").get(0).get("name").asText());
        assertEquals("integer", versions.get(0).get("change").get("added").get(0).get("type").asText());
        assertEquals(100, versions.get(0).get("change").get("rowsDelta").asLong());
        assertEquals(100, versions.get(1).get("change").get("rowsDelta").asLong());
        assertEquals(0, versions.get(1).get("change").get("added").size());
        assertTrue(versions.get(2).get("change") == null || versions.get(2).get("change").isNull(), "January is the first");
        assertEquals(List.of("mar"), List.of(versions.get(0).get("commit").get("tags").get(0).asText()));

        String text = cli.run("log", "raw.csv").out();
        assertTrue(text.contains("+column scratch_severity (integer) · rows +100 · completeness 97.5% -> 92.5%"), text);
    }

    @Test
    void showGivesTheQualityFiguresComputedByHand() {
        // March: 300 rows x 4 columns = 1,200 cells; missing: 15 widths and 75 severities.
        Cli.Run show = cli.run("show", "raw.csv", "--json");
        assertEquals(0, show.exit(), show.err());
        JsonNode profile = show.json().get("profile");
        assertEquals(300, profile.get("rows").asLong());
        assertEquals(15, profile.get("columns").get("width").get("missing").asLong());
        assertEquals(75, profile.get("columns").get("scratch_severity").get("missing").asLong());
        assertEquals("float", profile.get("schema").get(1).get("type").asText());
        assertEquals(0, profile.get("duplicateRows").asLong());

        String text = cli.run("show", "raw.csv").out();
        assertTrue(text.contains("Quality: 92.5% complete, 0% invalid, 0 duplicate row(s), 0 malformed row(s)"), text);
        assertTrue(text.contains("Description: March defects"), text);
        assertTrue(text.contains("Since the previous version: +column scratch_severity (integer), rows +100"), text);

        String january = cli.run("show", "raw.csv", "--rev", "jan").out();
        assertTrue(january.contains("Quality: 96.67% complete"), january);
    }

    @Test
    void diffSchemaShowsTheColumnAddedBetweenTwoRevisions() {
        Cli.Run diff = cli.run("diff", "feb", "mar", "--schema", "--json");
        assertEquals(0, diff.exit(), diff.err());
        JsonNode raw = null;
        for (JsonNode entry : diff.json().get("entries")) {
            raw = entry.get("path").asText().equals("raw.csv") ? entry : raw;
        }
        assertTrue(raw != null, diff.out());
        assertEquals("scratch_severity", raw.get("schema").get("added").get(0).get("name").asText());
    }

    @Test
    void lineageAtFebruaryNamesFebruarysDataVersion() {
        String februaryOid = cli.run("log", "raw.csv", "--json").json().get(1).get("oid").asText();
        Cli.Run lineage = cli.run("lineage", "metrics.json", "--rev", commits.get(1), "--json");
        assertEquals(0, lineage.exit(), lineage.err());
        JsonNode root = lineage.json();
        assertEquals("output", root.get("kind").asText());
        assertEquals("train", root.get("stage").get("name").asText());
        JsonNode clean = root.get("children").get(0);
        assertEquals("prepare", clean.get("stage").get("name").asText());
        JsonNode raw = clean.get("children").get(0);
        assertEquals("data", raw.get("kind").asText());
        assertEquals(februaryOid, raw.get("oid").asText());
        assertEquals("February defects", raw.get("origin").get("desc").asText());
        assertEquals("code", clean.get("children").get(1).get("kind").asText());

        String tree = cli.run("lineage", "metrics.json", "--rev", "feb").out();
        assertTrue(tree.contains("raw.csv  " + februaryOid.substring(0, 8) + "  data"), tree);
    }

    @Test
    void inTheWorkspaceChangedInputsAndOutputsAreMarkedStale() throws Exception {
        assertTrue(!cli.run("lineage", "metrics.json").out().contains("stale"), "all up to date after repro");
        repo.write("raw.csv", defects(3) + "301,2.5,ok,1\n");
        JsonNode root = cli.run("lineage", "metrics.json", "--json").json();
        JsonNode raw = root.get("children").get(0).get("children").get(0);
        assertEquals("raw.csv", raw.get("path").asText());
        assertTrue(raw.get("stale").asBoolean(), "raw.csv differs from what prepare consumed");
        assertTrue(!root.get("stale").asBoolean(), "metrics.json itself is still what train wrote");
        assertTrue(cli.run("lineage", "metrics.json").out().contains("raw.csv  "), "tree output");
    }

    @Test
    void downstreamOfTheRawDataListsBothStages() {
        Cli.Run down = cli.run("lineage", "raw.csv", "--downstream", "--json");
        assertEquals(0, down.exit(), down.err());
        Set<String> stages = new HashSet<>();
        collectStages(down.json(), stages);
        assertEquals(Set.of("prepare", "train"), stages);
        assertTrue(cli.run("lineage", "raw.csv", "--downstream", "--depth", "1").out().contains("--depth reached"));
    }

    private static void collectStages(JsonNode node, Set<String> stages) {
        if (node.hasNonNull("stage")) {
            stages.add(node.get("stage").get("name").asText());
        }
        node.get("children").forEach(child -> collectStages(child, stages));
    }

    @Test
    void metricsShowSortedByAccuracyPutsFebruaryFirstWithItsDataVersion() {
        // Clean rows: January 90, February 185, March 220; accuracy = 1 - |rows - 180| / 1000.
        Cli.Run show = cli.run("metrics", "show", "--all-commits", "--sort-by", "accuracy", "--json");
        assertEquals(0, show.exit(), show.err());
        JsonNode rows = show.json();
        assertEquals("February", rows.get(0).get("commit").get("subject").asText());
        assertEquals(0.995, rows.get(0).get("values").get("metrics.json").get("accuracy").asDouble());
        assertEquals(List.of("feb"), List.of(rows.get(0).get("data").get("raw.csv").get("tags").get(0).asText()));
        assertEquals("January", rows.get(rows.size() - 1).get("commit").get("subject").asText());

        String table = cli.run("metrics", "show", "-A", "--sort-by", "accuracy").out();
        String[] lines = table.split("\n");
        assertTrue(lines[0].matches("Revision\\s+Path\\s+accuracy\\s+rows\\s+data:raw.csv"), table);
        assertTrue(lines[1].matches("feb\\s+metrics.json\\s+0.995\\s+185\\s+feb"), table);
    }

    @Test
    void graphFormatsHaveTheirStructure() {
        String dot = cli.run("lineage", "metrics.json", "--format", "dot").out();
        assertTrue(dot.startsWith("digraph lineage {\n"), dot);
        assertTrue(dot.strip().endsWith("}"), dot);
        assertTrue(dot.contains("\"path:raw.csv\" -> \"stage:prepare\";"), dot);
        assertTrue(dot.contains("\"stage:prepare\" -> \"path:clean.csv\";"), dot);
        assertTrue(dot.contains("\"stage:train\" -> \"path:metrics.json\";"), dot);
        for (String line : dot.split("\n")) {
            assertTrue(line.equals("digraph lineage {") || line.equals("}") || line.equals("  rankdir=LR;")
                    || line.matches("  \"[^\"]+\" -> \"[^\"]+\";") || line.matches("  \"[^\"]+\" \\[label=\".*\", shape=.*];"), line);
        }
        String mermaid = cli.run("lineage", "raw.csv", "--downstream", "--format", "mermaid").out();
        assertTrue(mermaid.startsWith("flowchart LR\n"), mermaid);
        assertTrue(mermaid.lines().filter(l -> l.contains(" --> ")).count() >= 4, mermaid);
    }
}
