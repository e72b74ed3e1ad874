package dev.dvj.core.config;

import dev.dvj.core.io.InputLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dvj.core.DvjException;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.io.Yaml;
import dev.dvj.core.io.YamlErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Layered configuration: environment ({@code DVJ_SECTION_KEY}) over {@code .dvj/config.local.yaml}
 * over {@code .dvj/config.yaml} over the user's {@code ~/.config/dvj/config.yaml}. Keys are dotted
 * paths into the YAML, e.g. {@code cache.type}.
 */
public final class Config {
    private static final YAMLMapper YAML = Yaml.MAPPER;
    private final SystemEnv env;
    /** Highest precedence first. */
    private final List<JsonNode> layers;
    /** The committed project file's own layer, or null outside a repository. */
    private final JsonNode project;

    private Config(SystemEnv env, List<JsonNode> layers, JsonNode project) {
        this.env = env;
        this.layers = layers;
        this.project = project;
    }

    public static Config load(SystemEnv env, Path dvjDir) {
        List<JsonNode> layers = new ArrayList<>();
        JsonNode project = null;
        if (dvjDir != null) {
            layers.add(read(dvjDir.resolve("config.local.yaml")));
            project = read(dvjDir.resolve("config.yaml"));
            layers.add(project);
        }
        layers.add(read(userConfig(env)));
        return new Config(env, layers, project);
    }

    public static Path userConfig(SystemEnv env) {
        String xdg = env.variable("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : env.home().resolve(".config");
        return base.resolve("dvj").resolve("config.yaml");
    }

    public Optional<String> get(String key) {
        String fromEnv = env.variable("DVJ_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        for (JsonNode layer : layers) {
            JsonNode node = layer;
            for (String part : key.split("\\.")) {
                node = node.path(part);
            }
            if (node.isValueNode()) {
                return Optional.of(node.asText());
            }
            if (node.isArray()) {
                List<String> parts = new ArrayList<>();
                node.forEach(n -> parts.add(n.asText()));
                return Optional.of(String.join(",", parts));
            }
        }
        return Optional.empty();
    }

    /** True when the committed project file itself sets this key (secrets must not be there). */
    public boolean isSetInProjectFile(String key) {
        if (project == null) {
            return false;
        }
        JsonNode node = project;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        return !node.isMissingNode() && !node.isNull();
    }

    /** The names of the keys directly under a section, in any layer (e.g. every remote's name). */
    public java.util.SortedSet<String> children(String section) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (JsonNode layer : layers) {
            JsonNode node = layer;
            for (String part : section.split("\\.")) {
                node = node.path(part);
            }
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                .orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw DvjException.invalid("config key '" + key + "' must be a whole number, not '" + value.get() + "'");
        }
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return YAML.createObjectNode();
        }
        try {
            JsonNode node = YAML.readTree(InputLimits.read(file, InputLimits.YAML_FILE, file.toString()));
            return node == null || node.isMissingNode() || node.isNull() ? YAML.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw DvjException.invalid(YamlErrors.describe(file.toString(), e));
        } catch (IOException e) {
            throw DvjException.data("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
