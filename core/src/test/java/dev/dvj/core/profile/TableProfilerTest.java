package dev.dvj.core.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Profiles of small files whose figures are counted by hand. */
class TableProfilerTest {
    @TempDir
    Path dir;

    private Profile profile(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return TableProfiler.profile(file, TableProfiler.formatOf(name));
    }

    @Test
    void csvTypesMissingInvalidDuplicateAndMalformedRows() throws Exception {
        StringBuilder csv = new StringBuilder("id,score,ok,when,note\n");
        for (int i = 1; i <= 20; i++) {
            csv.append(i).append(',').append(i == 5 ? "n/a" : i == 6 ? "high" : (i / 4.0)).append(',')
                    .append(i % 2 == 0).append(',').append("2026-01-").append(String.format("%02d", i)).append(',')
                    .append(i == 7 ? "\"a, quoted\nnote\"" : "").append('\n');
        }
        csv.append("20,5.0,true,2026-01-20,\n"); // the same as row 20
        csv.append("only,two\n");              // malformed: 2 fields of 5
        Profile p = profile("t.csv", csv.toString());
        assertEquals(21, p.rows());
        assertEquals(1, p.malformedRows());
        assertEquals(1, p.duplicateRows());
        assertEquals(List.of(ColumnType.INTEGER, ColumnType.FLOAT, ColumnType.BOOLEAN, ColumnType.DATETIME, ColumnType.STRING),
                p.schema().stream().map(Profile.Column::type).toList());
        assertEquals(1, p.columns().get("score").missing(), "n/a is missing");
        assertEquals(1, p.columns().get("score").invalid(), "'high' does not fit float");
        assertEquals(20, p.columns().get("note").missing(), "the quoted note spans a line break but is one value");
        assertTrue(p.schema().get(1).nullable());
        // 21 rows x 5 columns = 105 cells, 21 missing.
        assertEquals(80.0, p.completeness());
        assertEquals(Profile.fromMeta(p.toMeta()), p, "what the pointer stores reads back the same");
    }

    @Test
    void tsvAndJsonLines() throws Exception {
        Profile tsv = profile("t.tsv", "a\tb\n1\tx\n2\t\n");
        assertEquals(2, tsv.rows());
        assertEquals(ColumnType.INTEGER, tsv.schema().get(0).type());
        assertEquals(1, tsv.columns().get("b").missing());

        Profile jsonl = profile("t.jsonl", """
                {"id": 1, "score": 0.5, "tag": "a"}
                {"id": 2, "score": null}
                not json
                {"id": 3, "score": 2, "extra": true}
                """);
        assertEquals(3, jsonl.rows());
        assertEquals(1, jsonl.malformedRows());
        assertEquals(List.of("id", "score", "tag", "extra"), jsonl.schema().stream().map(Profile.Column::name).toList());
        assertEquals(ColumnType.FLOAT, jsonl.schema().get(1).type(), "0.5 and 2 are both numbers");
        assertEquals(2, jsonl.columns().get("tag").missing(), "absent keys are missing");
        assertEquals(ColumnType.BOOLEAN, jsonl.schema().get(3).type());
    }

    @Test
    void otherFilesAreNotTables() {
        assertNull(TableProfiler.formatOf("model.bin"));
        assertEquals("csv", TableProfiler.formatOf("DATA.CSV"));
    }
}
