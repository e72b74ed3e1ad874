package dev.dvj.core.pointer;

import dev.dvj.core.DvjException;
import dev.dvj.core.hash.HashAlgorithm;
import dev.dvj.core.hash.ObjectId;
import dev.dvj.core.io.InputLimits;
import dev.dvj.core.io.YamlStreams;
import dev.dvj.core.io.YamlNode;

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
    private static final Set<String> KNOWN_KEYS = Set.of("path", "hash", "oid", "size", "nfiles", "isexec", "desc", "meta", "source");

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
        if (pointer.source() != null) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("url", pointer.source().url());
            source.put("path", pointer.source().path());
            if (pointer.source().rev() != null) {
                source.put("rev", pointer.source().rev());
            }
            source.put("commit", pointer.source().commit());
            map.put("source", source);
        }
        try {
            return YamlStreams.write(map);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize pointer", e);
        }
    }

    /** Parses a pointer; {@code source} is the file name used in every error message. */
    public static Pointer read(byte[] bytes, String source) {
        YamlNode root = YamlNode.parse(bytes, source);
        if (root.value() == null) {
            throw DvjException.invalid(source + ": empty pointer file");
        }
        if (root.asMap() == null) {
            throw invalidAt(source, root.line(), "expected a mapping of keys");
        }
        return validate(root.asMap(), source);
    }

    private static Pointer validate(Map<String, YamlNode> fields, String source) {
        for (Map.Entry<String, YamlNode> field : fields.entrySet()) {
            if (!KNOWN_KEYS.contains(field.getKey())) {
                throw invalidAt(source, field.getValue().line(), "unknown key '" + field.getKey() + "'");
            }
        }
        String path = text(fields, source, "path", true);
        checkRelativePath(path, source, lineOf(fields, "path"));
        String hashName = text(fields, source, "hash", false);
        HashAlgorithm hash;
        try {
            hash = HashAlgorithm.byId(hashName == null ? "sha256" : hashName);
        } catch (DvjException e) {
            throw invalidAt(source, lineOf(fields, "hash"), e.getMessage());
        }
        ObjectId oid = null;
        String oidText = text(fields, source, "oid", false);
        if (oidText != null) {
            oid = ObjectId.parseOrNull(oidText);
            if (oid == null) {
                throw invalidAt(source, lineOf(fields, "oid"), "oid '" + oidText
                        + "' is not a sha256 id (64 lowercase hex digits, optionally ending in .dir)");
            }
        }
        Long size = number(fields, source, "size");
        Long nfiles = number(fields, source, "nfiles");
        if (oid != null && size == null) {
            throw invalidAt(source, lineOf(fields, "oid"), "'size' is required with 'oid'");
        }
        String desc = text(fields, source, "desc", false);
        Map<String, Object> meta = Map.of();
        YamlNode metaNode = fields.get("meta");
        if (metaNode != null && metaNode.value() != null) {
            if (metaNode.asMap() == null) {
                throw invalidAt(source, metaNode.line(), "'meta' must be a mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) metaNode.untyped(); // equals the map that was written
            meta = plain;
        }
        YamlNode isexec = fields.get("isexec");
        if (isexec != null && isexec.value() != null && !(isexec.value() instanceof Boolean)) {
            throw invalidAt(source, isexec.line(), "'isexec' must be true or false");
        }
        boolean executable = isexec != null && Boolean.TRUE.equals(isexec.value());
        return new Pointer(path, hash, oid, size, nfiles == null ? null : nfiles.intValue(), desc, meta, executable,
                source(fields.get("source"), source));
    }

    /** An import's {@code source:}: url, path and commit required (a 40-hex commit), rev optional. */
    private static ImportSource source(YamlNode node, String file) {
        if (node == null || node.value() == null) {
            return null;
        }
        Map<String, YamlNode> fields = node.asMap();
        if (fields == null) {
            throw invalidAt(file, node.line(), "'source' must be a mapping of url, path, rev and commit");
        }
        for (Map.Entry<String, YamlNode> field : fields.entrySet()) {
            if (!Set.of("url", "path", "rev", "commit").contains(field.getKey())) {
                throw invalidAt(file, field.getValue().line(), "unknown key 'source." + field.getKey() + "'");
            }
        }
        String url = text(fields, file, "url", true);
        String path = text(fields, file, "path", true);
        checkRelativePath(path, file, lineOf(fields, "path"));
        String commit = text(fields, file, "commit", true);
        if (!commit.matches("[0-9a-f]{40}")) {
            throw invalidAt(file, lineOf(fields, "commit"), "source.commit '" + commit + "' is not a Git commit id (40 hex digits)");
        }
        return new ImportSource(url, path, text(fields, file, "rev", false), commit);
    }

    private static Integer lineOf(Map<String, YamlNode> fields, String key) {
        YamlNode node = fields.get(key);
        return node == null ? null : node.line();
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

    private static String text(Map<String, YamlNode> fields, String source, String key, boolean required) {
        YamlNode node = fields.get(key);
        if (node == null || node.value() == null) {
            if (required) {
                throw invalidAt(source, 0, "missing required key '" + key + "'");
            }
            return null;
        }
        if (!node.isScalar() || node.value() instanceof Boolean) {
            throw invalidAt(source, node.line(), "'" + key + "' must be a string");
        }
        return String.valueOf(node.value());
    }

    private static Long number(Map<String, YamlNode> fields, String source, String key) {
        YamlNode node = fields.get(key);
        if (node == null || node.value() == null) {
            return null;
        }
        if (!(node.value() instanceof Long n) || n < 0) {
            throw invalidAt(source, node.line(), "'" + key + "' must be a non-negative whole number");
        }
        return n;
    }

    private static DvjException invalidAt(String source, Integer line, String message) {
        String where = line == null || line <= 0 ? source : source + ":" + line;
        return DvjException.invalid(where + ": " + message);
    }

}
