package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.DvjException;
import dev.dvj.core.config.Config;
import dev.dvj.core.chunk.ChunkThreshold;
import dev.dvj.core.config.ConfigFile;
import dev.dvj.core.workspace.Repository;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

@Command(name = "config", description = {"Get or set a configuration key (dotted, e.g. cache.type).",
        "Without VALUE prints the effective value (exit 1 when unset)."}, footer = {"", "Examples:",
        "  dvj config cache.type",
        "  dvj config cache.type hardlink --local",
        "  dvj config core.remote --unset"})
public final class ConfigCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "A dotted key, e.g. cache.type or remote.origin.url.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value to set; without it the key is printed.")
    String value;

    @Option(names = "--unset", description = "Remove the key from the chosen file.")
    boolean unset;

    @ArgGroup(exclusive = true)
    Where where = new Where();

    static final class Where {
        @Option(names = "--local", description = "Use .dvj/config.local.yaml (not committed; for secrets).")
        boolean local;

        @Option(names = "--global", description = "Use the user's ~/.config/dvj/config.yaml.")
        boolean global;
    }

    @Override
    public Integer call() {
        if (!key.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_.-]+)+")) {
            throw DvjException.invalid("config key '" + key + "': use a dotted name such as cache.type");
        }
        if (value == null && !unset) {
            String found;
            if (where.global) {
                found = Config.load(env(), null).get(key).orElse(null);
            } else {
                try (Repository repository = openRepository()) {
                    found = repository.config().get(key).orElse(null);
                }
            }
            if (found == null) {
                return ExitCodes.DIFFERENCES;
            }
            // A secret is not printed where a terminal, a log or a screen share would keep it.
            out().println(isSecret(key.substring(key.lastIndexOf('.') + 1)) ? "***" : found);
            return ExitCodes.OK;
        }
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        if (!where.local && !where.global && !unset && isSecret(leaf)) {
            throw DvjException.invalid(key + " is a secret: set it with --local (config.local.yaml, never committed)");
        }
        if (!where.local && !where.global && !unset && value.matches(".*://[^/@\\s]+:[^/@\\s]*@.*")) {
            throw DvjException.invalid(key + ": a URL with a password is a secret: set it with --local (config.local.yaml, never committed)");
        }
        if (!unset && key.equals("cache.chunk_threshold")) {
            ChunkThreshold.parse(key, value); // refused before it is written, as remote settings are
        }
        String section = key.substring(0, key.lastIndexOf('.'));
        if (where.global) {
            ConfigFile.edit(Config.userConfig(env()), true, root -> apply(root, section, leaf));
            return ExitCodes.OK;
        }
        try (Repository repository = openRepository()) {
            Path file = repository.dvjDir().resolve(where.local ? "config.local.yaml" : "config.yaml");
            ConfigFile.edit(file, where.local, root -> apply(root, section, leaf));
            if (!where.local) {
                repository.scm().stage(List.of(repository.relative(file)));
            }
            return ExitCodes.OK;
        }
    }

    /** Keys whose values are credentials: set only outside the committed file, never printed. */
    static boolean isSecret(String leaf) {
        return leaf.equals("secret_access_key") || leaf.equals("access_key_id") || leaf.equals("session_token");
    }

    private void apply(com.fasterxml.jackson.databind.node.ObjectNode root, String section, String leaf) {
        if (unset) {
            ConfigFile.section(root, section).remove(leaf);
        } else {
            ConfigFile.section(root, section).put(leaf, value);
        }
    }
}
