package dev.dvj.core.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs a stage's commands with the system shell ({@code sh -c}; {@code cmd /c} on Windows), one
 * after another, stopping at the first failure. Output lines go to a listener as they come; the
 * last lines of stderr are kept for the error message.
 */
final class CommandRunner {
    static final int TAIL_LINES = 10;

    interface Lines {
        void line(String text, boolean stderr);
    }

    record Outcome(int exit, List<String> stderrTail) {
    }

    private CommandRunner() {
    }

    /** @param environment variables set for the commands besides dvj's own environment */
    static Outcome run(List<String> commands, Path workdir, java.util.Map<String, String> environment, Lines lines)
            throws IOException, InterruptedException {
        Deque<String> tail = new ArrayDeque<>();
        for (String command : commands) {
            ProcessBuilder builder = new ProcessBuilder(shell(command)).directory(workdir.toFile());
            builder.environment().putAll(environment);
            builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
            Process process = builder.start();
            Thread errors = new Thread(() -> pump(process.getErrorStream(), true, lines, tail), "dvj-stage-stderr");
            errors.start();
            pump(process.getInputStream(), false, lines, null);
            int exit = process.waitFor();
            errors.join();
            if (exit != 0) {
                synchronized (tail) {
                    return new Outcome(exit, List.copyOf(tail));
                }
            }
        }
        return new Outcome(0, List.of());
    }

    private static List<String> shell(String command) {
        return System.getProperty("os.name").startsWith("Windows") ? List.of("cmd", "/c", command) : List.of("sh", "-c", command);
    }

    private static void pump(InputStream in, boolean stderr, Lines lines, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.line(line, stderr);
                if (tail != null) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The process went away; its exit code tells the rest.
        }
    }
}
