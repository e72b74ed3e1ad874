package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.YamlNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A params file ({@code params.yaml} or any YAML/JSON file): nested values addressed by dotted keys.
 */
public final class ParamsFile {
    public static final String DEFAULT = "params.yaml";

    private ParamsFile() {
    }

    /** The file's top level as plain maps and lists; an empty file is an empty mapping. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(byte[] bytes, String file) {
        YamlNode root = YamlNode.parse(bytes, file);
        if (root.value() == null) {
            return Map.of();
        }
        if (root.asMap() == null) {
            throw DvjException.invalid(file + ":" + root.line() + ": a params file must be a mapping of keys");
        }
        return (Map<String, Object>) root.plain();
    }

    /** The value at a dotted key, or {@link #MISSING}. */
    public static Object get(Map<String, Object> params, String dottedKey) {
        Object current = params;
        for (String part : dottedKey.split("\\.")) {
            current = child(current, part);
            if (current == MISSING) {
                break;
            }
        }
        return current;
    }

    /** One step down: a mapping's key or a list's index; {@link #MISSING} when there is none. */
    static Object child(Object parent, String part) {
        if (parent instanceof Map<?, ?> map && map.containsKey(part)) {
            return map.get(part);
        }
        if (parent instanceof List<?> list && part.matches("\\d{1,8}") && Integer.parseInt(part) < list.size()) {
            return list.get(Integer.parseInt(part));
        }
        return MISSING;
    }

    /** Every leaf value by dotted key, sorted: what {@code params diff} and {@code metrics} compare. */
    public static Map<String, Object> flatten(Object value) {
        Map<String, Object> flat = new TreeMap<>();
        flatten("", value, flat);
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, flat));
        } else if (!prefix.isEmpty()) {
            flat.put(prefix, value);
        }
    }

    /** Marks a key that a params file does not have (null is a legitimate YAML value). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };
}
