package dev.dvj.core.profile;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schemas inferred, written, read back and checked: every anomaly kind, and bad schema files. */
class ValidationTest {
    @TempDir
    Path dir;

    private TableProfiler.Profiled profile(String name, String csv) throws Exception {
        return TableProfiler.profileWith(Files.writeString(dir.resolve(name), csv), "csv", true);
    }

    private static List<Validation.Anomaly> check(TableSchema schema, TableProfiler.Profiled version) {
        return Validation.check(schema, version.profile(), version.statistics());
    }

    static final String GOOD = "id,species,mass,sex\n1,Adelie,3700,male\n2,Gentoo,5200,female\n3,Adelie,3400,female\n"
            + "4,Chinstrap,3900,\n";

    @Test
    void aVersionFitsTheSchemaInferredFromItAndTheSchemaSurvivesItsYaml() throws Exception {
        TableProfiler.Profiled good = profile("good.csv", GOOD);
        TableSchema inferred = TableSchema.infer(good.profile(), good.statistics());
        assertEquals(List.of(), check(inferred, good));
        TableSchema read = TableSchema.parse(inferred.toYaml("a comment"), "good.csv.schema.yaml");
        assertEquals(List.of(), check(read, good));
        TableSchema.Column species = read.columns().get("species");
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), species.values());
        assertTrue(species.required());
        assertEquals(3400.0, read.columns().get("mass").min());
        assertEquals(0.25, read.columns().get("sex").maxMissing());
        assertTrue(read.columns().get("id").unique() || read.columns().get("id").type() == ColumnType.INTEGER);
        assertEquals(0L, read.maxDuplicateRows());
    }

    @Test
    void everyKindOfAnomalyIsFound() throws Exception {
        TableSchema schema = TableSchema.parse(("""
                columns:
                  id: {type: integer, required: true}
                  species: {type: string, required: true, values: [Adelie, Chinstrap, Gentoo], unique: true}
                  mass: {type: integer, min: 2500, max: 6500}
                  sex: {type: string, values: [male, female], max_missing: 0.1}
                  island: {type: string}
                max_duplicate_rows: 0
                """).getBytes(StandardCharsets.UTF_8), "s.yaml");
        TableProfiler.Profiled bad = profile("bad.csv", "id,species,mass,sex,colour\n1,Adelie,7100,MALE,red\n"
                + "x,Adelie,3400,,red\n2,Gentoo,2400,female,blue\n2,Gentoo,2400,female,blue\n,Gentoo,3000,male,red\n");
        List<Validation.Anomaly> anomalies = check(schema, bad);
        Set<Validation.Kind> kinds = anomalies.stream().map(Validation.Anomaly::kind).collect(Collectors.toSet());
        assertEquals(Set.of(Validation.Kind.values()), kinds, anomalies.toString());
        assertTrue(anomalies.stream().anyMatch(a -> a.kind() == Validation.Kind.NEW_VALUE && a.description().contains("'MALE' (1)")));
        assertTrue(anomalies.stream().anyMatch(a -> a.kind() == Validation.Kind.OUT_OF_RANGE
                && a.description().equals("the largest value is 7100, above the maximum 6500")));
        assertTrue(anomalies.stream().anyMatch(a -> a.kind() == Validation.Kind.MISSING_COLUMN && a.column().equals("island")
                && a.line() == 6));
        assertTrue(anomalies.stream().anyMatch(a -> a.kind() == Validation.Kind.UNEXPECTED_COLUMN && a.column().equals("colour")));
        assertTrue(anomalies.stream().anyMatch(a -> a.kind() == Validation.Kind.DUPLICATE_ROWS
                && a.description().startsWith("1 duplicate row(s)")));
    }

    @Test
    void aSchemaFileWithUnknownKeysOrBadValuesIsRefusedWithItsLine() {
        for (String[] bad : new String[][] {
                {"columns:\n  a: {type: integer, requird: true}\n", "s.yaml:2: unknown key 'columns.a.requird'"},
                {"columns:\n  a:\n    type: number\n", "s.yaml:3: columns.a.type: 'number' is not a type"},
                {"columns:\n  a: {max_missing: 2}\n", "s.yaml:2: columns.a.max_missing is a share of rows"},
                {"columns:\n  a: {min: 5, max: 1}\n", "s.yaml:2: columns.a: min is above max"},
                {"columns:\n  a: {required: yes please}\n", "s.yaml:2: columns.a.required: 'yes please' is not true or false"},
                {"colums: {}\n", "s.yaml:1: unknown key 'colums'"},
                {"max_duplicate_rows: -1\ncolumns: {}\n", "s.yaml:1: max_duplicate_rows: '-1' is not a whole number"}}) {
            DvjException e = assertThrows(DvjException.class, () -> TableSchema.parse(bad[0].getBytes(StandardCharsets.UTF_8), "s.yaml"));
            assertEquals(ErrorKind.INVALID_INPUT, e.kind());
            assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
        }
    }
}
