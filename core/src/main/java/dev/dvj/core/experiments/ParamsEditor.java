package dev.dvj.core.experiments;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.YamlErrors;
import dev.dvj.core.io.YamlNode;
import dev.dvj.core.io.YamlStreams;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sets one param in a YAML or JSON params file by replacing the text of its value and nothing
 * else, so comments, order and layout stay as the user wrote them (a rewrite through a YAML
 * library would drop the comments).
 */
final class ParamsEditor {
    private ParamsEditor() {
    }

    /**
     * The file with {@code key} set to {@code value}. The key must exist and name a single value
     * (a number, string, boolean or null): a misspelt key is refused rather than added.
     */
    static byte[] set(byte[] original, String file, String key, String value) {
        String text = new String(original, StandardCharsets.UTF_8);
        int[] codePoints = text.codePoints().toArray();
        long[] span = find(original, file, key);
        if (span == null) {
            throw DvjException.invalid(file + " has no param '" + key + "' (-S sets params the file already has)");
        }
        if (span[0] < 0) {
            throw DvjException.invalid(file + ":" + span[1] + ": param '" + key
                    + "' is a mapping or list; set the values inside it one by one (e.g. -S " + key + ".NAME=VALUE)");
        }
        String rendered = render(value, file, key);
        StringBuilder edited = new StringBuilder(text.length() + rendered.length());
        edited.append(new String(codePoints, 0, (int) span[0]));
        edited.append(rendered);
        edited.append(new String(codePoints, (int) span[1], codePoints.length - (int) span[1]));
        byte[] bytes = edited.toString().getBytes(StandardCharsets.UTF_8);
        YamlNode.parse(bytes, file); // still one well-formed document, or this is a bug worth hearing of
        return bytes;
    }

    /**
     * The code point span of the value at the dotted key; {-1, line} when it is a mapping or list;
     * null when the file has no such key.
     */
    private static long[] find(byte[] bytes, String file, String key) {
        String[] parts = key.split("\\.");
        try (JsonParser parser = YamlStreams.parser(bytes)) {
            if (parser.nextToken() == null) {
                return null;
            }
            return descend(parser, parts, 0);
        } catch (JsonProcessingException e) {
            throw DvjException.invalid(YamlErrors.describe(file, e));
        } catch (IOException e) {
            throw DvjException.data(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The parser is on the value at {@code parts[0..depth)}; finds the rest below it. */
    private static long[] descend(JsonParser parser, String[] parts, int depth) throws IOException {
        JsonToken token = parser.currentToken();
        if (depth == parts.length) {
            if (token.isScalarValue()) {
                return new long[] {parser.currentTokenLocation().getCharOffset(), parser.currentLocation().getCharOffset()};
            }
            return new long[] {-1, parser.currentTokenLocation().getLineNr()};
        }
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(parts[depth])) {
                    return descend(parser, parts, depth + 1);
                }
                parser.skipChildren();
            }
            return null;
        }
        if (token == JsonToken.START_ARRAY && parts[depth].matches("\\d{1,8}")) {
            int wanted = Integer.parseInt(parts[depth]);
            for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
                if (index == wanted) {
                    return descend(parser, parts, depth + 1);
                }
                parser.skipChildren();
            }
        }
        return null;
    }

    /**
     * The value as YAML (and JSON) text: numbers, booleans and null as written, anything else as a
     * double-quoted string, which both formats read the same way.
     */
    private static String render(String value, String file, String key) {
        YamlNode parsed;
        try {
            parsed = YamlNode.parse(value.getBytes(StandardCharsets.UTF_8), "-S " + key);
        } catch (DvjException e) {
            parsed = new YamlNode(value, 1);
        }
        Object plain = parsed.value();
        if (plain == null && !value.isBlank() || plain instanceof Number || plain instanceof Boolean) {
            return value.trim();
        }
        if (!parsed.isScalar()) {
            throw DvjException.invalid("-S " + key + "=" + value + ": set " + file + " values one at a time (a single number, string or boolean)");
        }
        String string = plain == null ? "" : String.valueOf(plain);
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : string.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
