package dev.dvj.core.pointer;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.Yaml;
import dev.dvj.core.io.InputLimits;
import dev.dvj.core.io.YamlNode;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@code dvj.lock}. Output is canonical: stages, paths and params sorted, fixed
 * key order, so a run that changes nothing writes the same bytes and Git sees no diff.
 */
public final class LockFile {
    public static final String FILE = "dvj.lock";
    private static final String SCHEMA = "1";

    private LockFile() {
    }

    /** Stage name to its lock, sorted by name. */
    public static Map<String, StageLock> parse(byte[] bytes) {
        YamlNode root = YamlNode.parse(bytes, FILE, InputLimits.LOCK_FILE);
        Map<String, StageLock> stages = new TreeMap<>();
        if (root.value() == null) {
            return stages;
        }
        Map<String, YamlNode> top = map(root, "the top level");
        YamlNode schema = top.get("schema");
        if (schema != null && !SCHEMA.equals(String.valueOf(schema.value()))) {
            throw invalid(schema.line(), "schema", "this dvj reads schema " + SCHEMA + ", not " + schema.value()
                    + "; upgrade dvj");
        }
        YamlNode stagesNode = top.get("stages");
        if (stagesNode == null || stagesNode.value() == null) {
            return stages;
        }
        for (Map.Entry<String, YamlNode> entry : map(stagesNode, "stages").entrySet()) {
            stages.put(entry.getKey(), stage(entry.getValue(), "stages." + entry.getKey()));
        }
        return stages;
    }

    private static StageLock stage(YamlNode node, String where) {
        Map<String, YamlNode> fields = map(node, where);
        YamlNode cmd = fields.get("cmd");
        if (cmd == null || !(cmd.value() instanceof String text)) {
            throw invalid(node.line(), where, "missing 'cmd'");
        }
        Map<String, Map<String, Object>> params = new TreeMap<>();
        YamlNode paramsNode = fields.get("params");
        if (paramsNode != null && paramsNode.value() != null) {
            for (Map.Entry<String, YamlNode> file : map(paramsNode, where + ".params").entrySet()) {
                Map<String, Object> values = new TreeMap<>();
                map(file.getValue(), where + ".params." + file.getKey()).forEach((k, v) -> values.put(k, v.plain()));
                params.put(file.getKey(), values);
            }
        }
        return new StageLock(text, paths(fields.get("deps"), where + ".deps"), params,
                paths(fields.get("outs"), where + ".outs"), run(fields.get("run"), where + ".run"));
    }

    private static List<StageLock.LockedPath> paths(YamlNode node, String where) {
        List<StageLock.LockedPath> paths = new ArrayList<>();
        if (node == null || node.value() == null) {
            return paths;
        }
        if (node.asList() == null) {
            throw invalid(node.line(), where, "expected a list");
        }
        for (YamlNode entry : node.asList()) {
            Map<String, YamlNode> f = map(entry, where);
            YamlNode path = f.get("path");
            if (path == null || !(path.value() instanceof String p)) {
                throw invalid(entry.line(), where, "each entry needs a 'path'");
            }
            // Checkout and pull write these paths: a hostile lock must not name one outside the repository.
            PointerFormat.checkRelativePath(p, FILE, path.line());
            YamlNode oid = f.get("oid");
            paths.add(new StageLock.LockedPath(p, oid == null || oid.value() == null ? null : String.valueOf(oid.value()),
                    number(f.get("size")), f.get("nfiles") == null ? null : (int) number(f.get("nfiles")),
                    f.get("cache") == null || !Boolean.FALSE.equals(f.get("cache").value())));
        }
        return paths;
    }

    private static StageLock.RunRecord run(YamlNode node, String where) {
        if (node == null || node.value() == null) {
            return null;
        }
        Map<String, YamlNode> f = map(node, where);
        YamlNode duration = f.get("duration");
        return new StageLock.RunRecord(text(f.get("started")),
                duration != null && duration.value() instanceof Number n ? n.doubleValue() : 0,
                (int) number(f.get("exit")), text(f.get("user")), text(f.get("host")), text(f.get("dvj")),
                f.get("restored") != null && Boolean.TRUE.equals(f.get("restored").value()),
                machine(f.get("machine"), where + ".run.machine"), env(f.get("env"), where + ".run.env"));
    }

    private static StageLock.Machine machine(YamlNode node, String where) {
        if (node == null || node.value() == null) {
            return null;
        }
        Map<String, YamlNode> f = map(node, where);
        return new StageLock.Machine(text(f.get("os")), (int) number(f.get("cpus")), number(f.get("memory")), text(f.get("java")));
    }

    private static Map<String, String> env(YamlNode node, String where) {
        if (node == null || node.value() == null) {
            return Map.of();
        }
        Map<String, String> hashes = new TreeMap<>();
        map(node, where).forEach((path, hash) -> hashes.put(path, text(hash)));
        return hashes;
    }

    private static long number(YamlNode node) {
        return node != null && node.value() instanceof Number n ? n.longValue() : 0;
    }

    private static String text(YamlNode node) {
        return node == null || node.value() == null ? null : String.valueOf(node.value());
    }

    private static Map<String, YamlNode> map(YamlNode node, String where) {
        if (node.asMap() == null) {
            throw invalid(node.line(), where, "expected a mapping of keys");
        }
        return node.asMap();
    }

    private static DvjException invalid(int line, String where, String problem) {
        return DvjException.invalid(FILE + ":" + line + ": " + where + ": " + problem);
    }

    public static byte[] write(Map<String, StageLock> stages) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("hash", "sha256");
        Map<String, Object> out = new LinkedHashMap<>();
        new TreeMap<>(stages).forEach((name, lock) -> out.put(name, toMap(lock)));
        root.put("stages", out);
        try {
            return Yaml.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + FILE, e);
        }
    }

    private static Map<String, Object> toMap(StageLock lock) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cmd", lock.cmd());
        if (!lock.deps().isEmpty()) {
            m.put("deps", pathList(lock.deps()));
        }
        if (!lock.params().isEmpty()) {
            Map<String, Object> params = new TreeMap<>();
            lock.params().forEach((file, values) -> params.put(file, new TreeMap<>(values)));
            m.put("params", params);
        }
        if (!lock.outs().isEmpty()) {
            m.put("outs", pathList(lock.outs()));
        }
        if (lock.run() != null) {
            StageLock.RunRecord run = lock.run();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("started", run.started());
            r.put("duration", Math.round(run.duration() * 1000) / 1000.0);
            r.put("exit", run.exit());
            r.put("user", run.user());
            r.put("host", run.host());
            r.put("dvj", run.dvj());
            if (run.restored()) {
                r.put("restored", true);
            }
            if (run.machine() != null) {
                Map<String, Object> machine = new LinkedHashMap<>();
                machine.put("os", run.machine().os());
                machine.put("cpus", run.machine().cpus());
                machine.put("memory", run.machine().memory());
                machine.put("java", run.machine().java());
                r.put("machine", machine);
            }
            if (run.env() != null && !run.env().isEmpty()) {
                r.put("env", new TreeMap<>(run.env()));
            }
            m.put("run", r);
        }
        return m;
    }

    private static List<Object> pathList(List<StageLock.LockedPath> paths) {
        List<Object> list = new ArrayList<>();
        for (StageLock.LockedPath p : paths.stream().sorted(Comparator.comparing(StageLock.LockedPath::path)).toList()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", p.path());
            e.put("oid", p.oid());
            e.put("size", p.size());
            if (p.nfiles() != null) {
                e.put("nfiles", p.nfiles());
            }
            if (!p.cached()) {
                e.put("cache", false);
            }
            list.add(e);
        }
        return list;
    }
}
