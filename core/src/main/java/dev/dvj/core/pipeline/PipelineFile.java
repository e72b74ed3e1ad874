package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.YamlNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code dvj.yaml}: validates every key and type (naming file, line and key), interpolates
 * {@code ${...}} from {@code params.yaml} and {@code vars}, and expands {@code foreach}/{@code do}
 * into {@code name@item} stages. Reads other files through a function so that the same parser
 * serves the workspace and any Git revision.
 */
public final class PipelineFile {
    private static final Set<String> TOP_KEYS = Set.of("stages", "vars", "schemas");
    private static final Set<String> STAGE_KEYS = Set.of("cmd", "deps", "params", "outs", "metrics", "plots",
            "wdir", "frozen", "always_changed", "desc", "meta", "env");
    private static final Set<String> OUTPUT_KEYS = Set.of("cache", "persist", "desc");
    private static final Set<String> PLOT_KEYS = Set.of("cache", "persist", "desc", "x", "y", "title", "template");
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final String file;
    private final Function<String, byte[]> files;
    /** For a committed pipeline: a command that cannot be interpolated is kept as written. */
    private final boolean asHistory;

    /** @param files repository-relative path to its bytes, or null when there is no such file */
    private PipelineFile(String file, Function<String, byte[]> files, boolean asHistory) {
        this.file = file;
        this.files = files;
        this.asHistory = asHistory;
    }

    public static Pipeline parse(byte[] bytes, Function<String, byte[]> files) {
        return new PipelineFile(Pipeline.FILE, files, false).parse(bytes);
    }

    /**
     * A pipeline as some commit holds it, read for its history (params, metrics, lineage), never
     * to run. A stage's command that cannot be interpolated there (its params file was never
     * committed, say) keeps its {@code ${...}} text instead of making every question about that
     * commit fail; paths and everything else must still interpolate.
     */
    public static Pipeline parseCommitted(byte[] bytes, Function<String, byte[]> files) {
        return new PipelineFile(Pipeline.FILE, files, true).parse(bytes);
    }

    private Pipeline parse(byte[] bytes) {
        YamlNode root = YamlNode.parse(bytes, file);
        if (root.value() == null) {
            return Pipeline.empty();
        }
        Map<String, YamlNode> top = mapping(root, "the top level");
        checkKeys(top, TOP_KEYS, "the top level");
        Map<String, Object> context = context(top.get("vars"));
        List<Stage> stages = new ArrayList<>();
        YamlNode stagesNode = top.get("stages");
        if (stagesNode != null && stagesNode.value() != null) {
            for (Map.Entry<String, YamlNode> entry : mapping(stagesNode, "stages").entrySet()) {
                expand(entry.getKey(), entry.getValue(), context, stages);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Stage stage : stages) {
            if (!names.add(stage.name())) {
                throw at(stage.line(), "stages", "two stages are named '" + stage.name() + "'");
            }
        }
        return new Pipeline(file, List.copyOf(stages), schemas(top.get("schemas")));
    }

    /** {@code schemas:}: data path to the schema file ({@code dvj schema infer}) it must fit. */
    private Map<String, String> schemas(YamlNode node) {
        Map<String, String> schemas = new LinkedHashMap<>();
        if (node == null || node.value() == null) {
            return schemas;
        }
        for (Map.Entry<String, YamlNode> entry : mapping(node, "schemas").entrySet()) {
            String data = normalize(entry.getKey(), "", entry.getValue().line(), "schemas");
            schemas.put(data, normalize(scalarText(entry.getValue(), "schemas." + entry.getKey()), "",
                    entry.getValue().line(), "schemas." + entry.getKey()));
        }
        return java.util.Collections.unmodifiableMap(schemas);
    }

    /** params.yaml (when present) and every {@code vars} entry: a file name or a mapping. */
    private Map<String, Object> context(YamlNode vars) {
        Map<String, Object> context = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        byte[] defaults = files.apply(ParamsFile.DEFAULT);
        if (defaults != null) {
            merge(context, origin, ParamsFile.parse(defaults, ParamsFile.DEFAULT), ParamsFile.DEFAULT, 0);
        }
        if (vars == null || vars.value() == null) {
            return context;
        }
        for (YamlNode entry : list(vars, "vars")) {
            if (entry.value() instanceof String name) {
                String path = normalize(name, "", entry.line(), "vars");
                byte[] bytes = files.apply(path);
                if (bytes == null) {
                    throw at(entry.line(), "vars", "no such file: " + path);
                }
                if (!path.equals(ParamsFile.DEFAULT)) {
                    merge(context, origin, ParamsFile.parse(bytes, path), path, entry.line());
                }
            } else if (entry.asMap() != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) entry.plain();
                merge(context, origin, values, "vars", entry.line());
            } else {
                throw at(entry.line(), "vars", "each entry is a file name or a mapping of values");
            }
        }
        return context;
    }

    private void merge(Map<String, Object> context, Map<String, String> origin, Map<String, Object> values,
                       String source, int line) {
        for (Map.Entry<String, Object> value : values.entrySet()) {
            if (context.containsKey(value.getKey())) {
                throw at(line, "vars", "'" + value.getKey() + "' is defined in both " + origin.get(value.getKey())
                        + " and " + source);
            }
            context.put(value.getKey(), value.getValue());
            origin.put(value.getKey(), source);
        }
    }

    private void expand(String name, YamlNode body, Map<String, Object> context, List<Stage> out) {
        String where = "stages." + name;
        if (!STAGE_NAME.matcher(name).matches()) {
            throw at(body.line(), where, "a stage name uses letters, digits, '_', '-' and '.'");
        }
        Map<String, YamlNode> fields = mapping(body, where);
        if (!fields.containsKey("foreach")) {
            out.add(stage(name, body, new Interpolation(context), where));
            return;
        }
        checkKeys(fields, Set.of("foreach", "do"), where);
        YamlNode doNode = fields.get("do");
        if (doNode == null) {
            throw at(body.line(), where, "'foreach' needs a 'do' with the stage to repeat");
        }
        YamlNode items = resolve(fields.get("foreach"), new Interpolation(context), where + ".foreach");
        if (items.asList() != null) {
            List<YamlNode> list = items.asList();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i).plain();
                boolean scalar = list.get(i).isScalar();
                String suffix = scalar ? String.valueOf(item) : String.valueOf(i);
                out.add(foreachStage(name + "@" + suffix, doNode, context, item, null, where));
            }
        } else if (items.asMap() != null) {
            for (Map.Entry<String, YamlNode> entry : items.asMap().entrySet()) {
                out.add(foreachStage(name + "@" + entry.getKey(), doNode, context, entry.getValue().plain(), entry.getKey(), where));
            }
        } else {
            throw at(items.line(), where + ".foreach", "expected a list or a mapping to iterate over");
        }
    }

    private Stage foreachStage(String name, YamlNode body, Map<String, Object> context, Object item, String key, String where) {
        Map<String, Object> local = new LinkedHashMap<>(context);
        local.put("item", item);
        if (key != null) {
            local.put("key", key);
        }
        return stage(name, body, new Interpolation(local), where + ".do");
    }

    private Stage stage(String name, YamlNode body, Interpolation interpolation, String where) {
        YamlNode resolved = resolve(body, interpolation, where);
        Map<String, YamlNode> fields = mapping(resolved, where);
        checkKeys(fields, STAGE_KEYS, where);
        YamlNode cmd = fields.get("cmd");
        if (cmd == null || cmd.value() == null) {
            throw at(resolved.line(), where, "missing 'cmd'");
        }
        List<String> commands = new ArrayList<>();
        if (cmd.asList() != null) {
            for (YamlNode c : cmd.asList()) {
                commands.add(scalarText(c, where + ".cmd"));
            }
        } else {
            commands.add(scalarText(cmd, where + ".cmd"));
        }
        if (commands.isEmpty() || commands.stream().anyMatch(String::isBlank)) {
            throw at(cmd.line(), where + ".cmd", "a command cannot be empty");
        }
        String wdir = fields.containsKey("wdir") ? normalize(scalarText(fields.get("wdir"), where + ".wdir"), "",
                fields.get("wdir").line(), where + ".wdir") : "";
        List<String> deps = new ArrayList<>();
        for (YamlNode dep : optionalList(fields.get("deps"), where + ".deps")) {
            deps.add(normalize(scalarText(dep, where + ".deps"), wdir, dep.line(), where + ".deps"));
        }
        List<StageOutput> outs = new ArrayList<>();
        for (StageOutput.Kind kind : StageOutput.Kind.values()) {
            for (YamlNode out : optionalList(fields.get(kind.key), where + "." + kind.key)) {
                outs.add(output(out, kind, wdir, where + "." + kind.key));
            }
        }
        List<String> env = new ArrayList<>();
        for (YamlNode file : optionalList(fields.get("env"), where + ".env")) {
            env.add(normalize(scalarText(file, where + ".env"), wdir, file.line(), where + ".env"));
        }
        return new Stage(name, List.copyOf(commands), wdir, List.copyOf(deps), params(fields.get("params"), wdir, where),
                List.copyOf(outs), flag(fields.get("frozen"), where + ".frozen"),
                flag(fields.get("always_changed"), where + ".always_changed"),
                fields.containsKey("desc") ? scalarText(fields.get("desc"), where + ".desc") : null, resolved.line(), List.copyOf(env));
    }

    private StageOutput output(YamlNode out, StageOutput.Kind kind, String wdir, String where) {
        if (out.isScalar()) {
            return new StageOutput(normalize(scalarText(out, where), wdir, out.line(), where), kind, true, false);
        }
        Map<String, YamlNode> single = mapping(out, where);
        if (single.size() != 1) {
            throw at(out.line(), where, "each entry is a path, or one path mapped to its options");
        }
        Map.Entry<String, YamlNode> entry = single.entrySet().iterator().next();
        String path = normalize(entry.getKey(), wdir, out.line(), where);
        Map<String, YamlNode> options = entry.getValue().value() == null ? Map.of() : mapping(entry.getValue(), where + "." + entry.getKey());
        String at = where + "." + entry.getKey();
        checkKeys(options, kind == StageOutput.Kind.PLOT ? PLOT_KEYS : OUTPUT_KEYS, at);
        boolean cache = !options.containsKey("cache") || flag(options.get("cache"), at + ".cache");
        boolean persist = flag(options.get("persist"), at + ".persist");
        StageOutput.PlotProps plot = null;
        if (kind == StageOutput.Kind.PLOT && (options.containsKey("x") || options.containsKey("y") || options.containsKey("title")
                || options.containsKey("template"))) {
            List<String> y = new ArrayList<>();
            YamlNode yNode = options.get("y");
            if (yNode != null && yNode.isScalar()) {
                y.add(scalarText(yNode, at + ".y"));
            } else if (yNode != null) {
                for (YamlNode field : optionalList(yNode, at + ".y")) {
                    y.add(scalarText(field, at + ".y"));
                }
            }
            String template = options.containsKey("template") ? scalarText(options.get("template"), at + ".template") : null;
            if (template != null && !dev.dvj.core.plots.PlotsCommand.TEMPLATES.contains(template)) {
                throw at(options.get("template").line(), at + ".template", "unknown template '" + template + "' (one of "
                        + String.join(", ", dev.dvj.core.plots.PlotsCommand.TEMPLATES) + ")");
            }
            plot = new StageOutput.PlotProps(options.containsKey("x") ? scalarText(options.get("x"), at + ".x") : null, List.copyOf(y),
                    options.containsKey("title") ? scalarText(options.get("title"), at + ".title") : null, template);
        }
        return new StageOutput(path, kind, cache, persist, plot);
    }

    /** {@code - key} (params.yaml), {@code - FILE: [keys]}, or {@code - FILE:} for the whole file. */
    private List<ParamRef> params(YamlNode params, String wdir, String where) {
        List<ParamRef> refs = new ArrayList<>();
        String defaultFile = wdir.isEmpty() ? ParamsFile.DEFAULT : wdir + "/" + ParamsFile.DEFAULT;
        for (YamlNode param : optionalList(params, where + ".params")) {
            if (param.isScalar()) {
                refs.add(new ParamRef(defaultFile, scalarText(param, where + ".params")));
                continue;
            }
            for (Map.Entry<String, YamlNode> entry : mapping(param, where + ".params").entrySet()) {
                String paramsFile = normalize(entry.getKey(), wdir, param.line(), where + ".params");
                YamlNode value = entry.getValue();
                // 'FILE:' is null in block style but an empty string in a flow list ([a, FILE:]).
                boolean wholeFile = value == null || value.value() == null || "".equals(value.value());
                List<YamlNode> keys = wholeFile ? List.of() : optionalList(value, where + ".params." + entry.getKey());
                if (keys.isEmpty()) {
                    refs.add(new ParamRef(paramsFile, null));
                }
                for (YamlNode key : keys) {
                    refs.add(new ParamRef(paramsFile, scalarText(key, where + ".params." + entry.getKey())));
                }
            }
        }
        return List.copyOf(refs);
    }

    /** Interpolates every scalar below a node; keys are never interpolated. */
    private YamlNode resolve(YamlNode node, Interpolation interpolation, String where) {
        if (node.asMap() != null) {
            Map<String, YamlNode> out = new LinkedHashMap<>();
            node.asMap().forEach((k, v) -> out.put(k, resolve(v, interpolation, where + "." + k)));
            return new YamlNode(out, node.line());
        }
        if (node.asList() != null) {
            List<YamlNode> out = new ArrayList<>();
            node.asList().forEach(v -> out.add(resolve(v, interpolation, where)));
            return new YamlNode(out, node.line());
        }
        Object value;
        try {
            value = interpolation.resolve(node.value());
        } catch (Interpolation.Failure e) {
            if (asHistory && where.endsWith(".cmd")) {
                return node;
            }
            throw at(node.line(), where, "cannot interpolate: " + e.getMessage());
        }
        return toNode(value, node.line());
    }

    private static YamlNode toNode(Object value, int line) {
        if (value instanceof Map<?, ?> map) {
            Map<String, YamlNode> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toNode(v, line)));
            return new YamlNode(out, line);
        }
        if (value instanceof List<?> list) {
            return new YamlNode(list.stream().map(v -> toNode(v, line)).toList(), line);
        }
        return new YamlNode(value, line);
    }

    /**
     * A repository-relative POSIX path: relative to {@code wdir}, never absolute, never leaving the
     * repository, so a hostile {@code dvj.yaml} cannot make dvj delete or write outside it.
     */
    private String normalize(String path, String wdir, int line, String where) {
        if (path.isBlank()) {
            throw at(line, where, "an empty path");
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
            throw at(line, where, "'" + path + "' is absolute; paths are relative to the stage's wdir");
        }
        List<String> parts = new ArrayList<>(wdir.isEmpty() ? List.of() : List.of(wdir.split("/")));
        for (String part : path.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw at(line, where, "'" + path + "' leaves the repository");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private Map<String, YamlNode> mapping(YamlNode node, String where) {
        if (node.asMap() == null) {
            throw at(node.line(), where, "expected a mapping of keys");
        }
        return node.asMap();
    }

    private List<YamlNode> list(YamlNode node, String where) {
        if (node.asList() == null) {
            throw at(node.line(), where, "expected a list");
        }
        return node.asList();
    }

    private List<YamlNode> optionalList(YamlNode node, String where) {
        if (node == null || node.value() == null) {
            return List.of();
        }
        return node.isScalar() ? List.of(node) : list(node, where);
    }

    private String scalarText(YamlNode node, String where) {
        if (!node.isScalar() || node.value() == null) {
            throw at(node.line(), where, "expected a string");
        }
        return String.valueOf(node.value());
    }

    private boolean flag(YamlNode node, String where) {
        if (node == null || node.value() == null) {
            return false;
        }
        if (!(node.value() instanceof Boolean b)) {
            throw at(node.line(), where, "expected true or false, not '" + node.value() + "'");
        }
        return b;
    }

    private void checkKeys(Map<String, YamlNode> fields, Set<String> known, String where) {
        for (Map.Entry<String, YamlNode> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                throw at(field.getValue().line(), where, "unknown key '" + field.getKey() + "' (expected one of "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private DvjException at(int line, String where, String problem) {
        return DvjException.invalid(file + (line > 0 ? ":" + line : "") + ": " + where + ": " + problem);
    }
}
