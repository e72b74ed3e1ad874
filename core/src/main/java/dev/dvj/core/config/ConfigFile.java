package dev.dvj.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dvj.core.DvjException;
import dev.dvj.core.io.AtomicFiles;
import dev.dvj.core.io.Yaml;
import dev.dvj.core.io.YamlErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Edits one configuration file: reads it as a YAML tree, applies a change, and writes it back
 * atomically. The comment block at the top of the file (dvj's own header, or the user's) is kept;
 * comments elsewhere are not, since the YAML library does not keep them.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** Edits a file that is shared (the committed project config). */
    public static void edit(Path file, Consumer<ObjectNode> change) {
        edit(file, false, change);
    }

    /**
     * @param holdsSecrets true for config.local.yaml and the user's config, which may hold keys:
     *                     written readable by the owner only (0600)
     */
    public static void edit(Path file, boolean holdsSecrets, Consumer<ObjectNode> change) {
        try {
            String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            ObjectNode root = parse(file, text);
            change.accept(root);
            String body = root.isEmpty() ? "" : Yaml.MAPPER.writeValueAsString(root);
            if (holdsSecrets) {
                AtomicFiles.writePrivate(file, leadingComments(text) + body);
            } else {
                AtomicFiles.write(file, leadingComments(text) + body);
            }
        } catch (IOException e) {
            throw DvjException.data("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The node at a dotted path, creating the mappings along the way. */
    public static ObjectNode section(ObjectNode root, String dottedPath) {
        ObjectNode node = root;
        for (String part : dottedPath.split("\\.")) {
            JsonNode child = node.get(part);
            node = child instanceof ObjectNode object ? object : node.putObject(part);
        }
        return node;
    }

    private static ObjectNode parse(Path file, String text) {
        if (text.isBlank()) {
            return Yaml.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Yaml.MAPPER.readTree(text);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return Yaml.MAPPER.createObjectNode();
            }
            if (!(node instanceof ObjectNode object)) {
                throw DvjException.invalid(file + ": expected a mapping of keys");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw DvjException.invalid(YamlErrors.describe(file.toString(), e));
        }
    }

    private static String leadingComments(String text) {
        StringBuilder comments = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith("#")) {
                break;
            }
            comments.append(line).append('\n');
        }
        return comments.toString();
    }
}
