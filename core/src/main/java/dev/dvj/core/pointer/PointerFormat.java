package dev.dvj.core.pointer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.InputLimits;
import dev.dvj.core.io.Yaml;
import dev.dvj.core.io.YamlErrors;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes pointer files. Reading is strict: every refusal names the file and the line, so
 * a hand-edited or hostile pointer can never make dvj write outside its folder.
 */
public final class PointerFormat {
    public static final String SUFFIX = ".dvj";
    private static final Set<String> KNOWN_KEYS = Set.of("path", "hash", "oid", "size", "nfiles", "isexec", "desc", "meta");
    private static final YAMLMapper YAML = Yaml.MAPPER;

    private PointerFormat() {
    }

    public static byte[] write(Pointer pointer) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", pointer.path());
        map.put("hash", pointer.hash().id());
        if (pointer.oid() != null) {
            map.put("oid", pointer.oid().toString());
            map.put("size", pointer.size());
        }
        if (pointer.nfiles() != null) {
            map.put("nfiles", pointer.nfiles());
        }
        if (pointer.executable()) {
            map.put("isexec", true);
        }
        if (pointer.desc() != null) {
            map.put("desc", pointer.desc());
        }
        if (pointer.meta() != null && !pointer.meta().isEmpty()) {
            map.put("meta", pointer.meta());
        }
        try {
            return YAML.writeValueAsBytes(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize pointer", e);
        }
    }

    /** Parses a pointer; {@code source} is the file name used in every error message. */
    public static Pointer read(byte[] bytes, String source) {
        InputLimits.require(bytes, InputLimits.YAML_FILE, source);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (JsonParser parser = YAML.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw DvjException.invalid(source + ": empty pointer file");
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalidAt(source, parser.currentTokenLocation().getLineNr(), "expected a mapping of keys");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                fields.put(key, parser.readValueAsTree());
                lines.put(key, line);
            }
            if (parser.nextToken() != null) {
                throw invalidAt(source, parser.currentTokenLocation().getLineNr(),
                        "a second YAML document ('---') follows the pointer; a pointer file holds one");
            }
        } catch (JsonProcessingException e) {
            throw DvjException.invalid(YamlErrors.describe(source, e));
        } catch (IOException e) {
            throw DvjException.data(source + ": cannot read: " + e.getMessage(), e);
        }
        return validate(fields, lines, source);
    }

    private static Pointer validate(Map<String, JsonNode> fields, Map<String, Integer> lines, String source) {
        for (String key : fields.keySet()) {
            if (!KNOWN_KEYS.contains(key)) {
                throw invalidAt(source, lines.get(key), "unknown key '" + key + "'");
            }
        }
        String path = text(fields, lines, source, "path", true);
        checkRelativePath(path, source, lines.get("path"));
        String hashName = text(fields, lines, source, "hash", false);
        HashAlgorithm hash;
        try {
            hash = HashAlgorithm.byId(hashName == null ? "sha256" : hashName);
        } catch (DvjException e) {
            throw invalidAt(source, lines.get("hash"), e.getMessage());
        }
        ObjectId oid = null;
        String oidText = text(fields, lines, source, "oid", false);
        if (oidText != null) {
            oid = ObjectId.parseOrNull(oidText);
            if (oid == null) {
                throw invalidAt(source, lines.get("oid"), "oid '" + oidText
                        + "' is not a sha256 id (64 lowercase hex digits, optionally ending in .dir)");
            }
        }
        Long size = number(fields, lines, source, "size");
        Long nfiles = number(fields, lines, source, "nfiles");
        if (oid != null && size == null) {
            throw invalidAt(source, lines.get("oid"), "'size' is required with 'oid'");
        }
        String desc = text(fields, lines, source, "desc", false);
        Map<String, Object> meta = Map.of();
        JsonNode metaNode = fields.get("meta");
        if (metaNode != null && !metaNode.isNull()) {
            if (!metaNode.isObject()) {
                throw invalidAt(source, lines.get("meta"), "'meta' must be a mapping");
            }
            meta = YAML.convertValue(metaNode, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        }
        JsonNode isexec = fields.get("isexec");
        if (isexec != null && !isexec.isNull() && !isexec.isBoolean()) {
            throw invalidAt(source, lines.get("isexec"), "'isexec' must be true or false");
        }
        boolean executable = isexec != null && isexec.asBoolean(false);
        return new Pointer(path, hash, oid, size, nfiles == null ? null : nfiles.intValue(), desc, meta, executable);
    }

    /** A pointer may only name data inside its own folder: no absolute paths, no '..'. */
    static void checkRelativePath(String path, String source, Integer line) {
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
            throw invalidAt(source, line, "path '" + path + "' is absolute; pointers name data relative to their folder");
        }
        for (String segment : path.replace('\\', '/').split("/", -1)) {
            if (segment.equals("..")) {
                throw invalidAt(source, line, "path '" + path + "' leaves the pointer's folder ('..' is not allowed)");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw invalidAt(source, line, "path '" + path + "' is not a clean relative path");
            }
        }
    }

    private static String text(Map<String, JsonNode> fields, Map<String, Integer> lines, String source, String key,
                               boolean required) {
        JsonNode node = fields.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalidAt(source, 0, "missing required key '" + key + "'");
            }
            return null;
        }
        if (!node.isValueNode() || node.isBoolean()) {
            throw invalidAt(source, lines.get(key), "'" + key + "' must be a string");
        }
        return node.asText();
    }

    private static Long number(Map<String, JsonNode> fields, Map<String, Integer> lines, String source, String key) {
        JsonNode node = fields.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < 0) {
            throw invalidAt(source, lines.get(key), "'" + key + "' must be a non-negative whole number");
        }
        return node.asLong();
    }

    private static DvjException invalidAt(String source, Integer line, String message) {
        String where = line == null || line <= 0 ? source : source + ":" + line;
        return DvjException.invalid(where + ": " + message);
    }

}
