package dev.dvj.core.testing;

import dev.dvj.core.SystemEnv;
import dev.dvj.core.api.AddCommand;
import dev.dvj.core.api.CommitCommand;
import dev.dvj.core.api.InitCommand;
import dev.dvj.core.workspace.Repository;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.StoredConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A real Git repository with dvj initialized, in a test's temp folder, with its own home folder
 * so nothing reads the developer's configuration.
 */
public final class TestRepo {
    public final Path root;
    public final SystemEnv env;

    private TestRepo(Path root, SystemEnv env) {
        this.root = root;
        this.env = env;
    }

    /** A Git repository at {@code dir/work} with dvj initialized. */
    public static TestRepo create(Path dir) throws Exception {
        TestRepo repo = gitOnly(dir);
        InitCommand.run(repo.root, repo.env, false);
        return repo;
    }

    /** An existing work tree (for example a clone), using the given environment. */
    public static TestRepo existing(Path root, SystemEnv env) throws IOException {
        return new TestRepo(root.toRealPath(), env);
    }

    /** A Git repository at {@code dir/work} without dvj. */
    public static TestRepo gitOnly(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("work")).toRealPath();
        Path home = Files.createDirectories(dir.resolve("home"));
        try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("user", null, "name", "Test User");
            config.setString("user", null, "email", "test@example.com");
            config.setBoolean("commit", null, "gpgsign", false);
            config.save();
        }
        return new TestRepo(root, env(home));
    }

    public static SystemEnv env(Path home) {
        return new SystemEnv(Map.of(), home, Clock.systemUTC(), "tester", "testhost");
    }

    public Repository open() {
        return Repository.open(root, env);
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    public Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    public String read(String relative) throws IOException {
        return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
    }

    /** Makes a file look older than the state cache's racy window, as real data usually is. */
    public void age(String relative) throws IOException {
        try (var walk = Files.walk(root.resolve(relative))) {
            for (Path p : walk.toList()) {
                Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            }
        }
    }

    /** {@code dvj add PATHS} through the API. */
    public void add(String... paths) {
        try (Repository r = open()) {
            new AddCommand(r).run(java.util.Arrays.stream(paths).map(this::path).toList(), null);
        }
    }

    /** {@code dvj commit -m MESSAGE} of every tracked output, through the API. */
    public void commit(String message) {
        try (Repository r = open()) {
            new CommitCommand(r).run(java.util.List.of(), message, false);
        }
    }

    public Git git() throws IOException {
        return Git.open(root.toFile());
    }

    public boolean staged(String path) throws IOException {
        try (Git git = git()) {
            DirCache index = git.getRepository().readDirCache();
            return index.findEntry(path) >= 0;
        }
    }

    public int commitCount() throws Exception {
        try (Git git = git()) {
            if (git.getRepository().resolve("HEAD") == null) {
                return 0;
            }
            int n = 0;
            for (var ignored : git.log().call()) {
                n++;
            }
            return n;
        }
    }
}
