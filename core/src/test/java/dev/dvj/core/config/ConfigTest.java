package dev.dvj.core.config;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.SystemEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layers, the value forms a YAML file can give a key, and the refusals. */
class ConfigTest {
    @TempDir
    Path dir;

    private Config load(Map<String, String> variables) {
        return Config.load(new SystemEnv(variables, dir.resolve("home"), Clock.systemUTC(), "t", "h"), dir.resolve(".dvj"));
    }

    private void write(String name, String yaml) throws Exception {
        Files.createDirectories(dir.resolve(".dvj"));
        Files.writeString(dir.resolve(".dvj").resolve(name), yaml);
    }

    @Test
    void layersAndValueForms() throws Exception {
        write("config.yaml", "# a comment\ncore:\n  jobs: 3\n  remote: shared\n" + "cache:\n  type: [reflink, copy]\nremote:\n  shared:\n    url: /x\n  s3:\n    url: s3://b\n"
                + "gc:\n  ratio: 0.5\n  on: true\n  off: ~\n");
        write("config.local.yaml", "core:\n  jobs: 5\n");
        Config config = load(Map.of("DVJ_CORE_REMOTE", "s3"));
        assertEquals(5, config.getInt("core.jobs", 1), "the local file wins over the project file");
        assertEquals(Optional.of("s3"), config.get("core.remote"), "the environment wins over both");
        assertEquals(Optional.of("reflink,copy"), config.get("cache.type"));
        assertEquals(Optional.of("0.5"), config.get("gc.ratio"));
        assertTrue(config.getBoolean("gc.on", false));
        assertEquals(Optional.empty(), config.get("gc.off"), "a null value is no value");
        assertEquals(Optional.empty(), config.get("core.jobs.deeper"));
        assertEquals(List.of("s3", "shared"), List.copyOf(config.children("remote")));
        assertTrue(config.isSetInProjectFile("remote.shared.url"));
        assertFalse(config.isSetInProjectFile("gc.off"));
    }

    @Test
    void aFileThatIsNotAMappingIsRefusedNamingIt() throws Exception {
        write("config.yaml", "- a\n- b\n");
        DvjException e = assertThrows(DvjException.class, () -> load(Map.of()));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().contains("config.yaml:1: expected a mapping"), e.getMessage());
    }

    @Test
    void malformedYamlIsRefusedWithItsLine() throws Exception {
        write("config.yaml", "core:\n  jobs: 3\n   bad: [\n");
        DvjException e = assertThrows(DvjException.class, () -> load(Map.of()));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().contains("config.yaml"), e.getMessage());
    }
}
