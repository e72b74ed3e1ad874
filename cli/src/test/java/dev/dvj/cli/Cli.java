package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dvj.core.SystemEnv;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs dvj in-process through the same factory as main, capturing output and exit code. */
public final class Cli {
    private final Path dir;
    private final SystemEnv env;

    public Cli(Path dir, SystemEnv env) {
        this.dir = dir;
        this.env = env;
    }

    public record Run(int exit, String out, String err) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    /** Runs {@code dvj -C dir ARGS}. */
    public Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("-C", dir.toString()));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    public Run runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CliFactory.create(env, new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
