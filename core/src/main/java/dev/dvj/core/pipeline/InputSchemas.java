package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.profile.TableProfiler;
import dev.dvj.core.profile.TableSchema;
import dev.dvj.core.profile.Validation;
import dev.dvj.core.workspace.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The schemas {@code dvj.yaml} declares for the data stages read ({@code schemas:}): a stage whose
 * input does not fit its schema does not run, unless forced, so a broken data version stops at its
 * first stage with its anomalies named, not as a crash deep in a training script.
 */
public final class InputSchemas {
    private InputSchemas() {
    }

    /**
     * Why the stage must not run: the first of its deps that does not fit its declared schema, with
     * its anomalies, in one line; null when every dep with a schema fits (or none has one).
     */
    public static String firstMisfit(Repository repository, Pipeline pipeline, Stage stage) {
        for (String dep : stage.deps()) {
            String schemaPath = pipeline.schemas().get(dep);
            if (schemaPath == null) {
                continue;
            }
            List<Validation.Anomaly> anomalies = check(repository, dep, schemaPath);
            if (!anomalies.isEmpty()) {
                return "stage " + stage.name() + ": its input " + dep + " does not fit " + schemaPath + " ("
                        + summary(anomalies) + "); see 'dvj validate " + dep + " --schema " + schemaPath
                        + "', or run it anyway with --force";
            }
        }
        return null;
    }

    /** The anomalies of a workspace file against a schema file; a table dvj cannot profile has none to report. */
    public static List<Validation.Anomaly> check(Repository repository, String data, String schemaPath) {
        String format = TableProfiler.formatOf(data);
        Path file = repository.resolve(data);
        if (format == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        Path schemaFile = repository.resolve(schemaPath);
        try {
            TableSchema schema = TableSchema.parse(Files.readAllBytes(schemaFile), schemaPath);
            TableProfiler.Profiled profiled = TableProfiler.profileWith(file, format, true);
            return Validation.check(schema, profiled.profile(), profiled.statistics());
        } catch (java.nio.file.NoSuchFileException e) {
            throw DvjException.invalid(Pipeline.FILE + ": schemas." + data + ": no schema file " + schemaPath
                    + " (write one with 'dvj schema infer " + data + " -o " + schemaPath + "')");
        } catch (IOException e) {
            throw DvjException.data("cannot read " + data + " or " + schemaPath + ": " + e.getMessage(), e);
        }
    }

    /** "2 anomalies: new-value in sex, duplicate-rows". */
    public static String summary(List<Validation.Anomaly> anomalies) {
        return anomalies.size() + " anomal" + (anomalies.size() == 1 ? "y" : "ies") + ": " + anomalies.stream()
                .map(a -> a.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + (a.column() == null ? "" : " in " + a.column()))
                .collect(Collectors.joining(", "));
    }
}
