package dev.dvj.core.pointer;

import dev.dvj.core.DvjException;
import dev.dvj.core.ErrorKind;
import dev.dvj.core.hash.ObjectId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointerFormatTest {
    static final String OID = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    private static Pointer read(String yaml) {
        return PointerFormat.read(yaml.getBytes(StandardCharsets.UTF_8), "data.csv.dvj");
    }

    private static String refusal(String yaml) {
        DvjException e = assertThrows(DvjException.class, () -> read(yaml));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        return e.getMessage();
    }

    @Test
    void readsAFilePointer() {
        Pointer p = read("path: data.csv\nhash: sha256\noid: " + OID + "\nsize: 6\ndesc: first month\n");
        assertEquals("data.csv", p.path());
        assertEquals(ObjectId.parse(OID), p.oid());
        assertEquals(6L, p.size());
        assertEquals("first month", p.desc());
        assertNull(p.nfiles());
    }

    @Test
    void writesWhatItReads() {
        Pointer p = new Pointer("images", dev.dvj.core.hash.HashAlgorithm.SHA256, ObjectId.parse(OID + ".dir"), 1234L, 3,
                "desc: with a colon", Map.of("rows", 10));
        Pointer back = PointerFormat.read(PointerFormat.write(p), "images.dvj");
        assertEquals(p, back);
        Pointer script = new Pointer("run.sh", dev.dvj.core.hash.HashAlgorithm.SHA256, ObjectId.parse(OID), 12L, null, null, Map.of(), true);
        assertEquals(script, PointerFormat.read(PointerFormat.write(script), "run.sh.dvj"));
        assertTrue(new String(PointerFormat.write(p), StandardCharsets.UTF_8).startsWith("path: images\n"));
    }

    @Test
    void aPointerWithoutOidIsNew() {
        assertNull(read("path: out.bin\nhash: sha256\n").oid());
    }

    @Test
    void refusesUnknownHashAlgorithmWithLine() {
        String message = refusal("path: data.csv\nhash: md5\noid: " + OID + "\nsize: 6\n");
        assertTrue(message.startsWith("data.csv.dvj:2:"), message);
        assertTrue(message.contains("md5"), message);
    }

    @Test
    void refusesMalformedOidWithLine() {
        String message = refusal("path: data.csv\nhash: sha256\noid: 12345\nsize: 6\n");
        assertTrue(message.startsWith("data.csv.dvj:3:"), message);
    }

    @Test
    void refusesAbsolutePaths() {
        assertTrue(refusal("path: /etc/passwd\noid: " + OID + "\nsize: 1\n").contains("absolute"));
    }

    @Test
    void refusesDotDotSegments() {
        assertTrue(refusal("path: ../outside.csv\noid: " + OID + "\nsize: 1\n").contains(".."));
        assertTrue(refusal("path: a/../../b\noid: " + OID + "\nsize: 1\n").contains(".."));
    }

    @Test
    void refusesMalformedYamlWithLine() {
        String message = refusal("path: data.csv\noid: [unclosed\nsize: 6\n");
        assertTrue(message.matches("data\\.csv\\.dvj:\\d+: malformed YAML.*"), message);
        assertTrue(message.lines().count() == 1, message);
    }

    @Test
    void refusesUnknownKeysAndWrongTypes() {
        assertTrue(refusal("path: a\npaht: b\n").contains("unknown key 'paht'"));
        assertTrue(refusal("path: a\noid: " + OID + "\nsize: -1\n").contains("size"));
        assertTrue(refusal("- a\n- b\n").contains("mapping"));
        assertTrue(refusal("").contains("empty"));
        assertTrue(refusal("oid: " + OID + "\nsize: 1\n").contains("path"));
    }

    @Test
    void aHugePointerIsRefusedBeforeItIsParsed() {
        // The YAML scanner is slow on long tokens: 5 MB took 26 s before this limit.
        String huge = "path: data.csv\nhash: sha256\noid: " + OID + "\nsize: 6\ndesc: \"" + "x".repeat(5 << 20) + "\"\n";
        DvjException e = assertThrows(DvjException.class, () -> PointerFormat.read(huge.getBytes(), "data.csv.dvj"));
        assertTrue(e.getMessage().startsWith("data.csv.dvj: ") && e.getMessage().contains("1 MiB"), e.getMessage());
    }

    @Test
    void aSecondYamlDocumentIsRefusedNotIgnored() {
        String two = "path: data.csv\nhash: sha256\noid: " + OID + "\nsize: 6\n---\npath: other.csv\n";
        DvjException e = assertThrows(DvjException.class, () -> PointerFormat.read(two.getBytes(), "data.csv.dvj"));
        assertTrue(e.getMessage().startsWith("data.csv.dvj:6: a second YAML document"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsLine() {
        String message = refusal("path: data.csv\noid: " + OID + "\nsize: 6\noid: " + OID + "\n");
        assertTrue(message.startsWith("data.csv.dvj:4: duplicate key 'oid'"), message);
    }

    @Test
    void metaOfEveryShapeReadsBackEqualToWhatWasWritten() {
        Map<String, Object> meta = new java.util.LinkedHashMap<>();
        meta.put("rows", 10);
        meta.put("bytes", 5_000_000_000L);
        meta.put("ratio", 0.25);
        meta.put("ok", true);
        meta.put("tags", java.util.List.of("a", 2));
        meta.put("schema", Map.of("x", Map.of("type", "int")));
        Pointer p = new Pointer("t.csv", dev.dvj.core.hash.HashAlgorithm.SHA256, ObjectId.parse(OID), 1L, null, null, meta);
        assertEquals(p, PointerFormat.read(PointerFormat.write(p), "t.csv.dvj"));
    }
}
