package dev.dvj.core.config;

import dev.dvj.core.io.InputLimits;
import dev.dvj.core.DvjException;
import dev.dvj.core.SystemEnv;
import dev.dvj.core.io.YamlNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Layered configuration: environment ({@code DVJ_SECTION_KEY}) over {@code .dvj/config.local.yaml}
 * over {@code .dvj/config.yaml} over the user's {@code ~/.config/dvj/config.yaml}. Keys are dotted
 * paths into the YAML, e.g. {@code cache.type}.
 */
public final class Config {
    /** A layer whose file is absent or empty. */
    private static final YamlNode EMPTY = new YamlNode(Map.of(), 1);
    private final SystemEnv env;
    /** Highest precedence first; each the top-level mapping of one file. */
    private final List<YamlNode> layers;
    /** The committed project file's own layer, or null outside a repository. */
    private final YamlNode project;

    private Config(SystemEnv env, List<YamlNode> layers, YamlNode project) {
        this.env = env;
        this.layers = layers;
        this.project = project;
    }

    public static Config load(SystemEnv env, Path dvjDir) {
        List<YamlNode> layers = new ArrayList<>();
        YamlNode project = null;
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
        for (YamlNode layer : layers) {
            YamlNode node = at(layer, key);
            if (node == null || node.value() == null) {
                continue;
            }
            if (node.isScalar()) {
                return Optional.of(String.valueOf(node.value()));
            }
            if (node.asList() != null) {
                List<String> parts = new ArrayList<>();
                node.asList().forEach(n -> parts.add(String.valueOf(n.value())));
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
        YamlNode node = at(project, key);
        return node != null && node.value() != null;
    }

    /** The names of the keys directly under a section, in any layer (e.g. every remote's name). */
    public java.util.SortedSet<String> children(String section) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (YamlNode layer : layers) {
            YamlNode node = at(layer, section);
            if (node != null && node.asMap() != null) {
                names.addAll(node.asMap().keySet());
            }
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

    /** The node at a dotted key, or null when some part of the way is missing or not a mapping. */
    private static YamlNode at(YamlNode root, String dottedKey) {
        YamlNode node = root;
        for (String part : dottedKey.split("\\.")) {
            Map<String, YamlNode> map = node.asMap();
            node = map == null ? null : map.get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static YamlNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return EMPTY;
        }
        byte[] bytes;
        try {
            bytes = InputLimits.read(file, InputLimits.YAML_FILE, file.toString());
        } catch (IOException e) {
            throw DvjException.data("cannot read " + file + ": " + e.getMessage(), e);
        }
        YamlNode node = YamlNode.parse(bytes, file.toString());
        if (node.value() == null) {
            return EMPTY;
        }
        if (node.asMap() == null) {
            throw DvjException.invalid(file + ":" + node.line() + ": expected a mapping of keys (section: key: value)");
        }
        return node;
    }
}
