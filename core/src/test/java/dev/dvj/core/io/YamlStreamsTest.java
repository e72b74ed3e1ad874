package dev.dvj.core.io;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming writer gives the bytes the object mapper gave, so no pointer changes by being rewritten. */
class YamlStreamsTest {

    @Test
    void writesWhatTheMapperWrites() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", "data.csv");
        map.put("hash", "sha256");
        map.put("size", 5_000_000_000L);
        map.put("nfiles", 3);
        map.put("isexec", true);
        map.put("desc", "a: colon, 'quotes', \"double\", # hash, yes, no, null, 0123, 1e3, -");
        map.put("empty", "");
        map.put("multi", "line one\nline two");
        map.put("unicode", "données ✓");
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("completeness", 99.5);
        quality.put("ratio", 0.1f);
        quality.put("exact", new BigDecimal("12.50"));
        quality.put("missing", null);
        quality.put("columns", Map.of("x", Map.of("missing", 0)));
        map.put("meta", Map.of("schema", List.of(Map.of("name", "x", "type", "int", "nullable", false)), "quality", quality,
                "tags", List.of()));
        byte[] expected = Yaml.MAPPER.writeValueAsBytes(map);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(YamlStreams.write(map), StandardCharsets.UTF_8));
    }

    @Test
    void refusesWhatItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> YamlStreams.write(Map.of("when", new Object())));
    }
}
