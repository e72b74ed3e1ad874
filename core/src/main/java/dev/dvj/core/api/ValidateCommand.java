package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.profile.TableSchema;
import dev.dvj.core.profile.Validation;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code dvj schema infer} and {@code dvj validate}: a table's expectations written from one
 * version, and any version checked against them, from the version's profile.
 */
public final class ValidateCommand {
    /** Where a table's schema is looked for when none is named: beside the data, committed. */
    public static final String SCHEMA_SUFFIX = ".schema.yaml";

    private final Repository repository;

    public ValidateCommand(Repository repository) {
        this.repository = repository;
    }

    /** @param version what was checked: a revision, or {@code workspace} */
    public record Result(String path, String version, String oid, String schema, long rows, List<Validation.Anomaly> anomalies) {
        public boolean valid() {
            return anomalies.isEmpty();
        }
    }

    /** The default schema file of a table: {@code PATH.schema.yaml}. */
    public static String defaultSchema(String path) {
        return path + SCHEMA_SUFFIX;
    }

    /** The schema the version at rev (null: the workspace's file) satisfies, written to {@code output}. */
    public TableSchema infer(Path target, String rev, Path output) {
        TableVersion version = TableVersion.of(repository, target, rev);
        TableSchema schema = TableSchema.infer(version.profile().profile(), version.profile().statistics());
        Path file = output.toAbsolutePath().normalize();
        String where = file.startsWith(repository.root()) ? repository.relative(file) : null;
        if (where == null) {
            throw DvjException.invalid(output + " is outside the repository: write the schema inside it, where it is versioned");
        }
        Path writable = repository.boundary().writable(where);
        try {
            Files.createDirectories(writable.getParent());
            dev.dvj.core.io.AtomicFiles.write(writable, schema.toYaml("dvj schema of " + version.path() + ", inferred from "
                    + version.label() + ": edit it to say what every version must be; 'dvj validate " + version.path() + "' checks one"));
        } catch (IOException e) {
            throw DvjException.data("cannot write " + where + ": " + e.getMessage(), e);
        }
        return schema;
    }

    /** Checks the version at rev (null: the workspace's file) against the schema file. */
    public Result validate(Path target, String rev, Path schemaFile) {
        TableVersion version = TableVersion.of(repository, target, rev);
        Path file = schemaFile == null ? repository.resolve(defaultSchema(version.path())) : schemaFile;
        String shown = file.toAbsolutePath().normalize().startsWith(repository.root()) ? repository.relative(file) : file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DvjException.invalid("no schema " + shown + " (write one with 'dvj schema infer " + version.path()
                    + "', or name one with --schema)");
        } catch (IOException e) {
            throw DvjException.data("cannot read " + shown + ": " + e.getMessage(), e);
        }
        TableSchema schema = TableSchema.parse(bytes, shown);
        List<Validation.Anomaly> anomalies = Validation.check(schema, version.profile().profile(), version.profile().statistics());
        return new Result(version.path(), version.label(), version.oid(), shown, version.profile().profile().rows(), anomalies);
    }
}
