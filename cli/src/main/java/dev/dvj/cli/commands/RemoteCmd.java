package dev.dvj.cli.commands;

import dev.dvj.cli.BaseCommand;
import dev.dvj.cli.ExitCodes;
import dev.dvj.core.DvjException;
import dev.dvj.core.config.ConfigFile;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.odb.RemoteDatabases;
import dev.dvj.remote.S3Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

@Command(name = "remote", description = {"Manage the remotes data is pushed to and pulled from."}, footer = {"", "Examples:",
        "  dvj remote add -d origin ../storage",
        "  dvj remote add s3 s3://bucket/datasets",
        "  dvj remote list"},
        subcommands = {RemoteCmd.Add.class, RemoteCmd.ListRemotes.class, RemoteCmd.Remove.class, RemoteCmd.Default.class,
                RemoteCmd.Modify.class})
public final class RemoteCmd extends BaseCommand {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    static Path configFile(Repository repository, boolean local) {
        return repository.dvjDir().resolve(local ? "config.local.yaml" : "config.yaml");
    }

    /** Stages the project configuration, as init does: remotes are shared through Git. */
    static void stageProjectConfig(Repository repository) {
        repository.scm().stage(List.of(repository.relative(configFile(repository, false))));
    }

    @Command(name = "add", description = "Add a remote: a folder path (relative to the repository root) or file:///path.")
    public static final class Add extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name, e.g. origin.")
        String name;

        @Parameters(index = "1", paramLabel = "URL", description = "A folder path (relative to the repository root) or s3://bucket/prefix.")
        String url;

        @Option(names = {"-d", "--default"}, description = "Make it the default remote.")
        boolean makeDefault;

        @Option(names = "--local", description = "Write to .dvj/config.local.yaml (not committed) instead of .dvj/config.yaml.")
        boolean local;

        @Override
        public Integer call() {
            if (!NAME.matcher(name).matches()) {
                throw DvjException.invalid("remote name '" + name + "': use letters, digits, '.', '_' or '-'");
            }
            RemoteDatabases.validateUrl(url);
            try (Repository repository = openRepository()) {
                if (repository.config().get("remote." + name + ".url").isPresent()) {
                    throw DvjException.invalid("remote '" + name + "' already exists (remove it first, or pick another name)");
                }
                ConfigFile.edit(configFile(repository, local), local, root -> {
                    ConfigFile.section(root, "remote." + name).put("url", url);
                    if (makeDefault) {
                        ConfigFile.section(root, "core").put("remote", name);
                    }
                });
                if (!local) {
                    stageProjectConfig(repository);
                }
                say("added remote " + name + " -> " + url + (makeDefault ? " (default)" : ""));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", description = "List the configured remotes.")
    public static final class ListRemotes extends BaseCommand {
        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        record Listed(String name, String url, boolean isDefault) {
        }

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                String byDefault = repository.config().get("core.remote").orElse(null);
                List<Listed> remotes = new ArrayList<>();
                for (String remote : repository.config().children("remote")) {
                    remotes.add(new Listed(remote, repository.config().get("remote." + remote + ".url").orElse(""),
                            remote.equals(byDefault)));
                }
                if (json) {
                    printJson(remotes);
                } else {
                    remotes.forEach(r -> say(r.name() + "\t" + r.url() + (r.isDefault() ? "\t(default)" : "")));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "remove", description = "Remove a remote from the configuration (its data is not touched).")
    public static final class Remove extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The remote's name.")
        String name;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                if (repository.config().get("remote." + name + ".url").isEmpty()) {
                    throw DvjException.invalid("no remote named '" + name + "'");
                }
                for (boolean local : new boolean[] {false, true}) {
                    if (!configFile(repository, local).toFile().exists()) {
                        continue;
                    }
                    ConfigFile.edit(configFile(repository, local), local, root -> {
                        if (root.path("remote").isObject()) {
                            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("remote")).remove(name);
                        }
                        if (name.equals(root.path("core").path("remote").asText(null))) {
                            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("core")).remove("remote");
                        }
                    });
                }
                stageProjectConfig(repository);
                say("removed remote " + name);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "default", description = "Set the default remote.")
    public static final class Default extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The remote's name.")
        String name;

        @Option(names = "--local", description = "Write to .dvj/config.local.yaml instead of .dvj/config.yaml.")
        boolean local;

        @Override
        public Integer call() {
            try (Repository repository = openRepository()) {
                if (repository.config().get("remote." + name + ".url").isEmpty()) {
                    throw DvjException.invalid("no remote named '" + name + "'");
                }
                ConfigFile.edit(configFile(repository, local), root -> ConfigFile.section(root, "core").put("remote", name));
                if (!local) {
                    stageProjectConfig(repository);
                }
                say("default remote: " + name);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "modify", description = {"Set one setting of a remote: url, endpoint, region, profile, path_style,",
            "pack_threshold, pack_size, chunk_threshold, access_key_id or secret_access_key (the last two only with --local)."})
    public static final class Modify extends BaseCommand {
        private static final java.util.Set<String> KEYS = java.util.Set.of("url", "endpoint", "region", "profile",
                "path_style", "pack_threshold", "pack_size", "chunk_threshold", S3Settings.ACCESS_KEY, S3Settings.SECRET_KEY);

        @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name, e.g. origin.")
        String name;

        @Parameters(index = "1", paramLabel = "KEY", description = "The setting, one of those listed above.")
        String key;

        @Parameters(index = "2", paramLabel = "VALUE", description = "Its new value.")
        String value;

        @Option(names = "--local", description = "Write to .dvj/config.local.yaml (not committed): the place for secrets.")
        boolean local;

        @Override
        public Integer call() {
            if (!KEYS.contains(key)) {
                throw DvjException.invalid("unknown remote setting '" + key + "' (use one of " + new java.util.TreeSet<>(KEYS) + ")");
            }
            if (!local && (key.equals(S3Settings.ACCESS_KEY) || key.equals(S3Settings.SECRET_KEY))) {
                throw DvjException.invalid(key + " is a secret: set it with --local (config.local.yaml, never committed) "
                        + "or use the AWS credential chain or a profile");
            }
            RemoteDatabases.validateSetting(key, value);
            try (Repository repository = openRepository()) {
                if (repository.config().get("remote." + name + ".url").isEmpty()) {
                    throw DvjException.invalid("no remote named '" + name + "' (add it first with 'dvj remote add'; 'dvj remote list' shows them)");
                }
                ConfigFile.edit(configFile(repository, local), root -> ConfigFile.section(root, "remote." + name).put(key, value));
                if (!local) {
                    stageProjectConfig(repository);
                }
                boolean secret = key.equals(S3Settings.SECRET_KEY);
                say("remote " + name + ": " + key + " = " + (secret ? "(hidden)" : value));
                return ExitCodes.OK;
            }
        }
    }
}
