package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;

import java.util.List;

/**
 * The stages of {@code dvj.yaml} in file order, and the schemas its {@code schemas:} section
 * declares for data the stages read.
 *
 * @param schemas data path to the schema file it must fit (both repository-relative)
 */
public record Pipeline(String file, List<Stage> stages, java.util.Map<String, String> schemas) {
    public static final String FILE = "dvj.yaml";

    public Pipeline(String file, List<Stage> stages) {
        this(file, stages, java.util.Map.of());
    }

    public static Pipeline empty() {
        return new Pipeline(FILE, List.of());
    }

    public Stage stage(String name) {
        for (Stage stage : stages) {
            if (stage.name().equals(name)) {
                return stage;
            }
        }
        throw DvjException.invalid(file + ": no stage named '" + name + "'" + suggestions(name));
    }

    private String suggestions(String name) {
        List<String> foreach = stages.stream().map(Stage::name).filter(n -> n.startsWith(name + "@")).toList();
        return foreach.isEmpty() ? "" : " (did you mean " + String.join(", ", foreach) + "?)";
    }
}
