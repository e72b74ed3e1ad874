package dev.dvj.core.io;

import dev.dvj.core.DvjException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers the line it came from, so that every complaint about a hand-written
 * {@code dvj.yaml} can name the file, the line and the key. Jackson's tree model forgets locations;
 * this small tree is built from its streaming parser instead.
 *
 * @param value a {@code Map<String, YamlNode>} (insertion-ordered), a {@code List<YamlNode>}, a String,
 *              Long, Double, Boolean, or null
 */
public record YamlNode(Object value, int line) {

    /** Parses a hand-sized YAML file ({@link InputLimits#YAML_FILE}). */
    public static YamlNode parse(byte[] bytes, String file) {
        return parse(bytes, file, InputLimits.YAML_FILE);
    }

    /**
     * Parses one YAML document of at most {@code limit} bytes. A second document after
     * {@code ---} is refused: dvj would read only the first, and the rest would be silently ignored.
     */
    public static YamlNode parse(byte[] bytes, String file, int limit) {
        InputLimits.require(bytes, limit, file);
        try (JsonParser parser = YamlStreams.parser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode(null, 1);
            }
            YamlNode node = read(parser, file);
            if (parser.nextToken() != null) {
                throw DvjException.invalid(file + ":" + parser.currentTokenLocation().getLineNr()
                        + ": a second YAML document ('---') follows the first; dvj reads one document per file");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw DvjException.invalid(YamlErrors.describe(file, e));
        } catch (IOException e) {
            throw DvjException.data(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static YamlNode read(JsonParser parser, String file) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    if (map.put(key, read(parser, file)) != null) {
                        throw DvjException.invalid(file + ":" + keyLine + ": duplicate key '" + key + "'");
                    }
                }
                return new YamlNode(Collections.unmodifiableMap(map), line);
            }
            case START_ARRAY -> {
                List<YamlNode> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser, file));
                }
                return new YamlNode(Collections.unmodifiableList(list), line);
            }
            case VALUE_STRING -> {
                return new YamlNode(parser.getText(), line);
            }
            case VALUE_NUMBER_INT -> {
                return new YamlNode(parser.getLongValue(), line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YamlNode(parser.getDoubleValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode(parser.getBooleanValue(), line);
            }
            case VALUE_NULL -> {
                return new YamlNode(null, line);
            }
            default -> throw DvjException.invalid(file + ":" + line + ": unexpected YAML content " + token);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, YamlNode> asMap() {
        return value instanceof Map<?, ?> map ? (Map<String, YamlNode>) map : null;
    }

    @SuppressWarnings("unchecked")
    public List<YamlNode> asList() {
        return value instanceof List<?> list ? (List<YamlNode>) list : null;
    }

    public boolean isScalar() {
        return !(value instanceof Map<?, ?>) && !(value instanceof List<?>);
    }

    /** The plain Java value: maps and lists of plain values, for params and vars. */
    public Object plain() {
        return plain(false);
    }

    /**
     * The plain Java value as Jackson's object mapper gives untyped values: whole numbers that fit
     * an int as Integer. For data a mapper wrote and code compares with what it holds in memory
     * (a pointer's {@code meta}).
     */
    public Object untyped() {
        return plain(true);
    }

    private Object plain(boolean intsAsInteger) {
        if (value instanceof Map<?, ?>) {
            Map<String, Object> out = new LinkedHashMap<>();
            asMap().forEach((k, v) -> out.put(k, v.plain(intsAsInteger)));
            return out;
        }
        if (value instanceof List<?>) {
            List<Object> out = new ArrayList<>();
            asList().forEach(v -> out.add(v.plain(intsAsInteger)));
            return out;
        }
        if (intsAsInteger && value instanceof Long n && n == n.intValue()) {
            return n.intValue();
        }
        return value;
    }
}
