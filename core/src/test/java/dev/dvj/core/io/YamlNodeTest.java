package dev.dvj.core.io;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlNodeTest {
    @Test
    void aSecondDocumentInDvjYamlIsRefusedWithItsLine() {
        String pipeline = "stages:\n  a:\n    cmd: echo a\n---\nstages:\n  b:\n    cmd: echo b\n";
        DvjException e = assertThrows(DvjException.class,
                () -> YamlNode.parse(pipeline.getBytes(StandardCharsets.UTF_8), "dvj.yaml"));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("dvj.yaml:5: a second YAML document"), e.getMessage());
    }

    @Test
    void aLeadingDocumentMarkerIsFine() {
        assertEquals("echo a", YamlNode.parse("---\ncmd: echo a\n".getBytes(StandardCharsets.UTF_8), "dvj.yaml")
                .asMap().get("cmd").value());
    }

    @Test
    void anOversizedFileIsRefusedUnreadAndUnparsed(@TempDir Path dir) throws Exception {
        Path params = dir.resolve("params.yaml");
        Files.writeString(params, "train:\n  notes: '" + "x".repeat(6 << 20) + "'\n");
        DvjException e = assertThrows(DvjException.class, () -> InputLimits.read(params, InputLimits.YAML_FILE, "params.yaml"));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("params.yaml: 6291475 bytes is more than"), e.getMessage());
        byte[] bytes = Files.readAllBytes(params);
        assertThrows(DvjException.class, () -> YamlNode.parse(bytes, "params.yaml"));
    }
}
