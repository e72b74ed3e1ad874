package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.Yaml;
import dev.dvj.core.io.YamlNode;
import dev.dvj.core.io.RepositoryLock;
import dev.dvj.core.workspace.Repository;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dvj stage add}: appends a stage to {@code dvj.yaml} as text, so the user's comments and
 * layout survive, and only after the whole new file parses and forms a valid graph.
 */
public final class StageAddCommand {
    private final Repository repository;

    public StageAddCommand(Repository repository) {
        this.repository = repository;
    }

    public record Spec(String name, String cmd, List<String> deps, List<String> params, List<String> outs,
                       List<String> outsNoCache, List<String> metrics, List<String> metricsNoCache, String wdir) {
    }

    public Stage run(Spec spec) {
        if (spec.wdir() != null) {
            requireFolder(spec.wdir());
        }
        try (RepositoryLock lock = repository.lock()) {
            String current = read();
            String updated = append(current, block(spec));
            byte[] bytes = updated.getBytes(StandardCharsets.UTF_8);
            Pipeline pipeline = PipelineFile.parse(bytes, path -> PipelineLoader.readOrNull(repository, path));
            Dag.of(pipeline);
            OutputOwnership.requireStagesOwnTheirOutputs(repository, pipeline);
            AtomicFiles.write(repository.resolve(Pipeline.FILE), bytes);
            repository.scm().stage(List.of(Pipeline.FILE));
            return pipeline.stage(spec.name());
        } catch (IOException e) {
            throw DvjException.data("cannot write " + Pipeline.FILE + ": " + e.getMessage(), e);
        }
    }

    private String read() {
        byte[] bytes = PipelineLoader.readOrNull(repository, Pipeline.FILE);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The new stage goes at the end of the {@code stages:} mapping, which must end the file. */
    private static String append(String current, String block) {
        YamlNode root = YamlNode.parse(current.getBytes(StandardCharsets.UTF_8), Pipeline.FILE);
        if (root.value() == null) {
            return (current.isBlank() ? "" : current.endsWith("\n") ? current : current + "\n") + "stages:\n" + block;
        }
        Map<String, YamlNode> top = root.asMap();
        if (top == null) {
            throw DvjException.invalid(Pipeline.FILE + ":1: the top level: expected a mapping of keys");
        }
        List<String> keys = new ArrayList<>(top.keySet());
        if (!keys.contains("stages")) {
            return (current.endsWith("\n") ? current : current + "\n") + "stages:\n" + block;
        }
        if (!keys.get(keys.size() - 1).equals("stages")) {
            throw DvjException.invalid(Pipeline.FILE + ": 'stages:' is not the last key of the file; move it to the end "
                    + "so dvj can append to it, or add the stage by hand");
        }
        YamlNode stages = top.get("stages");
        if (stages.value() != null && stages.asMap() == null) {
            throw DvjException.invalid(Pipeline.FILE + ":" + stages.line() + ": stages: expected a mapping of keys");
        }
        String prefix = current.endsWith("\n") ? current : current + "\n";
        if (stages.value() == null) {
            prefix = prefix.replaceFirst("(?m)^stages:.*$", "stages:");
        }
        return prefix + block;
    }

    private static String block(Spec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cmd", spec.cmd());
        if (spec.wdir() != null) {
            body.put("wdir", spec.wdir());
        }
        putList(body, "deps", spec.deps());
        putList(body, "params", paramEntries(spec.params()));
        List<Object> outs = new ArrayList<>(spec.outs());
        spec.outsNoCache().forEach(o -> outs.add(Map.of(o, Map.of("cache", false))));
        putList(body, "outs", outs);
        List<Object> metrics = new ArrayList<>(spec.metrics());
        spec.metricsNoCache().forEach(m -> metrics.add(Map.of(m, Map.of("cache", false))));
        putList(body, "metrics", metrics);
        try {
            String yaml = Yaml.MAPPER.writeValueAsString(Map.of(spec.name(), body));
            StringBuilder indented = new StringBuilder();
            for (String line : yaml.split("\n")) {
                indented.append("  ").append(line).append('\n');
            }
            return indented.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a stage", e);
        }
    }

    /** The folder a stage runs in must exist inside the repository, or every run would fail. */
    private void requireFolder(String wdir) {
        java.nio.file.Path folder = repository.resolve(wdir).normalize();
        if (!folder.startsWith(repository.root())) {
            throw DvjException.invalid("-w " + wdir + ": the working folder must be inside the repository");
        }
        if (!java.nio.file.Files.isDirectory(folder)) {
            throw DvjException.invalid("-w " + wdir + ": no such folder in the repository (create it first)");
        }
    }

    /**
     * The {@code -p} values as dvj.yaml entries: {@code KEY} or {@code K1,K2} are params.yaml
     * keys; {@code FILE:K1,K2} becomes {@code FILE: [K1, K2]} and {@code FILE:} the whole file.
     * Keys of one file given in several {@code -p} are gathered in one entry.
     */
    static List<Object> paramEntries(List<String> given) {
        List<Object> entries = new ArrayList<>();
        Map<String, List<String>> byFile = new LinkedHashMap<>();
        for (String param : given) {
            int colon = param.indexOf(':');
            if (colon < 0) {
                for (String key : param.split(",")) {
                    if (!key.isBlank()) {
                        entries.add(key.trim());
                    }
                }
                continue;
            }
            String file = param.substring(0, colon).trim();
            if (file.isEmpty()) {
                throw DvjException.invalid("-p " + param + ": name the params file before ':' (FILE:KEY,KEY or FILE:)");
            }
            List<String> keys = byFile.computeIfAbsent(file, f -> new ArrayList<>());
            for (String key : param.substring(colon + 1).split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.trim());
                }
            }
        }
        byFile.forEach((file, keys) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(file, keys); // [] is the whole file
            entries.add(entry);
        });
        return entries;
    }

    private static void putList(Map<String, Object> body, String key, List<?> values) {
        if (!values.isEmpty()) {
            body.put(key, values);
        }
    }
}
