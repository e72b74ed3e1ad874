package dev.dvj.core.api;

import dev.dvj.core.DvjException;
import dev.dvj.core.pipeline.InputSchemas;
import dev.dvj.core.pipeline.Pipeline;
import dev.dvj.core.pipeline.PipelineLoader;
import dev.dvj.core.profile.StoredProfile;
import dev.dvj.core.profile.TableSchema;
import dev.dvj.core.profile.Validation;
import dev.dvj.core.workspace.Outputs;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.TrackedOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The warnings add and commit give when a version they record does not fit the schema
 * {@code dvj.yaml} declares for it: recorded all the same (a version is history), but said, with
 * what {@code repro} will then do.
 */
final class DataSchemas {
    private DataSchemas() {
    }

    static List<String> warnings(Repository repository, List<RecordedOutput> recorded) {
        Pipeline pipeline;
        try {
            pipeline = PipelineLoader.workspace(repository);
        } catch (DvjException e) {
            return List.of(); // a broken dvj.yaml is reported by the pipeline commands, not by add
        }
        List<String> warnings = new ArrayList<>();
        for (RecordedOutput output : recorded) {
            String schemaPath = pipeline.schemas().get(output.path());
            if (schemaPath == null || output.change() == OutputChange.UNCHANGED) {
                continue;
            }
            try {
                TrackedOutput tracked = new Outputs(repository).select(List.of(repository.resolve(output.path()))).get(0);
                StoredProfile.Lookup profile = DataProfiles.lookup(repository, tracked.pointer().meta());
                if (profile.stored() == null) {
                    continue;
                }
                TableSchema schema = TableSchema.parse(Files.readAllBytes(repository.resolve(schemaPath)), schemaPath);
                List<Validation.Anomaly> anomalies = Validation.check(schema, profile.profile(), profile.statistics());
                if (!anomalies.isEmpty()) {
                    warnings.add(output.path() + " does not fit " + schemaPath + " (" + InputSchemas.summary(anomalies)
                            + "): 'dvj repro' will not run the stages that read it; see 'dvj validate " + output.path() + "'");
                }
            } catch (IOException | DvjException e) {
                warnings.add("cannot check " + output.path() + " against " + schemaPath + ": " + e.getMessage());
            }
        }
        return warnings;
    }
}
