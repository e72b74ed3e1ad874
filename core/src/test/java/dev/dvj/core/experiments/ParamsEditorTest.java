package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Setting params for experiments: only the value's text changes, and a typo is refused. */
class ParamsEditorTest {
    private static String set(String text, String file, String key, String value) {
        return new String(ParamsEditor.set(text.getBytes(StandardCharsets.UTF_8), file, key, value), StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheValueKeepingCommentsOrderAndLayout() {
        String yaml = "# tuned by hand\ntrain:\n  lr: 0.1   # learning rate\n  name: \"adam\"\n  layers: [64, 32]\nseed: 7\n";
        assertEquals("# tuned by hand\ntrain:\n  lr: 1e-3   # learning rate\n  name: \"adam\"\n  layers: [64, 32]\nseed: 7\n",
                set(yaml, "params.yaml", "train.lr", "1e-3"));
        assertEquals(yaml.replace("\"adam\"", "\"sgd with \\\"momentum\\\"\""),
                set(yaml, "params.yaml", "train.name", "sgd with \"momentum\""));
        assertEquals(yaml.replace("[64, 32]", "[128, 32]"), set(yaml, "params.yaml", "train.layers.0", "128"));
        assertEquals(yaml.replace("seed: 7", "seed: true"), set(yaml, "params.yaml", "seed", "true"));
    }

    @Test
    void editsJsonAndNonAsciiFilesAsText() {
        assertEquals("{\"train\": {\"lr\": 0.5, \"opt\": \"sgd\"}}",
                set("{\"train\": {\"lr\": 0.1, \"opt\": \"sgd\"}}", "params.json", "train.lr", "0.5"));
        assertEquals("# café ☕\nname: \"thé\"\nlr: 2\n", set("# café ☕\nname: \"thé\"\nlr: 1\n", "p.yaml", "lr", "2"));
        assertEquals("opt: \"adam\"\n", set("opt: sgd\n", "p.yaml", "opt", "adam"));
    }

    @Test
    void refusesAMissingKeyAndASubtreeNamingTheFile() {
        DvjException missing = assertThrows(DvjException.class, () -> set("train:\n  lr: 1\n", "params.yaml", "train.lrr", "2"));
        assertEquals(ErrorKind.INVALID_INPUT, missing.kind());
        assertEquals("params.yaml has no param 'train.lrr' (-S sets params the file already has)", missing.getMessage());
        DvjException subtree = assertThrows(DvjException.class, () -> set("train:\n  lr: 1\n", "params.yaml", "train", "2"));
        assertTrue(subtree.getMessage().startsWith("params.yaml:2: param 'train' is a mapping or list"), subtree.getMessage());
    }

    @Test
    void aGridIsEveryCombinationLastArgumentFastest() {
        List<List<ParamOverride>> grid = ParamOverride.grid(List.of("train.lr=0.1,0.01", "other.yaml:depth=3,5", "seed=1"));
        assertEquals(4, grid.size());
        assertEquals("[train.lr=0.1, other.yaml:depth=3, seed=1]", grid.get(0).toString());
        assertEquals("[train.lr=0.01, other.yaml:depth=5, seed=1]", grid.get(3).toString());
        assertEquals(1, ParamOverride.grid(List.of("layers=[1, 2]")).size(), "commas inside brackets are one value");
        assertThrows(DvjException.class, () -> ParamOverride.grid(List.of("novalue")));
    }

    @Test
    void anExperimentRecordSurvivesItsCommitMessage() {
        Experiment experiment = new Experiment("exp-1", "c0ffee", "ba5e", Experiment.Status.FAILED,
                Instant.parse("2026-12-04T10:00:00.5Z"), List.of(new ParamOverride("params.yaml", "train.lr", "1e-3")),
                List.of("train"), 3, "stage train failed: its command exited with 3", List.of("boom"));
        Experiment read = Experiment.parse("c0ffee", "ba5e", experiment.message());
        assertEquals(experiment, read);
        assertEquals(null, Experiment.parse("c0ffee", "ba5e", "an ordinary commit\n\nbody\n"));
    }
}
