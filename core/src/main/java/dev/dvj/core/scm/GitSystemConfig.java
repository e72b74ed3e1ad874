package dev.dvj.core.scm;

import dev.dvj.core.SystemEnv;
import dev.dvj.core.io.AtomicFiles;
import org.eclipse.jgit.util.FS;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the git program keeps its system-wide config ({@code /etc/gitconfig} on most Linux
 * systems), remembered per git program instead of asked on every command. To honour that file,
 * JGit runs {@code git --version} and {@code git config --system --show-origin --list} each time a
 * process first opens a repository: two process starts, about 20-30 ms of every add, commit or
 * checkout. The location is compiled into the git program, so it is asked once per program (path,
 * size and modification time), with {@code git config --system --edit} and {@code echo} as the
 * editor, which prints the path whether or not the file exists yet (an empty answer from the
 * listing would make JGit skip a file created later). The answer goes to the repository's
 * {@code .dvj/tmp/git-system-config} (dvj writes nothing outside the repository); JGit then reads
 * the file itself, as before.
 *
 * <p>Left to JGit: {@code GIT_CONFIG_SYSTEM} or {@code GIT_CONFIG_NOSYSTEM} set, no git on the
 * {@code PATH}, macOS (whose {@code /usr/bin/git} is a shim JGit resolves through a login shell),
 * Windows, or any failure to ask.
 */
public final class GitSystemConfig {
    private static final int KEEP = 8;
    private static volatile boolean applied;

    private GitSystemConfig() {
    }

    /**
     * Tells JGit the system config's location, when {@code cacheFile} knows it or git tells it;
     * once per process.
     */
    public static void useKnownLocation(SystemEnv env, Path cacheFile) {
        if (applied) {
            return;
        }
        synchronized (GitSystemConfig.class) {
            if (!applied) {
                location(env, cacheFile).ifPresent(FS.DETECTED::setGitSystemConfig);
                applied = true;
            }
        }
    }

    /** The system config's location for the git program on the env's PATH, from the cache or by asking git. */
    static Optional<File> location(SystemEnv env, Path cacheFile) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (env.variable("GIT_CONFIG_SYSTEM") != null || env.variable("GIT_CONFIG_NOSYSTEM") != null
                || os.contains("mac") || os.contains("windows")) {
            return Optional.empty();
        }
        Path git = onPath(env.variable("PATH"));
        if (git == null) {
            return Optional.empty();
        }
        String key;
        try {
            Path real = git.toRealPath();
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
            key = git + "|" + real + "|" + attrs.size() + "|" + attrs.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return Optional.empty();
        }
        List<String> lines = readLines(cacheFile);
        for (String line : lines) {
            int tab = line.indexOf('\t');
            if (tab > 0 && line.substring(0, tab).equals(key)) {
                return Optional.of(new File(line.substring(tab + 1)));
            }
        }
        String asked = ask(git);
        if (asked == null) {
            return Optional.empty();
        }
        List<String> kept = new ArrayList<>(lines.subList(Math.max(0, lines.size() - (KEEP - 1)), lines.size()));
        kept.add(key + "\t" + asked);
        try {
            Files.createDirectories(cacheFile.getParent());
            AtomicFiles.write(cacheFile, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Only a cache: next time git is asked again.
        }
        return Optional.of(new File(asked));
    }

    /** The first executable {@code git} on the PATH, as JGit looks for it. */
    private static Path onPath(String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "git");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    /** git's answer: an absolute path, or null when it cannot tell. */
    private static String ask(Path git) {
        try {
            ProcessBuilder builder = new ProcessBuilder(git.toString(), "config", "--system", "--edit")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("GIT_EDITOR", "echo");
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            String answer = new String(out, StandardCharsets.UTF_8).strip();
            return !answer.isEmpty() && !answer.contains("\n") && Path.of(answer).isAbsolute() ? answer : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }
}
