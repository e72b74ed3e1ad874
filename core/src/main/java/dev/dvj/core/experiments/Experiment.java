package dev.dvj.core.experiments;

import dev.dvj.core.io.YamlNode;
import dev.dvj.core.io.YamlStreams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment as its commit under {@code refs/exps/NAME} records it. The commit's parent is
 * the base commit it varies; its tree holds the params as set, {@code dvj.lock} and the files
 * the run left to Git; its message holds this record as YAML below a subject line.
 *
 * @param commit    the experiment's commit
 * @param base      the commit it started from
 * @param overrides the {@code -S} values it was run with
 * @param stages    the stages asked for (none: the whole pipeline)
 * @param exit      the failed stage's command's exit code (0 otherwise)
 * @param error     why it failed, one line, or null
 * @param stderr    the last lines the failed command wrote to stderr
 */
public record Experiment(String name, String commit, String base, Status status, Instant created,
                         List<ParamOverride> overrides, List<String> stages, int exit, String error, List<String> stderr) {

    /** QUEUED: recorded, not run yet (a run killed midway also stays queued). */
    public enum Status { QUEUED, SUCCESS, FAILED }

    private static final String SUBJECT = "dvj experiment ";

    Experiment withCommit(String id) {
        return new Experiment(name, id, base, status, created, overrides, stages, exit, error, stderr);
    }

    Experiment finished(Status outcome, int exitCode, String why, List<String> tail) {
        return new Experiment(name, commit, base, outcome, created, overrides, stages, exitCode, why, tail);
    }

    String message() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        body.put("created", created.toString());
        // FILE:KEY=VALUE, one string each: a value alone could be read back as a number and lose
        // how it was written (1e-3 as 0.001).
        body.put("params", overrides.stream().map(ParamOverride::qualified).toList());
        if (!stages.isEmpty()) {
            body.put("stages", stages);
        }
        if (error != null) {
            body.put("exit", exit);
            body.put("error", error);
            body.put("stderr", stderr);
        }
        try {
            return SUBJECT + name + " (" + status.name().toLowerCase(java.util.Locale.ROOT) + ")\n\n"
                    + new String(YamlStreams.write(body), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the record back from an experiment commit's message; null when it is not one. */
    static Experiment parse(String commit, String base, String message) {
        if (!message.startsWith(SUBJECT)) {
            return null;
        }
        int body = message.indexOf("\n\n");
        if (body < 0) {
            return null;
        }
        try {
            YamlNode root = YamlNode.parse(message.substring(body + 2).getBytes(StandardCharsets.UTF_8), "experiment " + commit);
            Map<String, YamlNode> fields = root.asMap();
            if (fields == null) {
                return null;
            }
            List<ParamOverride> overrides = new ArrayList<>();
            for (YamlNode node : list(fields.get("params"))) {
                overrides.add(ParamOverride.parseQualified(text(node)));
            }
            List<String> stages = new ArrayList<>();
            list(fields.get("stages")).forEach(n -> stages.add(text(n)));
            List<String> stderr = new ArrayList<>();
            list(fields.get("stderr")).forEach(n -> stderr.add(text(n)));
            YamlNode exit = fields.get("exit");
            return new Experiment(text(fields.get("name")), commit, base,
                    Status.valueOf(text(fields.get("status")).toUpperCase(java.util.Locale.ROOT)),
                    Instant.parse(text(fields.get("created"))), overrides, stages,
                    exit == null || !(exit.value() instanceof Number n) ? 0 : n.intValue(), text(fields.get("error")), stderr);
        } catch (RuntimeException e) { // DvjException included
            return null; // not written by dvj, or by a dvj that wrote it differently: not shown as one
        }
    }

    private static List<YamlNode> list(YamlNode node) {
        return node == null || node.asList() == null ? List.of() : node.asList();
    }

    private static String text(YamlNode node) {
        return node == null || node.value() == null ? null : String.valueOf(node.value());
    }
}
